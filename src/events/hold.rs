//! The pipeline's one retry hold: events a handler could not finish now wait here to be handed
//! to it again, and the outage state of the service they need lives here too. During an outage
//! the pipeline takes no new events, and the hold lets one event through at a time as a probe
//! with capped, jittered backoff, however long the outage lasts; the first answer from the
//! service ends the outage and releases everything held. Pure: time is passed in, no I/O.
use super::Event;
use super::outcome::position;
use serde::Serialize;
use std::time::{Duration, Instant};

/// First wait before probing an unavailable service.
pub const OUTAGE_FIRST_PROBE: Duration = Duration::from_secs(1);
/// Longest wait between two probes of an unavailable service.
pub const OUTAGE_PROBE_CAP: Duration = Duration::from_secs(30);
/// Wait before an event held for a reason of its own is tried again.
pub const LATER_DELAY: Duration = Duration::from_secs(1);

/// Why an event is handed back for another try.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Retry {
    /// The service is unavailable (throttling, 5xx, unreachable, credentials refused): not this
    /// event's fault. Everything waits until the service answers again.
    Outage {
        service: &'static str,
        reason: String,
    },
    /// This event needs another try soon (e.g. ADT still lists relationships of a twin being
    /// deleted), or has to be handled again from scratch.
    Later(String),
}

/// An outage in progress.
#[derive(Debug, Clone)]
pub struct Outage {
    pub service: &'static str,
    /// The failure that started it.
    pub reason: String,
    pub since: Instant,
    probes: u32,
    next_probe: Instant,
}

/// An outage for status displays.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutageStatus {
    pub service: String,
    pub reason: String,
    /// How long it has lasted so far.
    pub seconds: f64,
}

/// An outage started or ended (for the one log line each).
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Started {
        service: &'static str,
        reason: String,
    },
    Ended {
        service: &'static str,
        after: Duration,
        held: usize,
    },
}

#[derive(Debug)]
struct Held {
    event: Event,
    due: Instant,
}

/// Events waiting for another try, and the outage state.
#[derive(Debug, Default)]
pub struct Hold {
    held: Vec<Held>,
    outage: Option<Outage>,
    /// Outages that ended, and their total length.
    pub outages: u64,
    pub outage_time: Duration,
}

/// Wait before probe number `probes` (0-based): doubling from [`OUTAGE_FIRST_PROBE`] up to
/// [`OUTAGE_PROBE_CAP`], with jitter (half to all of it) so that processes do not probe in step.
pub fn probe_delay(probes: u32) -> Duration {
    let ceiling = OUTAGE_FIRST_PROBE
        .saturating_mul(1u32 << probes.min(16))
        .min(OUTAGE_PROBE_CAP);
    ceiling.mul_f64(0.5 + rand::random::<f64>() / 2.0)
}

impl Hold {
    /// Hold `event`. Returns the change when this starts an outage.
    pub fn hold(&mut self, event: Event, why: Retry, now: Instant) -> Option<Change> {
        let mut change = None;
        if let Retry::Outage { service, reason } = why
            && self.outage.is_none()
        {
            self.outage = Some(Outage {
                service,
                reason: reason.clone(),
                since: now,
                probes: 0,
                next_probe: now + probe_delay(0),
            });
            change = Some(Change::Started { service, reason });
        }
        self.held.push(Held {
            event,
            due: now + LATER_DELAY,
        });
        change
    }

    /// The service answered: an outage in progress is over and everything held is due now.
    pub fn reachable(&mut self, now: Instant) -> Option<Change> {
        let outage = self.outage.take()?;
        let after = now.saturating_duration_since(outage.since);
        self.outages += 1;
        self.outage_time += after;
        for h in &mut self.held {
            h.due = now;
        }
        Some(Change::Ended {
            service: outage.service,
            after,
            held: self.held.len(),
        })
    }

    /// Events to hand to the handler again now, oldest first. During an outage that is one
    /// probe when its time has come (the oldest event), else nothing.
    pub fn take_due(&mut self, now: Instant) -> Vec<Event> {
        if let Some(outage) = self.outage.as_mut() {
            if now < outage.next_probe || self.held.is_empty() {
                return Vec::new();
            }
            outage.probes += 1;
            outage.next_probe = now + probe_delay(outage.probes);
            let oldest = (0..self.held.len())
                .min_by_key(|&i| position(&self.held[i].event))
                .unwrap_or(0);
            return vec![self.held.swap_remove(oldest).event];
        }
        let (due, wait): (Vec<Held>, Vec<Held>) = self.held.drain(..).partition(|h| h.due <= now);
        self.held = wait;
        sorted(due)
    }

    /// Every event held, oldest first (a stop with the service available: one last try).
    pub fn take_all(&mut self) -> Vec<Event> {
        sorted(std::mem::take(&mut self.held))
    }

    /// Forget the events of a partition another process owns now (it reads them again).
    pub fn drop_partition(&mut self, partition: &str) -> usize {
        let before = self.held.len();
        self.held
            .retain(|h| position(&h.event).partition != partition);
        before - self.held.len()
    }

    pub fn len(&self) -> usize {
        self.held.len()
    }

    pub fn is_empty(&self) -> bool {
        self.held.is_empty()
    }

    pub fn outage(&self) -> Option<&Outage> {
        self.outage.as_ref()
    }

    /// Take no new events: an outage is in progress and held events probe it. With nothing
    /// held (the probes are in flight, or what was held went elsewhere), new events are taken
    /// once per probe interval, and they probe.
    pub fn paused(&self, now: Instant) -> bool {
        self.outage
            .as_ref()
            .is_some_and(|o| !self.held.is_empty() || now < o.next_probe)
    }

    /// New events were taken during an outage: they are the probe of this interval.
    pub fn took_events(&mut self, now: Instant) {
        if let Some(o) = self.outage.as_mut()
            && now >= o.next_probe
        {
            o.probes += 1;
            o.next_probe = now + probe_delay(o.probes);
        }
    }

    /// The outage in progress, for status displays.
    pub fn status(&self, now: Instant) -> Option<OutageStatus> {
        self.outage.as_ref().map(|o| OutageStatus {
            service: o.service.to_string(),
            reason: o.reason.clone(),
            seconds: now.saturating_duration_since(o.since).as_secs_f64(),
        })
    }
}

fn sorted(held: Vec<Held>) -> Vec<Event> {
    let mut events: Vec<Event> = held.into_iter().map(|h| h.event).collect();
    events.sort_by_key(position);
    events
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(p: &str, n: i64) -> Event {
        let mut e = Event::json(&serde_json::json!({ "n": n }));
        e.partition = Some(p.into());
        e.sequence_number = Some(n);
        e
    }

    fn outage() -> Retry {
        Retry::Outage {
            service: "ADT",
            reason: "502".into(),
        }
    }

    fn seqs(events: &[Event]) -> Vec<i64> {
        events.iter().map(|e| e.sequence_number.unwrap()).collect()
    }

    #[test]
    fn an_outage_starts_once_probes_one_event_with_capped_backoff_and_ends_on_an_answer() {
        let mut h = Hold::default();
        let t0 = Instant::now();
        assert!(matches!(
            h.hold(ev("0", 3), outage(), t0),
            Some(Change::Started { .. })
        ));
        assert_eq!(h.hold(ev("0", 1), outage(), t0), None, "started once");
        assert_eq!(h.hold(ev("0", 2), Retry::Later("x".into()), t0), None);
        assert!(h.paused(t0));
        assert!(h.take_due(t0).is_empty(), "nothing before the first probe");
        // Probes: the oldest event first, then the waits grow and stay under the cap.
        let mut at = t0 + OUTAGE_FIRST_PROBE;
        let probe = h.take_due(at);
        assert_eq!(seqs(&probe), vec![1]);
        h.hold(probe.into_iter().next().unwrap(), outage(), at);
        let mut waits = Vec::new();
        for _ in 0..20 {
            at += OUTAGE_PROBE_CAP;
            let p = h.take_due(at);
            assert_eq!(p.len(), 1);
            assert!(h.take_due(at).is_empty(), "one probe at a time");
            h.hold(p.into_iter().next().unwrap(), outage(), at);
            waits.push(h.outage().unwrap().next_probe - at);
        }
        assert!(waits.iter().all(|w| *w <= OUTAGE_PROBE_CAP), "{waits:?}");
        assert!(
            waits[10..].iter().all(|w| *w >= OUTAGE_PROBE_CAP / 2),
            "capped, not shrinking: {waits:?}"
        );
        assert!(
            waits[0] < OUTAGE_PROBE_CAP / 2,
            "growing from short: {waits:?}"
        );
        let end = at + Duration::from_secs(1);
        match h.reachable(end) {
            Some(Change::Ended { after, held, .. }) => {
                assert_eq!(after, end - t0);
                assert_eq!(held, 3);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(h.reachable(end), None, "ended once");
        assert!(!h.paused(end));
        assert_eq!(
            seqs(&h.take_due(end)),
            vec![1, 2, 3],
            "all released, in order"
        );
        assert_eq!((h.outages, h.outage_time), (1, end - t0));
    }

    #[test]
    fn with_nothing_held_during_an_outage_new_events_are_taken_once_per_probe_interval() {
        let mut h = Hold::default();
        let t0 = Instant::now();
        h.hold(ev("0", 1), outage(), t0);
        let at = t0 + OUTAGE_PROBE_CAP;
        assert_eq!(h.take_due(at).len(), 1, "the probe goes out");
        assert!(h.paused(at), "the probe is in flight: wait for it");
        let later = at + OUTAGE_PROBE_CAP;
        assert!(!h.paused(later), "nothing held: new events may probe");
        h.took_events(later);
        assert!(h.paused(later), "one intake per interval");
        assert!(!h.paused(later + OUTAGE_PROBE_CAP));
    }

    #[test]
    fn events_held_for_their_own_reason_wait_a_moment_and_lost_partitions_are_dropped() {
        let mut h = Hold::default();
        let t0 = Instant::now();
        h.hold(ev("1", 5), Retry::Later("relationships".into()), t0);
        h.hold(ev("0", 4), Retry::Later("relationships".into()), t0);
        assert!(!h.paused(t0));
        assert!(h.take_due(t0).is_empty());
        h.hold(ev("0", 6), Retry::Later("x".into()), t0);
        assert_eq!(h.drop_partition("1"), 1);
        assert_eq!(seqs(&h.take_due(t0 + LATER_DELAY)), vec![4, 6]);
        assert!(h.is_empty());
    }
}

//! What the handlers of the shared pipeline report back, per event: its effect is durable
//! (done), it goes to the dead-letter file (durable once synced, then done), or it is handed
//! back to be tried again later (the pipeline's retry hold, with the outage state of the
//! service). The completion tracker behind this decides how far checkpoints may go.
use super::Event;
use super::deadletter::DeadLetters;
use super::hold::{Change, Hold, OutageStatus, Retry};
use super::tracker::{CompletionTracker, Position};
use crate::metrics::Metrics;
use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The position of an event (events from sources always carry one).
pub fn position(e: &Event) -> Position {
    Position {
        partition: e.partition.clone().unwrap_or_else(|| "0".into()),
        sequence_number: e.sequence_number.unwrap_or(-1),
        offset: e.offset.clone(),
    }
}

/// Shared completion state of one pipeline run.
pub struct Outcomes {
    pub tracker: Mutex<CompletionTracker>,
    dead: Mutex<Option<DeadLetters>>,
    dead_pending: Mutex<Vec<Position>>,
    pub dead_lettered: AtomicU64,
    pub done: AtomicU64,
    metrics: Option<Metrics>,
    /// Enqueued time (ms) of each delivered event not done yet, for the end-to-end lag.
    enqueued: Mutex<HashMap<(String, i64), i64>>,
    hold: Mutex<Hold>,
    /// An outage is in progress (a cheap check for [`Outcomes::reachable`]).
    outage: AtomicBool,
}

/// The dead-letter file could not be written: the event is NOT done (it will be redelivered).
#[derive(Debug, thiserror::Error)]
#[error("cannot write the dead-letter file {path}: {source}")]
pub struct DeadLetterError {
    pub path: String,
    pub source: std::io::Error,
}

impl Outcomes {
    pub fn new(dead: Option<DeadLetters>) -> Self {
        Self {
            tracker: Mutex::new(CompletionTracker::new()),
            dead: Mutex::new(dead),
            dead_pending: Mutex::new(Vec::new()),
            dead_lettered: AtomicU64::new(0),
            done: AtomicU64::new(0),
            metrics: None,
            enqueued: Mutex::default(),
            hold: Mutex::new(Hold::default()),
            outage: AtomicBool::new(false),
        }
    }

    /// Count received / applied / dead-lettered events and the end-to-end lag into `metrics`.
    pub fn with_metrics(mut self, metrics: Metrics) -> Self {
        self.metrics = Some(metrics);
        self
    }

    /// Events were handed to a handler.
    pub fn delivered(&self, events: &[Event]) {
        let mut t = self.tracker.lock().unwrap_or_else(|p| p.into_inner());
        for e in events {
            t.delivered(&position(e));
        }
        drop(t);
        if let Some(m) = &self.metrics {
            m.events_received(events.len());
            let mut q = self.enqueued.lock().unwrap_or_else(|p| p.into_inner());
            for e in events {
                let p = position(e);
                q.insert((p.partition, p.sequence_number), e.enqueued_ms());
            }
        }
    }

    /// The effect of these events is durable.
    pub fn done<'a>(&self, positions: impl IntoIterator<Item = &'a Position>) {
        self.complete(positions, true);
    }

    fn complete<'a>(&self, positions: impl IntoIterator<Item = &'a Position>, applied: bool) {
        let mut t = self.tracker.lock().unwrap_or_else(|p| p.into_inner());
        let mut q = self
            .metrics
            .as_ref()
            .map(|_| self.enqueued.lock().unwrap_or_else(|p| p.into_inner()));
        let now_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64);
        for p in positions {
            t.done(p);
            self.done.fetch_add(1, Ordering::Relaxed);
            if let (Some(m), Some(q)) = (&self.metrics, q.as_mut()) {
                let enq = q.remove(&(p.partition.clone(), p.sequence_number));
                if applied {
                    let lag = enq.filter(|ms| *ms > 0).map(|ms| {
                        std::time::Duration::from_millis(now_ms.saturating_sub(ms).max(0) as u64)
                    });
                    m.event_applied(lag);
                }
            }
        }
    }

    /// Write a dead letter; it counts as done after [`Outcomes::sync_dead_letters`].
    pub fn dead_letter(
        &self,
        event: &Event,
        reason: &str,
        stage: &str,
    ) -> Result<(), DeadLetterError> {
        let mut dead = self.dead.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(d) = dead.as_mut() {
            d.write(event, reason, stage)
                .map_err(|source| DeadLetterError {
                    path: d.path().display().to_string(),
                    source,
                })?;
        }
        tracing::info!(stage, reason, partition = ?event.partition, sequence = ?event.sequence_number, "dead-lettered an event");
        self.dead_lettered.fetch_add(1, Ordering::Relaxed);
        if let Some(m) = &self.metrics {
            m.event_dead_lettered(stage);
        }
        self.dead_pending
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(position(event));
        Ok(())
    }

    /// Sync the dead-letter file, then mark what it holds as done.
    pub fn sync_dead_letters(&self) -> Result<(), DeadLetterError> {
        let pending: Vec<Position> =
            std::mem::take(&mut *self.dead_pending.lock().unwrap_or_else(|p| p.into_inner()));
        if pending.is_empty() {
            return Ok(());
        }
        {
            let mut dead = self.dead.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(d) = dead.as_mut()
                && let Err(source) = d.sync()
            {
                let path = d.path().display().to_string();
                drop(dead);
                self.dead_pending
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .extend(pending);
                return Err(DeadLetterError { path, source });
            }
        }
        self.complete(pending.iter(), false);
        Ok(())
    }

    /// Hand an event back to be tried again later: held by the pipeline, which gives it to the
    /// handler again (see [`super::hold`]). An event that is no longer outstanding (its
    /// partition went to another process meanwhile) is dropped: its new owner reads it again.
    pub fn retry_later(&self, event: Event, why: Retry) {
        let outstanding = self
            .tracker
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_outstanding(&position(&event));
        if !outstanding {
            return;
        }
        let change = {
            let mut hold = self.hold.lock().unwrap_or_else(|p| p.into_inner());
            let change = hold.hold(event, why, Instant::now());
            self.outage
                .store(hold.outage().is_some(), Ordering::Relaxed);
            change
        };
        if let Some(Change::Started { service, reason }) = change {
            tracing::warn!(
                "{service} unavailable: {reason}; holding events (nothing is dead-lettered for \
                 this) and trying again with backoff up to {}s until it answers",
                super::hold::OUTAGE_PROBE_CAP.as_secs()
            );
        }
    }

    /// The service answered (a success, or a refusal that belongs to one request): an outage
    /// in progress is over.
    pub fn reachable(&self) {
        if !self.outage.load(Ordering::Relaxed) {
            return;
        }
        let change = {
            let mut hold = self.hold.lock().unwrap_or_else(|p| p.into_inner());
            let change = hold.reachable(Instant::now());
            self.outage.store(false, Ordering::Relaxed);
            change
        };
        if let Some(Change::Ended {
            service,
            after,
            held,
        }) = change
        {
            tracing::warn!(
                "{service} available again after {:.1}s; {held} held event(s) go out again",
                after.as_secs_f64()
            );
        }
    }

    /// Held events due for another try now (during an outage: one probe when it is time).
    pub fn take_due(&self) -> Vec<Event> {
        self.hold
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take_due(Instant::now())
    }

    /// Every held event (a last try before stopping).
    pub fn take_held(&self) -> Vec<Event> {
        self.hold
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take_all()
    }

    /// Events held for another try.
    pub fn held(&self) -> usize {
        self.hold.lock().unwrap_or_else(|p| p.into_inner()).len()
    }

    /// An outage is in progress.
    pub fn in_outage(&self) -> bool {
        self.outage.load(Ordering::Relaxed)
    }

    /// Take no new events now (an outage is in progress and held events probe it).
    pub fn paused(&self) -> bool {
        self.in_outage()
            && self
                .hold
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .paused(Instant::now())
    }

    /// New events were taken (during an outage they are the probe of this interval).
    pub fn took_events(&self) {
        if self.in_outage() {
            self.hold
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .took_events(Instant::now());
        }
    }

    /// The outage in progress, and (count, total length) of those that ended.
    pub fn outage_status(&self) -> (Option<OutageStatus>, u64, Duration) {
        let h = self.hold.lock().unwrap_or_else(|p| p.into_inner());
        (h.status(Instant::now()), h.outages, h.outage_time)
    }

    /// A partition went to another process: forget what is held and tracked of it.
    pub fn partition_lost(&self, partition: &str) {
        self.hold
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .drop_partition(partition);
        self.tracker
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .forget(partition);
    }

    /// Path of the dead-letter file, if any.
    pub fn dead_letter_path(&self) -> Option<String> {
        self.dead
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            .map(|d| d.path().display().to_string())
    }
}

//! The pipeline's published status as metrics: partitions owned, per-partition lag and
//! checkpoint age, work in flight, checkpoints written; and readiness once the first ownership
//! round is done.
use crate::events::pipeline::Status;
use crate::metrics::Metrics;
use std::collections::HashMap;
use std::time::{Duration, Instant};
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// When each partition's checkpoint last moved.
#[derive(Default)]
struct Ages {
    moved: HashMap<String, (Option<i64>, Instant)>,
    written: u64,
}

fn apply(m: &Metrics, st: &Status, ages: &mut Ages, now: Instant) {
    let i = m.inner();
    let owned = st.partitions.values().filter(|p| !p.ended).count();
    i.partitions_owned.set(owned as i64);
    i.in_flight.set(st.outstanding as i64);
    i.checkpoints_written
        .inc_by(st.checkpoints_written.saturating_sub(ages.written));
    ages.written = ages.written.max(st.checkpoints_written);
    ages.moved.retain(|p, _| {
        let keep = st.partitions.contains_key(p);
        if !keep {
            let labels = vec![("partition", p.clone())];
            i.partition_lag.remove(&labels);
            i.checkpoint_age.remove(&labels);
        }
        keep
    });
    for (p, ps) in &st.partitions {
        let labels = vec![("partition", p.clone())];
        if let Some(lag) = ps.lag() {
            i.partition_lag.get_or_create(&labels).set(lag);
        }
        let entry = ages.moved.entry(p.clone()).or_insert((ps.checkpoint, now));
        if entry.0 != ps.checkpoint {
            *entry = (ps.checkpoint, now);
        }
        let behind = match (ps.delivered, ps.checkpoint) {
            (Some(d), Some(c)) => d > c,
            (Some(_), None) => true,
            _ => false,
        };
        let age = if behind {
            now.saturating_duration_since(entry.1).as_secs_f64()
        } else {
            0.0
        };
        i.checkpoint_age.get_or_create(&labels).set(age);
    }
}

/// Follow the pipeline's status until it ends; mark the first ownership round done on the
/// first status it publishes.
pub fn track_pipeline(metrics: Metrics, mut rx: watch::Receiver<Status>) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut ages = Ages::default();
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        let mut first = true;
        loop {
            tokio::select! {
                changed = rx.changed() => {
                    if changed.is_err() { break; }
                    if first {
                        metrics.readiness().first_round_done();
                        first = false;
                    }
                }
                _ = tick.tick() => {}
            }
            let st = rx.borrow_and_update().clone();
            apply(&metrics, &st, &mut ages, Instant::now());
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::pipeline::PartitionStatus;

    #[test]
    fn checkpoint_age_grows_only_while_delivered_events_wait() {
        let m = Metrics::new();
        let mut ages = Ages::default();
        let t0 = Instant::now();
        let mut st = Status::default();
        st.partitions.insert(
            "0".into(),
            PartitionStatus {
                delivered: Some(10),
                checkpoint: Some(5),
                last_enqueued: Some(12),
                ended: false,
            },
        );
        st.checkpoints_written = 3;
        apply(&m, &st, &mut ages, t0);
        apply(&m, &st, &mut ages, t0 + Duration::from_secs(4));
        let text = m.render(false);
        assert!(
            text.contains("twinbridge_checkpoint_age_seconds{partition=\"0\"} 4"),
            "{text}"
        );
        assert!(
            text.contains("twinbridge_partition_lag_events{partition=\"0\"} 2"),
            "{text}"
        );
        assert!(text.contains("twinbridge_partitions_owned 1"), "{text}");
        assert!(
            text.contains("twinbridge_checkpoints_written_total 3"),
            "{text}"
        );
        st.partitions.get_mut("0").unwrap().checkpoint = Some(10);
        apply(&m, &st, &mut ages, t0 + Duration::from_secs(9));
        assert!(
            m.render(false)
                .contains("twinbridge_checkpoint_age_seconds{partition=\"0\"} 0")
        );
        st.partitions.clear();
        apply(&m, &st, &mut ages, t0 + Duration::from_secs(10));
        assert!(!m.render(false).contains("partition=\"0\""));
    }
}

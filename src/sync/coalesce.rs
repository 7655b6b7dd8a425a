//! Per-twin coalescing: within a flush interval keep only the latest value per twin and path
//! (ordered by enqueued time, then sequence number) and send one PATCH per twin, never more
//! often than the per-twin write limit allows. Every contributing event is remembered so it is
//! marked done only when the PATCH that carries its effect succeeded (or was dead-lettered).
use super::mapping::{Op, PropertyUpdate};
use crate::adt::PatchOp;
use crate::events::tracker::Position;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

/// Order of updates to the same path: enqueued time (ms), then partition and sequence number.
pub type OrderKey = (i64, String, i64);

#[derive(Debug, Default)]
struct Pending {
    updates: BTreeMap<String, (OrderKey, PropertyUpdate)>,
    events: Vec<Position>,
}

/// One PATCH ready to send.
#[derive(Debug, Clone)]
pub struct TwinPatch {
    pub twin: String,
    pub ops: Vec<PatchOp>,
    /// The updates, kept so a transient failure can put them back.
    pub updates: Vec<(OrderKey, PropertyUpdate)>,
    /// Events whose effect this patch carries.
    pub events: Vec<Position>,
}

/// The coalescer.
#[derive(Debug)]
pub struct Coalescer {
    pending: HashMap<String, Pending>,
    last_sent: HashMap<String, Instant>,
    min_interval: Duration,
}

/// The `$metadata/<prop>/sourceTime` path of a property path (`/a` or `/comp/a`).
pub fn source_time_path(path: &str) -> String {
    match path.rsplit_once('/') {
        Some(("", prop)) => format!("/$metadata/{prop}/sourceTime"),
        Some((parent, prop)) => format!("{parent}/$metadata/{prop}/sourceTime"),
        None => format!("/$metadata/{path}/sourceTime"),
    }
}

impl Coalescer {
    /// `min_interval`: the least time between two patches of one twin (100 ms = 10 writes/s).
    pub fn new(min_interval: Duration) -> Self {
        Self {
            pending: HashMap::new(),
            last_sent: HashMap::new(),
            min_interval,
        }
    }

    /// Add an event's updates (an event with no updates still needs its position remembered).
    pub fn add(&mut self, twin: &str, updates: Vec<PropertyUpdate>, key: OrderKey, pos: Position) {
        let p = self.pending.entry(twin.to_string()).or_default();
        for u in updates {
            let newer = p.updates.get(&u.path).is_none_or(|(k, _)| *k <= key);
            if newer {
                p.updates.insert(u.path.clone(), (key.clone(), u));
            }
        }
        p.events.push(pos);
    }

    /// Put back a patch that failed transiently; values that arrived meanwhile stay newer.
    pub fn requeue(&mut self, patch: TwinPatch) {
        let p = self.pending.entry(patch.twin.clone()).or_default();
        for (key, u) in patch.updates {
            if p.updates.get(&u.path).is_none_or(|(k, _)| *k < key) {
                p.updates.insert(u.path.clone(), (key, u));
            }
        }
        p.events.extend(patch.events);
    }

    /// Twins waiting.
    pub fn len(&self) -> usize {
        self.pending.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    /// Events waiting.
    pub fn pending_events(&self) -> usize {
        self.pending.values().map(|p| p.events.len()).sum()
    }

    /// Patches for every twin allowed to be written now.
    pub fn drain_ready(&mut self, now: Instant) -> Vec<TwinPatch> {
        let ready: Vec<String> = self
            .pending
            .keys()
            .filter(|t| {
                self.last_sent
                    .get(*t)
                    .is_none_or(|at| now.duration_since(*at) >= self.min_interval)
            })
            .cloned()
            .collect();
        if self.last_sent.len() > 100_000 {
            let keep = self.min_interval;
            self.last_sent
                .retain(|_, at| now.duration_since(*at) < keep);
        }
        ready
            .into_iter()
            .filter_map(|twin| {
                let p = self.pending.remove(&twin)?;
                let updates: Vec<(OrderKey, PropertyUpdate)> = p.updates.into_values().collect();
                let mut ops = Vec::new();
                for (_, u) in &updates {
                    ops.push(match u.op {
                        Op::Add => PatchOp::add(u.path.clone(), u.value.clone()),
                        Op::Replace => PatchOp::replace(u.path.clone(), u.value.clone()),
                    });
                    if let Some(st) = &u.source_time {
                        ops.push(PatchOp::add(
                            source_time_path(&u.path),
                            Value::String(st.clone()),
                        ));
                    }
                }
                if !ops.is_empty() {
                    self.last_sent.insert(twin.clone(), now);
                }
                Some(TwinPatch {
                    twin,
                    ops,
                    updates,
                    events: p.events,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn upd(path: &str, v: f64) -> PropertyUpdate {
        PropertyUpdate {
            path: path.into(),
            value: json!(v),
            op: Op::Add,
            source_time: None,
        }
    }

    fn pos(n: i64) -> Position {
        Position {
            partition: "0".into(),
            sequence_number: n,
            offset: None,
        }
    }

    #[test]
    fn latest_value_per_path_wins_one_patch_per_twin() {
        let mut c = Coalescer::new(Duration::from_millis(100));
        for n in 0..100 {
            c.add(
                &format!("t{}", n % 10),
                vec![upd("/Temperature", n as f64)],
                (1000 + n, "0".into(), n),
                pos(n),
            );
        }
        // an older event arriving late must not overwrite a newer value
        c.add(
            "t3",
            vec![upd("/Temperature", -1.0)],
            (500, "1".into(), 0),
            pos(1000),
        );
        let patches = c.drain_ready(Instant::now());
        assert_eq!(patches.len(), 10);
        let t3 = patches.iter().find(|p| p.twin == "t3").unwrap();
        assert_eq!(t3.ops, vec![PatchOp::add("/Temperature", json!(93.0))]);
        assert_eq!(t3.events.len(), 11);
        assert!(c.is_empty());
    }

    #[test]
    fn per_twin_rate_is_respected_and_requeue_keeps_newer_values() {
        let mut c = Coalescer::new(Duration::from_millis(100));
        let t0 = Instant::now();
        c.add("t", vec![upd("/a", 1.0)], (1, "0".into(), 1), pos(1));
        let first = c.drain_ready(t0);
        assert_eq!(first.len(), 1);
        c.add("t", vec![upd("/a", 2.0)], (2, "0".into(), 2), pos(2));
        assert!(
            c.drain_ready(t0 + Duration::from_millis(50)).is_empty(),
            "too soon for this twin"
        );
        c.requeue(first.into_iter().next().unwrap());
        let again = c.drain_ready(t0 + Duration::from_millis(150));
        assert_eq!(
            again[0].ops,
            vec![PatchOp::add("/a", json!(2.0))],
            "the failed older value did not win"
        );
        assert_eq!(again[0].events.len(), 2);
    }

    #[test]
    fn source_time_paths() {
        assert_eq!(
            source_time_path("/Temperature"),
            "/$metadata/Temperature/sourceTime"
        );
        assert_eq!(
            source_time_path("/fan/rpm"),
            "/fan/$metadata/rpm/sourceTime"
        );
    }
}

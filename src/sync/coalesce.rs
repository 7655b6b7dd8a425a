//! Per-twin coalescing and write order: within a flush interval keep only the newest value per
//! twin and path (ordered by enqueued time, then partition and sequence number) and send one
//! PATCH per twin, never more often than the per-twin write limit allows and never two at once
//! for one twin. The order key last written per twin and path is kept, so an older value (a late
//! event, a held-back retry) is never sent after a newer one. A value whose PATCH failed without
//! an answer may have been applied all the same: until it is written, refused or superseded (or
//! [`DOUBT_TTL`] passed), older values of its path wait. What came from a partition another
//! process owns now is forgotten, and is not written. Each slot remembers the events waiting on
//! it, so an event is done only when the value that carries or supersedes its own is durable.
//! Pure: no I/O.
use super::mapping::{Op, PropertyUpdate};
use crate::adt::PatchOp;
use crate::events::tracker::Position;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::{Duration, Instant};

/// Order of updates to the same path: enqueued time (ms), then partition and sequence number.
pub type OrderKey = (i64, String, i64);

/// Longest that older values of a path wait behind a value whose write is in doubt (its event
/// normally comes back from the pipeline's hold well within this).
pub const DOUBT_TTL: Duration = Duration::from_secs(120);

/// The newest pending value of one twin path, and the events waiting on it.
#[derive(Debug, Clone)]
pub struct Slot {
    pub key: OrderKey,
    pub update: PropertyUpdate,
    /// Events whose value for this path is this one or an older one (it may list one twice).
    pub events: Vec<Position>,
}

impl Slot {
    /// The ops that write this value (and its source time).
    pub fn ops(&self) -> Vec<PatchOp> {
        let u = &self.update;
        let mut ops = vec![match u.op {
            Op::Add => PatchOp::add(u.path.clone(), u.value.clone()),
            Op::Replace => PatchOp::replace(u.path.clone(), u.value.clone()),
        }];
        if let Some(st) = &u.source_time {
            ops.push(PatchOp::add(
                source_time_path(&u.path),
                Value::String(st.clone()),
            ));
        }
        ops
    }

    /// The partition the value came from.
    pub fn partition(&self) -> &str {
        &self.key.1
    }
}

/// One PATCH ready to send.
#[derive(Debug, Clone)]
pub struct TwinPatch {
    pub twin: String,
    pub slots: Vec<Slot>,
    /// Ownership epoch when it was drained: a partition lost after it no longer writes.
    pub epoch: u64,
}

impl TwinPatch {
    /// The JSON Patch of every slot.
    pub fn ops(&self) -> Vec<PatchOp> {
        self.slots.iter().flat_map(Slot::ops).collect()
    }

    /// The events whose effect this patch carries, each once.
    pub fn events(&self) -> Vec<Position> {
        distinct(self.slots.iter().flat_map(|s| s.events.iter()))
    }
}

/// What [`Coalescer::drain_ready`] gives.
#[derive(Debug, Default)]
pub struct Drained {
    pub patches: Vec<TwinPatch>,
    /// Events done without a write: a newer value of their paths is already durable.
    pub superseded: Vec<Position>,
}

/// The coalescer.
#[derive(Debug)]
pub struct Coalescer {
    pending: HashMap<String, BTreeMap<String, Slot>>,
    last_sent: HashMap<String, Instant>,
    /// Twins with a PATCH in flight (one at a time per twin keeps their order).
    in_flight: HashSet<String>,
    /// Per twin and path, the order key of the newest value known to be written.
    written: HashMap<String, HashMap<String, OrderKey>>,
    /// Per twin and path, values sent without an answer (maybe written) and when: the newest
    /// of each partition (a lost partition's go, the others' still count).
    doubt: HashMap<String, HashMap<String, Vec<(OrderKey, Instant)>>>,
    /// Bumped whenever a partition is lost; `lost_at` says when each one last was.
    epoch: u64,
    lost_at: HashMap<String, u64>,
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

fn distinct<'a>(positions: impl Iterator<Item = &'a Position>) -> Vec<Position> {
    let mut seen = HashSet::new();
    positions
        .filter(|p| seen.insert((p.partition.as_str(), p.sequence_number)))
        .cloned()
        .collect()
}

impl Coalescer {
    /// `min_interval`: the least time between two patches of one twin (100 ms = 10 writes/s).
    pub fn new(min_interval: Duration) -> Self {
        Self {
            pending: HashMap::new(),
            last_sent: HashMap::new(),
            in_flight: HashSet::new(),
            written: HashMap::new(),
            doubt: HashMap::new(),
            epoch: 0,
            lost_at: HashMap::new(),
            min_interval,
        }
    }

    /// Add an event's updates. Returns whether the event now waits on a slot; when it does
    /// not, a newer value of each of its paths is already written and the event is done.
    pub fn add(
        &mut self,
        twin: &str,
        updates: Vec<PropertyUpdate>,
        key: OrderKey,
        pos: Position,
    ) -> bool {
        let written = self.written.get(twin);
        let mut waits = false;
        for u in updates {
            if written
                .and_then(|w| w.get(&u.path))
                .is_some_and(|k| *k >= key)
            {
                continue;
            }
            let slots = self.pending.entry(twin.to_string()).or_default();
            match slots.get_mut(&u.path) {
                Some(slot) => {
                    if slot.key <= key {
                        slot.key = key.clone();
                        slot.update = u;
                    }
                    slot.events.push(pos.clone());
                }
                None => {
                    slots.insert(
                        u.path.clone(),
                        Slot {
                            key: key.clone(),
                            update: u,
                            events: vec![pos.clone()],
                        },
                    );
                }
            }
            waits = true;
        }
        waits
    }

    /// Twins waiting.
    pub fn len(&self) -> usize {
        self.pending.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    /// Events waiting (not counting those in flight).
    pub fn pending_events(&self) -> usize {
        self.pending
            .values()
            .map(|slots| distinct(slots.values().flat_map(|s| s.events.iter())).len())
            .sum()
    }

    /// Patches for every twin allowed to be written now (not in flight, not too soon). The
    /// twins drained are in flight until [`Coalescer::finished`].
    pub fn drain_ready(&mut self, now: Instant) -> Drained {
        let ready: Vec<String> = self
            .pending
            .keys()
            .filter(|t| {
                !self.in_flight.contains(*t)
                    && self
                        .last_sent
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
        self.doubt.retain(|_, paths| {
            paths.retain(|_, keys| {
                keys.retain(|(_, at)| now.duration_since(*at) < DOUBT_TTL);
                !keys.is_empty()
            });
            !paths.is_empty()
        });
        let mut drained = Drained::default();
        for twin in ready {
            let Some(slots) = self.pending.remove(&twin) else {
                continue;
            };
            let written = self.written.get(&twin);
            let doubt = self.doubt.get(&twin);
            let behind_doubt = slots.values().any(|s| {
                let path = &s.update.path;
                let superseded = written
                    .and_then(|w| w.get(path))
                    .is_some_and(|k| *k >= s.key);
                !superseded
                    && doubt
                        .and_then(|d| d.get(path))
                        .is_some_and(|keys| keys.iter().any(|(k, _)| *k > s.key))
            });
            if behind_doubt {
                // The whole twin waits (an event's slots always go out together).
                self.pending.insert(twin, slots);
                continue;
            }
            let (keep, stale): (Vec<Slot>, Vec<Slot>) = slots.into_values().partition(|s| {
                written
                    .and_then(|w| w.get(&s.update.path))
                    .is_none_or(|k| *k < s.key)
            });
            let waiting: HashSet<(&str, i64)> = keep
                .iter()
                .flat_map(|s| s.events.iter())
                .map(|p| (p.partition.as_str(), p.sequence_number))
                .collect();
            drained.superseded.extend(
                distinct(stale.iter().flat_map(|s| s.events.iter()))
                    .into_iter()
                    .filter(|p| !waiting.contains(&(p.partition.as_str(), p.sequence_number))),
            );
            if keep.is_empty() {
                continue;
            }
            self.in_flight.insert(twin.clone());
            self.last_sent.insert(twin.clone(), now);
            drained.patches.push(TwinPatch {
                twin,
                slots: keep,
                epoch: self.epoch,
            });
        }
        drained
    }

    /// Has `partition` been lost since `epoch`?
    pub fn lost_since(&self, partition: &str, epoch: u64) -> bool {
        self.lost_at.get(partition).is_some_and(|at| *at > epoch)
    }

    /// A slot of `patch` was written (also when its partition was lost meanwhile: the value is
    /// in ADT all the same, and nothing older may go out over it).
    pub fn written(&mut self, patch: &TwinPatch, slot: &Slot) {
        self.settle(patch, slot);
        let paths = self.written.entry(patch.twin.clone()).or_default();
        match paths.get_mut(&slot.update.path) {
            Some(k) if *k >= slot.key => {}
            Some(k) => *k = slot.key.clone(),
            None => {
                paths.insert(slot.update.path.clone(), slot.key.clone());
            }
        }
    }

    /// A slot of `patch` was refused: it was not applied, nothing waits on it.
    pub fn refused(&mut self, patch: &TwinPatch, slot: &Slot) {
        self.settle(patch, slot);
    }

    /// A slot of `patch` was sent without an answer: it may have been applied, so older
    /// values of its path wait until it is settled.
    pub fn in_doubt(&mut self, patch: &TwinPatch, slot: &Slot, now: Instant) {
        if self.lost_since(slot.partition(), patch.epoch) {
            return;
        }
        let keys = self
            .doubt
            .entry(patch.twin.clone())
            .or_default()
            .entry(slot.update.path.clone())
            .or_default();
        match keys.iter_mut().find(|(k, _)| k.1 == slot.key.1) {
            Some((k, _)) if *k > slot.key => {}
            Some(entry) => *entry = (slot.key.clone(), now),
            None => keys.push((slot.key.clone(), now)),
        }
    }

    /// Doubts at or below this slot's value are settled.
    fn settle(&mut self, patch: &TwinPatch, slot: &Slot) {
        if let Some(paths) = self.doubt.get_mut(&patch.twin) {
            if let Some(keys) = paths.get_mut(&slot.update.path) {
                keys.retain(|(k, _)| *k > slot.key);
                if keys.is_empty() {
                    paths.remove(&slot.update.path);
                }
            }
            if paths.is_empty() {
                self.doubt.remove(&patch.twin);
            }
        }
    }

    /// The PATCH of `twin` is over (whatever its outcome): the twin may be drained again.
    pub fn finished(&mut self, twin: &str) {
        self.in_flight.remove(twin);
    }

    /// Before sending `patch`: take out the slots whose value came from a partition lost since
    /// it was drained, and the events of such partitions. Returns the events done by this: a
    /// newer value of their path came from the lost partition, and its new owner writes it.
    pub fn prune_lost(&self, patch: &mut TwinPatch) -> Vec<Position> {
        let epoch = patch.epoch;
        let (keep, gone): (Vec<Slot>, Vec<Slot>) = std::mem::take(&mut patch.slots)
            .into_iter()
            .partition(|s| !self.lost_since(s.partition(), epoch));
        patch.slots = keep;
        for s in &mut patch.slots {
            s.events.retain(|p| !self.lost_since(&p.partition, epoch));
        }
        let waiting: HashSet<(String, i64)> = patch
            .slots
            .iter()
            .flat_map(|s| s.events.iter())
            .map(|p| (p.partition.clone(), p.sequence_number))
            .collect();
        distinct(gone.iter().flat_map(|s| s.events.iter()))
            .into_iter()
            .filter(|p| !self.lost_since(&p.partition, epoch))
            .filter(|p| !waiting.contains(&(p.partition.clone(), p.sequence_number)))
            .collect()
    }

    /// Another process owns `partition` now: forget its pending values and events, so nothing
    /// of it is sent from here (and its values in doubt: their events are its new owner's).
    /// Returns the events of other partitions that this leaves done (their value was superseded
    /// by one of the lost partition's, which its new owner writes).
    pub fn drop_partition(&mut self, partition: &str) -> Vec<Position> {
        self.epoch += 1;
        self.lost_at.insert(partition.to_string(), self.epoch);
        let mut done = Vec::new();
        let twins: Vec<String> = self.pending.keys().cloned().collect();
        for twin in twins {
            let Some(slots) = self.pending.remove(&twin) else {
                continue;
            };
            let mut patch = TwinPatch {
                twin: twin.clone(),
                slots: slots.into_values().collect(),
                epoch: self.epoch - 1,
            };
            done.extend(self.prune_lost(&mut patch));
            if !patch.slots.is_empty() {
                self.pending.insert(
                    twin,
                    patch
                        .slots
                        .into_iter()
                        .map(|s| (s.update.path.clone(), s))
                        .collect(),
                );
            }
        }
        // What was written from it stays known: an older value from another partition must
        // still not go out over it (its new owner does not write it again).
        self.doubt.retain(|_, paths| {
            paths.retain(|_, keys| {
                keys.retain(|(k, _)| k.1 != partition);
                !keys.is_empty()
            });
            !paths.is_empty()
        });
        done
    }
}

#[cfg(test)]
mod tests;

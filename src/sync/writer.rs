//! The writer: sends the coalescer's patches through a [`TwinStore`] and reports each event's
//! outcome. A PATCH that ADT refuses for its content (400, 413) while it merges several paths is
//! split into one PATCH per path and resent, so only the events behind a refused path are
//! dead-lettered; an outage (throttling, 5xx, unreachable) hands the events back to the
//! pipeline's hold, never to the dead-letter file. Network I/O only through the store.
use super::coalesce::{Coalescer, OrderKey, Slot, TwinPatch};
use super::mapping::PropertyUpdate;
use crate::adt::{AdtClient, AdtError, PatchOp};
use crate::events::Event;
use crate::events::hold::Retry;
use crate::events::outcome::{DeadLetterError, Outcomes, position};
use crate::events::tracker::Position;
use futures::StreamExt;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Where twin patches go (ADT; an in-memory fake in tests).
#[async_trait::async_trait]
pub trait TwinStore: Send + Sync {
    /// Apply a JSON Patch to a twin.
    async fn patch_twin(&self, twin: &str, ops: &[PatchOp]) -> Result<(), AdtError>;
}

#[async_trait::async_trait]
impl TwinStore for AdtClient {
    async fn patch_twin(&self, twin: &str, ops: &[PatchOp]) -> Result<(), AdtError> {
        AdtClient::patch_twin(self, twin, ops, None)
            .await
            .map(|_| ())
    }
}

/// What one flush did.
#[derive(Debug, Default)]
pub struct FlushReport {
    /// PATCH requests that succeeded.
    pub patches: u64,
    /// Events whose value went out in them.
    pub patched_events: u64,
    /// Patches that met an outage.
    pub unavailable: u64,
    /// Twins that refused a value (their cached model may be stale).
    pub refused_twins: Vec<String>,
}

/// How one slot of a patch ended.
#[derive(Debug, Clone)]
enum SlotResult {
    Written,
    Refused(String),
    Unavailable(String),
    /// Its partition went to another process before it was sent.
    Lost,
}

/// Which outcome wins when an event waits on several slots: an outage (it is tried again, and
/// a refusal of another of its paths is found again then, once the rest is settled), then a
/// refusal (dead-lettered).
fn rank(r: &SlotResult) -> u8 {
    match r {
        SlotResult::Unavailable(_) => 3,
        SlotResult::Refused(_) => 2,
        SlotResult::Written | SlotResult::Lost => 1,
    }
}

/// A patch after sending: how each slot ended, and whether it went out split.
struct Sent {
    patch: TwinPatch,
    results: Vec<SlotResult>,
    split: bool,
}

type EventKey = (String, i64);

fn event_key(p: &Position) -> EventKey {
    (p.partition.clone(), p.sequence_number)
}

/// The writer.
pub struct Writer {
    store: Arc<dyn TwinStore>,
    coalescer: Mutex<Coalescer>,
    /// The events waiting in the coalescer or in flight (to dead-letter or hand back).
    carried: Mutex<HashMap<EventKey, Arc<Event>>>,
}

impl Writer {
    /// `min_interval`: the least time between two patches of one twin.
    pub fn new(store: Arc<dyn TwinStore>, min_interval: Duration) -> Self {
        Self {
            store,
            coalescer: Mutex::new(Coalescer::new(min_interval)),
            carried: Mutex::default(),
        }
    }

    fn coalescer(&self) -> std::sync::MutexGuard<'_, Coalescer> {
        self.coalescer.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn carried(&self) -> std::sync::MutexGuard<'_, HashMap<EventKey, Arc<Event>>> {
        self.carried.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Take an event's updates of `twin` (ordered by `key`). An event whose every value is
    /// older than one already written is done at once.
    pub fn add(
        &self,
        twin: &str,
        updates: Vec<PropertyUpdate>,
        key: OrderKey,
        event: Event,
        out: &Outcomes,
    ) {
        let pos = position(&event);
        // Carried before it can be drained, so a flush running now finds it.
        self.carried().insert(event_key(&pos), Arc::new(event));
        if !self.coalescer().add(twin, updates, key, pos.clone()) {
            self.carried().remove(&event_key(&pos));
            out.done([&pos]);
        }
    }

    /// Events waiting to be sent.
    pub fn pending_events(&self) -> usize {
        self.coalescer().pending_events()
    }

    /// Another process owns `partition` now: nothing of it is written from here any more.
    pub fn drop_partition(&self, partition: &str, out: &Outcomes) {
        let done = self.coalescer().drop_partition(partition);
        self.forget(&done);
        self.carried().retain(|(p, _), _| p != partition);
        out.done(done.iter());
    }

    fn forget(&self, positions: &[Position]) {
        let mut carried = self.carried();
        for p in positions {
            carried.remove(&event_key(p));
        }
    }

    /// Send every patch that may go now, `concurrency` at a time, and report the outcomes.
    pub async fn flush(
        &self,
        out: &Outcomes,
        concurrency: usize,
    ) -> Result<FlushReport, DeadLetterError> {
        let drained = self.coalescer().drain_ready(Instant::now());
        self.forget(&drained.superseded);
        out.done(drained.superseded.iter());
        let mut report = FlushReport::default();
        if drained.patches.is_empty() {
            return Ok(report);
        }
        let sent: Vec<Sent> = futures::stream::iter(drained.patches)
            .map(|p| self.write(p, out))
            .buffer_unordered(concurrency.max(1))
            .collect()
            .await;
        for s in sent {
            self.resolve(s, out, &mut report)?;
        }
        out.sync_dead_letters()?;
        Ok(report)
    }

    /// Send one patch; split it when ADT refuses its content.
    async fn write(&self, mut patch: TwinPatch, out: &Outcomes) -> Sent {
        let superseded = self.coalescer().prune_lost(&mut patch);
        self.forget(&superseded);
        out.done(superseded.iter());
        let n = patch.slots.len();
        let whole = |patch, r: SlotResult| Sent {
            patch,
            results: vec![r; n],
            split: false,
        };
        if n == 0 {
            return whole(patch, SlotResult::Lost);
        }
        let refusal = match self.store.patch_twin(&patch.twin, &patch.ops()).await {
            Ok(()) => return whole(patch, SlotResult::Written),
            Err(e) if e.is_outage() => return whole(patch, SlotResult::Unavailable(e.to_string())),
            Err(e) => e,
        };
        if !(refusal.is_refusal_of_content() && n > 1) {
            let why = format!("ADT rejected the patch of twin {}: {refusal}", patch.twin);
            return whole(patch, SlotResult::Refused(why));
        }
        // Some path of the merged PATCH is refused: one PATCH per path finds which.
        tracing::debug!(twin = %patch.twin, paths = n, "merged patch refused ({refusal}); splitting");
        let mut results = Vec::with_capacity(n);
        for slot in &patch.slots {
            results.push(self.write_slot(&patch, slot).await);
        }
        Sent {
            patch,
            results,
            split: true,
        }
    }

    async fn write_slot(&self, patch: &TwinPatch, slot: &Slot) -> SlotResult {
        if self.coalescer().lost_since(slot.partition(), patch.epoch) {
            return SlotResult::Lost;
        }
        match self.store.patch_twin(&patch.twin, &slot.ops()).await {
            Ok(()) => SlotResult::Written,
            Err(e) if e.is_outage() => SlotResult::Unavailable(e.to_string()),
            Err(e) => SlotResult::Refused(format!(
                "ADT rejected {} of twin {}: {e}",
                slot.update.path, patch.twin
            )),
        }
    }

    /// Record what was written, then report each event once: handed back if a path it waits
    /// on met an outage, else dead-lettered if one was refused, else done.
    fn resolve(
        &self,
        sent: Sent,
        out: &Outcomes,
        report: &mut FlushReport,
    ) -> Result<(), DeadLetterError> {
        let Sent {
            patch,
            results,
            split,
        } = sent;
        let mut outcome: HashMap<EventKey, (Position, SlotResult)> = HashMap::new();
        for (slot, r) in patch.slots.iter().zip(&results) {
            for p in &slot.events {
                let entry = outcome
                    .entry(event_key(p))
                    .or_insert_with(|| (p.clone(), r.clone()));
                if rank(r) > rank(&entry.1) {
                    entry.1 = r.clone();
                }
            }
        }
        {
            let mut c = self.coalescer();
            let now = Instant::now();
            for (slot, r) in patch.slots.iter().zip(&results) {
                // The event whose value the slot carries: only while it is handed back for
                // another try does its maybe-applied value hold older ones back.
                let owner = outcome.get(&(slot.key.1.clone(), slot.key.2));
                match r {
                    SlotResult::Written => c.written(&patch, slot),
                    SlotResult::Unavailable(_)
                        if owner.is_some_and(|(_, o)| matches!(o, SlotResult::Unavailable(_))) =>
                    {
                        c.in_doubt(&patch, slot, now)
                    }
                    SlotResult::Unavailable(_) | SlotResult::Refused(_) => c.refused(&patch, slot),
                    SlotResult::Lost => {}
                }
            }
            c.finished(&patch.twin);
            // Events of a partition lost meanwhile belong to its new owner now.
            outcome.retain(|_, (p, _)| !c.lost_since(&p.partition, patch.epoch));
        }
        let written = results
            .iter()
            .filter(|r| matches!(r, SlotResult::Written))
            .count() as u64;
        let answered = results
            .iter()
            .any(|r| matches!(r, SlotResult::Written | SlotResult::Refused(_)));
        if answered {
            out.reachable();
        }
        report.patches += if split {
            written
        } else {
            u64::from(written > 0)
        };
        if results
            .iter()
            .any(|r| matches!(r, SlotResult::Unavailable(_)))
        {
            report.unavailable += 1;
        }
        if results.iter().any(|r| matches!(r, SlotResult::Refused(_))) {
            report.refused_twins.push(patch.twin.clone());
        }
        let mut carried = self.carried();
        for (key, (pos, r)) in outcome {
            let event = carried.remove(&key);
            match (r, event) {
                (SlotResult::Written, _) => {
                    report.patched_events += 1;
                    out.done([&pos]);
                }
                // superseded by a value of a partition now owned elsewhere, which writes it
                (SlotResult::Lost, _) => out.done([&pos]),
                (SlotResult::Refused(why), Some(e)) => out.dead_letter(&e, &why, "apply")?,
                (SlotResult::Unavailable(why), Some(e)) => out.retry_later(
                    Arc::unwrap_or_clone(e),
                    Retry::Outage {
                        service: "ADT",
                        reason: why,
                    },
                ),
                (_, None) => {
                    // Cannot happen (carried before added); left outstanding, so redelivered
                    // after a restart rather than lost.
                    tracing::error!(?pos, "an event to report is no longer carried");
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;

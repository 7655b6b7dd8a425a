//! The completion tracker: per partition, which delivered events are still outstanding, and the
//! highest position below which everything is applied or dead-lettered. A checkpoint never goes
//! past an event whose effect is not durable: that is the whole at-least-once guarantee.
use std::collections::{BTreeMap, BTreeSet};

/// A position in a partition.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    pub partition: String,
    pub sequence_number: i64,
    pub offset: Option<String>,
}

#[derive(Debug, Default)]
struct PartitionState {
    /// Sequence numbers delivered but not yet done.
    outstanding: BTreeSet<i64>,
    /// Offsets of delivered events by sequence number (for the checkpoint's offset).
    offsets: BTreeMap<i64, Option<String>>,
    /// Highest sequence number delivered.
    delivered: Option<i64>,
    /// Last safe position handed out for checkpointing.
    committed: Option<i64>,
}

/// Tracks completion across partitions.
#[derive(Debug, Default)]
pub struct CompletionTracker {
    partitions: BTreeMap<String, PartitionState>,
}

impl CompletionTracker {
    pub fn new() -> Self {
        Self::default()
    }

    /// An event was delivered to the handler.
    pub fn delivered(&mut self, pos: &Position) {
        let p = self.partitions.entry(pos.partition.clone()).or_default();
        p.outstanding.insert(pos.sequence_number);
        p.offsets.insert(pos.sequence_number, pos.offset.clone());
        p.delivered = Some(
            p.delivered
                .map_or(pos.sequence_number, |d| d.max(pos.sequence_number)),
        );
    }

    /// An event's effect is durable (applied to ADT or written to the dead-letter file).
    pub fn done(&mut self, pos: &Position) {
        if let Some(p) = self.partitions.get_mut(&pos.partition) {
            p.outstanding.remove(&pos.sequence_number);
        }
    }

    /// Is this event delivered and not yet done?
    pub fn is_outstanding(&self, pos: &Position) -> bool {
        self.partitions
            .get(&pos.partition)
            .is_some_and(|p| p.outstanding.contains(&pos.sequence_number))
    }

    /// Events delivered and not yet done, over all partitions.
    pub fn outstanding(&self) -> usize {
        self.partitions.values().map(|p| p.outstanding.len()).sum()
    }

    /// The highest position of `partition` with everything at or below it done, if it moved
    /// since the last call (then it becomes the committed position).
    pub fn take_checkpoint(&mut self, partition: &str) -> Option<Position> {
        let p = self.partitions.get_mut(partition)?;
        let delivered = p.delivered?;
        let safe = match p.outstanding.first() {
            Some(first) => *first - 1,
            None => delivered,
        };
        let offset = p.offsets.get(&safe).cloned()?;
        if p.committed.is_some_and(|c| c >= safe) {
            return None;
        }
        p.committed = Some(safe);
        // Offsets at or below the committed position are no longer needed.
        p.offsets = p.offsets.split_off(&safe);
        Some(Position {
            partition: partition.to_string(),
            sequence_number: safe,
            offset,
        })
    }

    /// Forget a partition (its ownership was lost).
    pub fn forget(&mut self, partition: &str) {
        self.partitions.remove(partition);
    }

    /// Partitions known to the tracker.
    pub fn partitions(&self) -> Vec<String> {
        self.partitions.keys().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(p: &str, n: i64) -> Position {
        Position {
            partition: p.into(),
            sequence_number: n,
            offset: Some(format!("o{n}")),
        }
    }

    #[test]
    fn checkpoint_stops_below_the_first_outstanding_event() {
        let mut t = CompletionTracker::new();
        for n in 0..5 {
            t.delivered(&pos("0", n));
        }
        assert_eq!(t.take_checkpoint("0"), None, "nothing done yet");
        t.done(&pos("0", 0));
        t.done(&pos("0", 1));
        t.done(&pos("0", 3));
        let cp = t.take_checkpoint("0").unwrap();
        assert_eq!((cp.sequence_number, cp.offset.as_deref()), (1, Some("o1")));
        assert_eq!(t.take_checkpoint("0"), None, "no movement, no checkpoint");
        t.done(&pos("0", 2));
        t.done(&pos("0", 4));
        assert_eq!(t.take_checkpoint("0").unwrap().sequence_number, 4);
        assert_eq!(t.outstanding(), 0);
    }

    #[test]
    fn partitions_are_independent() {
        let mut t = CompletionTracker::new();
        t.delivered(&pos("0", 10));
        t.delivered(&pos("1", 3));
        t.done(&pos("1", 3));
        assert_eq!(t.take_checkpoint("1").unwrap().sequence_number, 3);
        assert_eq!(t.take_checkpoint("0"), None);
        t.forget("0");
        assert_eq!(t.partitions(), vec!["1".to_string()]);
    }
}

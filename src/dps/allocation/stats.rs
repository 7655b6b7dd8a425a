//! Counters of what the allocator did: ADT calls by operation and result, cache hits, and
//! callers that waited on another caller's allocation of the same twin. Lock-free atomics.
use crate::adt::AdtError;
use std::sync::atomic::{AtomicU64, Ordering};

/// The ADT operations an allocation makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdtOp {
    GetTwin,
    GetModel,
    PutTwin,
    PutRelationship,
}

impl AdtOp {
    pub const ALL: [AdtOp; 4] = [
        AdtOp::GetTwin,
        AdtOp::GetModel,
        AdtOp::PutTwin,
        AdtOp::PutRelationship,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AdtOp::GetTwin => "get_twin",
            AdtOp::GetModel => "get_model",
            AdtOp::PutTwin => "put_twin",
            AdtOp::PutRelationship => "put_relationship",
        }
    }
}

/// Result classes of an ADT call.
pub const RESULTS: [&str; 5] = ["ok", "not_found", "conflict", "throttled", "error"];

fn result_index(err: Option<&AdtError>) -> usize {
    match err {
        None => 0,
        Some(e) if e.is_not_found() => 1,
        Some(e) if e.status() == Some(412) || e.status() == Some(409) => 2,
        Some(e) if e.status() == Some(429) => 3,
        Some(_) => 4,
    }
}

/// Allocator counters.
#[derive(Debug, Default)]
pub struct AllocatorStats {
    adt: [[AtomicU64; 5]; 4],
    /// Allocations answered from the per-twin cache (no ADT call).
    pub cache_hits: AtomicU64,
    /// Allocations that waited for a concurrent allocation of the same twin.
    pub single_flight_waits: AtomicU64,
}

impl AllocatorStats {
    pub(crate) fn record_adt(&self, op: AdtOp, err: Option<&AdtError>) {
        self.adt[op as usize][result_index(err)].fetch_add(1, Ordering::Relaxed);
    }

    /// (operation, result, count) for every pair seen at least once.
    pub fn adt_calls(&self) -> Vec<(&'static str, &'static str, u64)> {
        let mut out = Vec::new();
        for op in AdtOp::ALL {
            for (i, result) in RESULTS.iter().enumerate() {
                let n = self.adt[op as usize][i].load(Ordering::Relaxed);
                if n > 0 {
                    out.push((op.as_str(), *result, n));
                }
            }
        }
        out
    }

    /// Total ADT calls.
    pub fn adt_total(&self) -> u64 {
        self.adt
            .iter()
            .flatten()
            .map(|c| c.load(Ordering::Relaxed))
            .sum()
    }
}

//! What the webhook adds to the shared metrics: allocations by outcome (also tallied here for
//! the summary printed at exit), the allocator's own counters read at scrape time, and the
//! throttling/outage periods of ADT as seen by allocations, logged once at start and once at
//! end with their duration.
use crate::dps::allocation::Allocator;
use crate::metrics::{FnCollector, Metrics, OutageKind, OutageState, Transition};
use std::collections::BTreeMap;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Allocation requests per outcome, for the summary at exit and the demo's report.
#[derive(Debug, Default)]
pub struct Tally {
    outcomes: Mutex<BTreeMap<String, u64>>,
}

impl Tally {
    pub(crate) fn record(&self, outcome: &str) {
        *self
            .outcomes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(outcome.to_string())
            .or_default() += 1;
    }

    /// Requests recorded with `outcome`.
    pub fn outcome_count(&self, outcome: &str) -> u64 {
        self.outcomes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(outcome)
            .copied()
            .unwrap_or(0)
    }

    /// Requests per outcome, e.g. `created` -> 20.
    pub fn outcomes(&self) -> BTreeMap<String, u64> {
        self.outcomes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

/// Register the allocator's counters (cache hits, single-flight waits, ADT calls by result).
pub(crate) fn register_allocator(metrics: &Metrics, allocator: Arc<Allocator>) {
    let s = allocator.clone();
    metrics.register_collector(FnCollector::counter(
        "twinbridge_allocation_cache_hits",
        "Allocations answered from the recent-decision cache (no ADT call).",
        move || vec![(vec![], s.stats().cache_hits.load(Ordering::Relaxed))],
    ));
    let s = allocator.clone();
    metrics.register_collector(FnCollector::counter(
        "twinbridge_allocation_single_flight_waits",
        "Allocations that waited for a concurrent allocation of the same twin.",
        move || {
            vec![(
                vec![],
                s.stats().single_flight_waits.load(Ordering::Relaxed),
            )]
        },
    ));
    metrics.register_collector(FnCollector::counter(
        "twinbridge_allocation_adt_calls",
        "ADT calls made by allocations, by operation and result (ok, not_found, conflict, throttled, error).",
        move || {
            allocator
                .stats()
                .adt_calls()
                .into_iter()
                .map(|(op, r, n)| {
                    (
                        vec![("operation", op.to_string()), ("result", r.to_string())],
                        n,
                    )
                })
                .collect()
        },
    ));
}

/// ADT trouble as the allocations meet it: one warning when allocations start being refused
/// because ADT throttles or is unavailable, one when they succeed again.
#[derive(Debug, Default)]
pub(crate) struct OutageLog {
    state: Mutex<OutageState>,
}

impl OutageLog {
    /// An allocation finished with `status` (`code` its error code when refused).
    pub(crate) fn record(&self, status: u16, code: &str) {
        let kind = match code {
            "AdtThrottled" => Some(OutageKind::Throttled),
            "AdtUnavailable" | "Timeout" => Some(OutageKind::Unavailable),
            _ => None,
        };
        let mut st = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        let t = match kind {
            Some(k) => st.failure(k, now),
            None if status < 300 => st.success(now),
            None => None,
        };
        drop(st);
        match t {
            Some(Transition::Started(k)) => tracing::warn!(
                kind = k.as_str(),
                "ADT {}: allocations are answered with 429/503 so DPS retries them",
                if k == OutageKind::Throttled {
                    "throttling started"
                } else {
                    "outage started"
                }
            ),
            Some(Transition::Ended {
                kind,
                duration,
                failures,
            }) => tracing::warn!(
                kind = kind.as_str(),
                duration_s = duration.as_secs_f64(),
                refused = failures,
                "ADT {} ended after {:.1}s ({failures} allocation(s) refused meanwhile)",
                if kind == OutageKind::Throttled {
                    "throttling"
                } else {
                    "outage"
                },
                duration.as_secs_f64()
            ),
            None => {}
        }
    }
}

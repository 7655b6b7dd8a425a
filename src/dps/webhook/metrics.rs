//! Prometheus text metrics of the webhook: requests by outcome, a latency histogram, requests
//! in flight, and the allocator's and ADT client's counters. Atomics and one small mutex.
use crate::adt::StatsSnapshot;
use crate::dps::allocation::AllocatorStats;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::Duration;

/// Upper bounds (seconds) of the latency histogram buckets.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

/// The webhook's counters.
#[derive(Debug, Default)]
pub struct Metrics {
    outcomes: Mutex<BTreeMap<(String, u16), u64>>,
    buckets: [AtomicU64; BUCKETS.len()],
    count: AtomicU64,
    sum_micros: AtomicU64,
    in_flight: AtomicI64,
}

/// Decrements the in-flight gauge when dropped.
pub(crate) struct InFlight<'a>(&'a AtomicI64);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Metrics {
    /// Count one allocation request now in flight.
    pub(crate) fn start(&self) -> InFlight<'_> {
        self.in_flight.fetch_add(1, Ordering::Relaxed);
        InFlight(&self.in_flight)
    }

    /// Record a finished allocation request.
    pub fn record(&self, outcome: &str, status: u16, elapsed: Duration) {
        *self
            .outcomes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry((outcome.to_string(), status))
            .or_default() += 1;
        let secs = elapsed.as_secs_f64();
        for (i, le) in BUCKETS.iter().enumerate() {
            if secs <= *le {
                self.buckets[i].fetch_add(1, Ordering::Relaxed);
            }
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        self.sum_micros
            .fetch_add(elapsed.as_micros() as u64, Ordering::Relaxed);
    }

    /// Requests recorded with `outcome` (any status).
    pub fn outcome_count(&self, outcome: &str) -> u64 {
        self.outcomes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .filter(|((o, _), _)| o == outcome)
            .map(|(_, n)| n)
            .sum()
    }

    /// Requests per outcome (any status), e.g. `created` -> 20.
    pub fn outcomes(&self) -> BTreeMap<String, u64> {
        let mut out = BTreeMap::new();
        for ((o, _), n) in self
            .outcomes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
        {
            *out.entry(o.clone()).or_insert(0) += n;
        }
        out
    }

    /// The Prometheus text exposition (format 0.0.4).
    pub fn render(&self, allocator: &AllocatorStats, adt: StatsSnapshot) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "# HELP twinbridge_allocate_requests_total Allocation requests by outcome (created, reused, replaced, kept, or an error code) and HTTP status.\n# TYPE twinbridge_allocate_requests_total counter"
        );
        for ((outcome, status), n) in self
            .outcomes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
        {
            let _ = writeln!(
                s,
                "twinbridge_allocate_requests_total{{outcome=\"{}\",status=\"{status}\"}} {n}",
                escape(outcome)
            );
        }
        let _ = writeln!(
            s,
            "# HELP twinbridge_allocate_request_duration_seconds Time to answer an allocation request.\n# TYPE twinbridge_allocate_request_duration_seconds histogram"
        );
        for (i, le) in BUCKETS.iter().enumerate() {
            let _ = writeln!(
                s,
                "twinbridge_allocate_request_duration_seconds_bucket{{le=\"{le}\"}} {}",
                self.buckets[i].load(Ordering::Relaxed)
            );
        }
        let count = self.count.load(Ordering::Relaxed);
        let _ = writeln!(
            s,
            "twinbridge_allocate_request_duration_seconds_bucket{{le=\"+Inf\"}} {count}\ntwinbridge_allocate_request_duration_seconds_sum {}\ntwinbridge_allocate_request_duration_seconds_count {count}",
            self.sum_micros.load(Ordering::Relaxed) as f64 / 1e6
        );
        let _ = writeln!(
            s,
            "# HELP twinbridge_allocate_in_flight Allocation requests being answered.\n# TYPE twinbridge_allocate_in_flight gauge\ntwinbridge_allocate_in_flight {}",
            self.in_flight.load(Ordering::Relaxed)
        );
        let _ = writeln!(
            s,
            "# HELP twinbridge_allocate_adt_calls_total ADT calls made by allocations, by operation and result.\n# TYPE twinbridge_allocate_adt_calls_total counter"
        );
        for (op, result, n) in allocator.adt_calls() {
            let _ = writeln!(
                s,
                "twinbridge_allocate_adt_calls_total{{op=\"{op}\",result=\"{result}\"}} {n}"
            );
        }
        let _ = writeln!(
            s,
            "# HELP twinbridge_allocate_cache_hits_total Allocations answered from the recent-decision cache.\n# TYPE twinbridge_allocate_cache_hits_total counter\ntwinbridge_allocate_cache_hits_total {}",
            allocator.cache_hits.load(Ordering::Relaxed)
        );
        let _ = writeln!(
            s,
            "# HELP twinbridge_allocate_single_flight_waits_total Allocations that waited for a concurrent allocation of the same twin.\n# TYPE twinbridge_allocate_single_flight_waits_total counter\ntwinbridge_allocate_single_flight_waits_total {}",
            allocator.single_flight_waits.load(Ordering::Relaxed)
        );
        let _ = writeln!(
            s,
            "# HELP twinbridge_adt_requests_total HTTP requests sent to ADT (including retries).\n# TYPE twinbridge_adt_requests_total counter\ntwinbridge_adt_requests_total {}\n# HELP twinbridge_adt_retries_total ADT requests retried after a transient failure.\n# TYPE twinbridge_adt_retries_total counter\ntwinbridge_adt_retries_total {}\n# HELP twinbridge_adt_throttled_total ADT responses with status 429.\n# TYPE twinbridge_adt_throttled_total counter\ntwinbridge_adt_throttled_total {}",
            adt.requests, adt.retries, adt.throttled
        );
        s
    }
}

fn escape(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_and_a_cumulative_histogram() {
        let m = Metrics::default();
        m.record("created", 200, Duration::from_millis(3));
        m.record("created", 200, Duration::from_millis(30));
        m.record("ModelNotAllowed", 403, Duration::from_micros(200));
        let text = m.render(&AllocatorStats::default(), StatsSnapshot::default());
        assert!(
            text.contains(
                "twinbridge_allocate_requests_total{outcome=\"created\",status=\"200\"} 2"
            )
        );
        assert!(text.contains("outcome=\"ModelNotAllowed\",status=\"403\"} 1"));
        assert!(text.contains("_bucket{le=\"0.001\"} 1"));
        assert!(text.contains("_bucket{le=\"0.005\"} 2"));
        assert!(text.contains("_bucket{le=\"+Inf\"} 3"));
        assert!(text.contains("_count 3"));
        assert_eq!(m.outcome_count("created"), 2);
    }
}

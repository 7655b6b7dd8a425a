//! The Prometheus metrics of the long-running commands (`allocate serve`, `sync-telemetry`,
//! `watch-lifecycle`): one registry with one set of `twinbridge_` names, shared where the meaning
//! is shared, and the readiness state the probes report. A core value: no I/O, no clap, no
//! environment; the clients record into it and `service::probes` renders it.
mod adt;
mod collect;
mod outage;
mod ready;

pub use adt::{AdtHealth, operation};
pub use collect::{FnCollector, Sample};
pub use outage::{OutageKind, OutageState, Transition};
pub use ready::Readiness;

use prometheus_client::encoding::{prometheus_text, text};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

/// A label set: (name, value) pairs.
pub type Labels = Vec<(&'static str, String)>;

/// The OpenMetrics content type (what Prometheus asks for first).
pub const OPENMETRICS_CONTENT_TYPE: &str =
    "application/openmetrics-text; version=1.0.0; charset=utf-8";
/// The classic Prometheus text content type (version 0.0.4).
pub const PROMETHEUS_CONTENT_TYPE: &str = prometheus_text::CONTENT_TYPE;

/// Buckets (seconds) of the end-to-end lag: enqueued in Event Hubs to applied in ADT.
const LAG_BUCKETS: [f64; 14] = [
    0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 900.0, 3600.0,
];
/// Buckets (seconds) of the time to answer an allocation request.
const ALLOCATION_BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

/// The metrics of one process. Cheap to clone; every clone records into the same registry.
#[derive(Clone)]
pub struct Metrics {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

pub(crate) struct Inner {
    registry: RwLock<Registry>,
    events_received: Counter,
    events_applied: Counter,
    events_dead_lettered: Family<Labels, Counter>,
    event_lag: Histogram,
    adt_requests: Family<Labels, Counter>,
    adt_throttled: Family<Labels, Counter>,
    adt_retries: Family<Labels, Counter>,
    adt_outages: Family<Labels, Counter>,
    adt_outage_active: Gauge,
    adt_outage_seconds: Counter<f64, AtomicU64>,
    allocations: Family<Labels, Counter>,
    allocation_duration: Histogram,
    pub(crate) in_flight: Gauge,
    pub(crate) partitions_owned: Gauge,
    pub(crate) partition_lag: Family<Labels, Gauge>,
    pub(crate) checkpoint_age: Family<Labels, Gauge<f64, AtomicU64>>,
    pub(crate) checkpoints_written: Counter,
    ready_gauge: Gauge,
    adt_health: Mutex<AdtHealth>,
    pub(crate) readiness: Readiness,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// A fresh registry with every `twinbridge_` metric registered (those a command never
    /// records stay at zero, so dashboards and alerts see the same names everywhere).
    pub fn new() -> Self {
        let mut r = Registry::default();
        let inner = Inner {
            events_received: Counter::default(),
            events_applied: Counter::default(),
            events_dead_lettered: Family::default(),
            event_lag: Histogram::new(LAG_BUCKETS),
            adt_requests: Family::default(),
            adt_throttled: Family::default(),
            adt_retries: Family::default(),
            adt_outages: Family::default(),
            adt_outage_active: Gauge::default(),
            adt_outage_seconds: Counter::default(),
            allocations: Family::default(),
            allocation_duration: Histogram::new(ALLOCATION_BUCKETS),
            in_flight: Gauge::default(),
            partitions_owned: Gauge::default(),
            partition_lag: Family::default(),
            checkpoint_age: Family::default(),
            checkpoints_written: Counter::default(),
            ready_gauge: Gauge::default(),
            adt_health: Mutex::new(AdtHealth::default()),
            readiness: Readiness::default(),
            registry: RwLock::new(Registry::default()),
        };
        let info: Family<Labels, Gauge> = Family::default();
        info.get_or_create(&vec![("version", env!("CARGO_PKG_VERSION").to_string())])
            .set(1);
        r.register(
            "twinbridge_build_info",
            "The running twinbridge version (value 1).",
            info,
        );
        r.register(
            "twinbridge_ready",
            "1 when /readyz answers 200, else 0.",
            inner.ready_gauge.clone(),
        );
        r.register("twinbridge_in_flight", "Work in progress: events delivered and not yet applied or dead-lettered (consumers), allocation requests being answered (allocate serve).", inner.in_flight.clone());
        r.register(
            "twinbridge_events_received",
            "Events delivered to the handler (redeliveries after a restart count again).",
            inner.events_received.clone(),
        );
        r.register(
            "twinbridge_events_applied",
            "Events whose effect is durable in ADT (or that needed no change).",
            inner.events_applied.clone(),
        );
        r.register("twinbridge_events_dead_lettered", "Events written to the dead-letter file, by reason (the stage that refused them: decode, lookup, map, apply, lifecycle).", inner.events_dead_lettered.clone());
        r.register("twinbridge_event_lag_seconds", "End-to-end lag: from the event's enqueued time in Event Hubs to its effect being applied.", inner.event_lag.clone());
        r.register(
            "twinbridge_partitions_owned",
            "Event Hubs partitions this process holds and reads.",
            inner.partitions_owned.clone(),
        );
        r.register(
            "twinbridge_partition_lag_events",
            "Events enqueued in a partition and not yet delivered to this process.",
            inner.partition_lag.clone(),
        );
        r.register("twinbridge_checkpoint_age_seconds", "How long a partition's checkpoint has stayed behind events already delivered (0 when it is caught up).", inner.checkpoint_age.clone());
        r.register(
            "twinbridge_checkpoints_written",
            "Checkpoints written to the checkpoint store.",
            inner.checkpoints_written.clone(),
        );
        r.register("twinbridge_adt_requests", "HTTP requests to Azure Digital Twins by operation and status (status \"error\" when no response came).", inner.adt_requests.clone());
        r.register(
            "twinbridge_adt_throttled",
            "ADT responses with status 429 (throttled), by operation.",
            inner.adt_throttled.clone(),
        );
        r.register(
            "twinbridge_adt_retries",
            "ADT requests retried after a transient failure, by operation.",
            inner.adt_retries.clone(),
        );
        r.register("twinbridge_adt_outages", "Periods of ADT throttling or unavailability that began, by kind (throttled, unavailable).", inner.adt_outages.clone());
        r.register("twinbridge_adt_outage_active", "1 while ADT is throttling or unavailable (since the first failure, until the next success).", inner.adt_outage_active.clone());
        r.register(
            "twinbridge_adt_outage_seconds",
            "Total time ADT spent throttling or unavailable, counted when each period ends.",
            inner.adt_outage_seconds.clone(),
        );
        r.register("twinbridge_allocations", "Allocation requests answered by the DPS webhook, by outcome (created, reused, replaced, kept, or an error code) and HTTP status.", inner.allocations.clone());
        r.register(
            "twinbridge_allocation_duration_seconds",
            "Time to answer an allocation request.",
            inner.allocation_duration.clone(),
        );
        let inner = Inner {
            registry: RwLock::new(r),
            ..inner
        };
        Self {
            inner: Arc::new(inner),
        }
    }

    /// Add a collector evaluated at every scrape (counters the engines already keep).
    pub fn register_collector(&self, c: FnCollector) {
        self.inner
            .registry
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .register_collector(Box::new(c));
    }

    /// The exposition: OpenMetrics when `openmetrics`, else Prometheus text 0.0.4.
    pub fn render(&self, openmetrics: bool) -> String {
        self.refresh_ready();
        let reg = self
            .inner
            .registry
            .read()
            .unwrap_or_else(|p| p.into_inner());
        let mut s = String::new();
        let res = if openmetrics {
            text::encode(&mut s, &reg)
        } else {
            prometheus_text::encode(&mut s, &reg)
        };
        if let Err(e) = res {
            tracing::warn!("could not render the metrics: {e}");
        }
        s
    }

    pub(crate) fn inner(&self) -> &Inner {
        &self.inner
    }

    // ---- events (the pipeline's completion state records these) ----

    /// Events handed to a handler.
    pub fn events_received(&self, n: usize) {
        self.inner.events_received.inc_by(n as u64);
    }

    /// One event applied; `lag` from its enqueued time, when known.
    pub fn event_applied(&self, lag: Option<Duration>) {
        self.inner.events_applied.inc();
        if let Some(lag) = lag {
            self.inner.event_lag.observe(lag.as_secs_f64());
        }
    }

    /// One event dead-lettered by `reason` (the stage that refused it).
    pub fn event_dead_lettered(&self, reason: &str) {
        self.inner
            .events_dead_lettered
            .get_or_create(&vec![("reason", reason.to_string())])
            .inc();
    }

    /// Events applied so far (tests, summaries).
    pub fn applied_count(&self) -> u64 {
        self.inner.events_applied.get()
    }

    // ---- ADT (the client records every attempt) ----

    /// One ADT request attempt finished: `status` None when no response came.
    pub fn adt_response(&self, method: &str, path: &str, status: Option<u16>) {
        let op = operation(method, path);
        let status_label = status.map_or_else(|| "error".to_string(), |s| s.to_string());
        self.inner
            .adt_requests
            .get_or_create(&vec![("operation", op.clone()), ("status", status_label)])
            .inc();
        if status == Some(429) {
            self.inner
                .adt_throttled
                .get_or_create(&vec![("operation", op)])
                .inc();
        }
        let transition = self
            .inner
            .adt_health
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .observe(status, Instant::now());
        match transition {
            Some(Transition::Started(kind)) => {
                self.inner
                    .adt_outages
                    .get_or_create(&vec![("kind", kind.as_str().to_string())])
                    .inc();
                self.inner.adt_outage_active.set(1);
            }
            Some(Transition::Ended { duration, .. }) => {
                self.inner.adt_outage_active.set(0);
                self.inner.adt_outage_seconds.inc_by(duration.as_secs_f64());
            }
            None => {}
        }
    }

    /// One ADT request retried.
    pub fn adt_retry(&self, method: &str, path: &str) {
        self.inner
            .adt_retries
            .get_or_create(&vec![("operation", operation(method, path))])
            .inc();
    }

    /// Requests counted with this operation and status (tests).
    pub fn adt_request_count(&self, operation: &str, status: &str) -> u64 {
        self.inner
            .adt_requests
            .get_or_create(&vec![
                ("operation", operation.to_string()),
                ("status", status.to_string()),
            ])
            .get()
    }

    /// Whether ADT has not answered for `max_age` (then a light request keeps readiness true).
    pub fn adt_needs_check(&self, max_age: Duration) -> bool {
        self.inner
            .adt_health
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .needs_check(max_age, Instant::now())
    }

    // ---- allocations (the webhook) ----

    /// One allocation request answered.
    pub fn allocation(&self, outcome: &str, status: u16, elapsed: Duration) {
        self.inner
            .allocations
            .get_or_create(&vec![
                ("outcome", outcome.to_string()),
                ("status", status.to_string()),
            ])
            .inc();
        self.inner
            .allocation_duration
            .observe(elapsed.as_secs_f64());
    }

    /// Work in progress rises by one until the guard is dropped.
    pub fn in_flight(&self) -> InFlight {
        self.inner.in_flight.inc();
        InFlight(self.inner.in_flight.clone())
    }

    // ---- readiness ----

    /// The readiness conditions of this process.
    pub fn readiness(&self) -> &Readiness {
        &self.inner.readiness
    }

    /// Ready, or the reasons not to be (short, for a 503 body and a log line).
    pub fn check_ready(&self) -> Result<(), Vec<String>> {
        let adt = self
            .inner
            .adt_health
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .reason(Instant::now());
        let res = self.inner.readiness.check(adt);
        self.inner.ready_gauge.set(i64::from(res.is_ok()));
        res
    }

    fn refresh_ready(&self) {
        let _ = self.check_ready();
    }
}

/// Decrements the in-flight gauge when dropped.
pub struct InFlight(Gauge);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.dec();
    }
}

#[cfg(test)]
mod tests;

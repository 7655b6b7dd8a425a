//! The telemetry engine: decode each event, find its twin and model, map it to property updates
//! (or dead-letter it with the reason), and hand them to the writer, which coalesces per twin and
//! on each tick sends one PATCH per twin with bounded, adaptive concurrency. An outage (a lookup
//! or a PATCH that meets throttling, 5xx or no connection) hands the events back to the
//! pipeline's hold; only a refusal that belongs to an event dead-letters it. Events are marked
//! done only when durable.
use super::coalesce::OrderKey;
use super::mapping::{self, Mapped, Mode};
use super::schema::{ModelCache, SchemaError, TwinSchema};
use super::twin_id::{self, TwinIdSource};
use super::writer::Writer;
use crate::adt::{AdtClient, AdtError, twin_model};
use crate::events::Event;
use crate::events::hold::Retry;
use crate::events::outcome::{DeadLetterError, Outcomes, position};
use futures::StreamExt;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Engine options.
#[derive(Debug, Clone)]
pub struct SyncOptions {
    pub mode: Mode,
    pub twin_id_from: Vec<TwinIdSource>,
    /// Least time between two patches of one twin (ADT allows 10 writes/s per twin).
    pub min_interval: Duration,
    /// Most patches in flight.
    pub concurrency: usize,
    /// Send each event's patch at once, without coalescing (`--flush-interval 0`: the sample's
    /// way, kept for comparison).
    pub immediate: bool,
}

/// Counters for the status line and the final report.
#[derive(Debug, Default)]
pub struct SyncCounters {
    pub events: AtomicU64,
    pub patches: AtomicU64,
    pub patched_events: AtomicU64,
    pub events_without_update: AtomicU64,
    pub ignored_fields: AtomicU64,
    pub transient_failures: AtomicU64,
    pub throttled_ticks: AtomicU64,
}

/// Why a twin's schema could not be had.
enum Lookup {
    Reject(String),
    Transient(AdtError),
}

/// The engine.
pub struct SyncEngine {
    adt: AdtClient,
    opts: SyncOptions,
    writer: Writer,
    twin_models: Mutex<HashMap<String, String>>,
    models: ModelCache,
    concurrency: AtomicUsize,
    /// Set when the pipeline stops: `handle` takes no new event (those left are redelivered).
    stopping: AtomicBool,
    pub counters: SyncCounters,
}

/// Enqueued time of an event in milliseconds (for ordering updates).
pub fn enqueued_ms(e: &Event) -> i64 {
    e.enqueued_ms()
}

/// Enqueued time as RFC 3339 (from the position, else the annotation).
fn enqueued_rfc3339(e: &Event) -> Option<String> {
    if e.enqueued_time.is_some() {
        return e.enqueued_time.clone();
    }
    let ms = enqueued_ms(e);
    (ms > 0).then(|| crate::events::format_ms(ms))
}

fn key_of(e: &Event) -> OrderKey {
    (
        enqueued_ms(e),
        e.partition.clone().unwrap_or_default(),
        e.sequence_number.unwrap_or(0),
    )
}

fn outage(e: &AdtError) -> Retry {
    Retry::Outage {
        service: "ADT",
        reason: e.to_string(),
    }
}

impl SyncEngine {
    pub fn new(adt: AdtClient, opts: SyncOptions) -> Self {
        let c = opts.concurrency.max(1);
        Self {
            writer: Writer::new(Arc::new(adt.clone()), opts.min_interval),
            adt,
            opts,
            twin_models: Mutex::default(),
            models: ModelCache::default(),
            concurrency: AtomicUsize::new(c),
            stopping: AtomicBool::new(false),
            counters: SyncCounters::default(),
        }
    }

    /// Events accepted and waiting to be sent.
    pub fn pending(&self) -> usize {
        self.writer.pending_events()
    }

    /// Stop taking events: a `handle` in progress finishes the requests in flight and leaves
    /// the rest of its batch undone (not marked done, so not checkpointed: redelivered).
    pub fn stop(&self) {
        self.stopping.store(true, Ordering::Relaxed);
    }

    fn stopping(&self) -> bool {
        self.stopping.load(Ordering::Relaxed)
    }

    /// Current patch concurrency (adapts to throttling).
    pub fn concurrency(&self) -> usize {
        self.concurrency.load(Ordering::Relaxed)
    }

    async fn lookup(&self, twin: &str, out: &Outcomes) -> Result<Arc<TwinSchema>, Lookup> {
        let cached_model = self
            .twin_models
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(twin)
            .cloned();
        let model = match cached_model {
            Some(m) => m,
            None => {
                let t = match self.adt.get_twin(twin).await {
                    Err(e) if e.is_outage() => return Err(Lookup::Transient(e)),
                    answer => {
                        out.reachable();
                        match answer {
                            Ok(t) => t,
                            Err(e) if e.is_not_found() => {
                                return Err(Lookup::Reject(format!(
                                    "twin {twin} does not exist in ADT"
                                )));
                            }
                            Err(e) => {
                                return Err(Lookup::Reject(format!(
                                    "cannot read twin {twin}: {e}"
                                )));
                            }
                        }
                    }
                };
                let m = twin_model(&t).unwrap_or_default().to_string();
                self.twin_models
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .insert(twin.to_string(), m.clone());
                m
            }
        };
        self.models
            .get(&self.adt, &model)
            .await
            .map_err(|e| match e {
                SchemaError::Transient(e) => Lookup::Transient(e),
                SchemaError::Rejected(why) => Lookup::Reject(format!("{why} (twin {twin})")),
            })
    }

    /// Take a batch of delivered events.
    pub async fn handle(&self, events: Vec<Event>, out: &Outcomes) -> Result<(), DeadLetterError> {
        self.counters
            .events
            .fetch_add(events.len() as u64, Ordering::Relaxed);
        // Resolve twins and look up their models concurrently, once per twin.
        let mut decoded = Vec::with_capacity(events.len());
        for e in events {
            let Some(body) = e.body_json() else {
                let why = format!(
                    "the body is not JSON (content type {}, {} bytes)",
                    e.content_type.as_deref().unwrap_or("none"),
                    e.body.len()
                );
                out.dead_letter(&e, &why, "decode")?;
                continue;
            };
            let Some(twin) = twin_id::resolve(&self.opts.twin_id_from, &e, Some(&body)) else {
                out.dead_letter(
                    &e,
                    "no twin id: none of the --twin-id-from sources is present on the event",
                    "route",
                )?;
                continue;
            };
            if let Err(why) = crate::adt::check_twin_id(&twin) {
                out.dead_letter(&e, &format!("{why} (from --twin-id-from)"), "route")?;
                continue;
            }
            decoded.push((e, body, twin));
        }
        let mut schemas: HashMap<String, Result<Arc<TwinSchema>, Lookup>> = HashMap::new();
        if self.opts.mode.needs_model() {
            let twins: HashSet<String> = decoded.iter().map(|(_, _, t)| t.clone()).collect();
            let results: Vec<(String, Result<Arc<TwinSchema>, Lookup>)> =
                futures::stream::iter(twins)
                    .take_while(|_| std::future::ready(!self.stopping()))
                    .map(|t| async move {
                        let r = self.lookup(&t, out).await;
                        (t, r)
                    })
                    .buffer_unordered(self.concurrency())
                    .collect()
                    .await;
            schemas.extend(results);
        }
        let total = decoded.len();
        for (i, (e, body, twin)) in decoded.into_iter().enumerate() {
            if self.stopping() {
                // The rest is left undone: the checkpoint stays before it and it is redelivered
                // (reported as unfinished, not counted as handled).
                self.counters
                    .events
                    .fetch_sub((total - i) as u64, Ordering::Relaxed);
                break;
            }
            let schema = match schemas.get(&twin) {
                Some(Ok(s)) => Some(s.clone()),
                Some(Err(Lookup::Reject(why))) => {
                    out.dead_letter(&e, why, "lookup")?;
                    continue;
                }
                Some(Err(Lookup::Transient(err))) => {
                    tracing::debug!(%twin, "lookup failed transiently: {err}");
                    self.counters
                        .transient_failures
                        .fetch_add(1, Ordering::Relaxed);
                    out.retry_later(e, outage(err));
                    continue;
                }
                None => None,
            };
            match mapping::map(
                &self.opts.mode,
                &body,
                schema.as_deref(),
                enqueued_rfc3339(&e).as_deref(),
            ) {
                Mapped::Reject(why) => out.dead_letter(&e, &why, "map")?,
                Mapped::Updates { updates, ignored } => {
                    self.counters
                        .ignored_fields
                        .fetch_add(ignored as u64, Ordering::Relaxed);
                    if updates.is_empty() {
                        self.counters
                            .events_without_update
                            .fetch_add(1, Ordering::Relaxed);
                        out.done([&position(&e)]);
                    } else {
                        let key = key_of(&e);
                        self.writer.add(&twin, updates, key, e, out);
                        if self.opts.immediate {
                            self.send_ready(out).await?;
                        }
                    }
                }
            }
        }
        out.sync_dead_letters()
    }

    /// Send every patch that may go now.
    pub async fn tick(&self, out: &Outcomes) -> Result<(), DeadLetterError> {
        self.send_ready(out).await
    }

    /// Send every patch that may go now.
    async fn send_ready(&self, out: &Outcomes) -> Result<(), DeadLetterError> {
        let throttled_before = self.adt.stats().throttled;
        let report = self.writer.flush(out, self.concurrency()).await?;
        let c = &self.counters;
        c.patches.fetch_add(report.patches, Ordering::Relaxed);
        c.patched_events
            .fetch_add(report.patched_events, Ordering::Relaxed);
        c.transient_failures
            .fetch_add(report.unavailable, Ordering::Relaxed);
        if !report.refused_twins.is_empty() {
            // The twin changed, vanished, or refused the values: forget what we knew.
            let mut models = self.twin_models.lock().unwrap_or_else(|p| p.into_inner());
            for t in &report.refused_twins {
                models.remove(t);
            }
        }
        // Adaptive concurrency: halve when ADT throttled this tick, creep back up otherwise.
        let throttled = self.adt.stats().throttled > throttled_before;
        let c = self.concurrency();
        let next = if throttled {
            (c / 2).max(1)
        } else {
            (c + 1).min(self.opts.concurrency.max(1))
        };
        if throttled {
            self.counters
                .throttled_ticks
                .fetch_add(1, Ordering::Relaxed);
        }
        self.concurrency.store(next, Ordering::Relaxed);
        Ok(())
    }
}

#[async_trait::async_trait]
impl crate::events::pipeline::Handler for SyncEngine {
    async fn handle(&self, events: Vec<Event>, out: &Outcomes) -> Result<(), DeadLetterError> {
        SyncEngine::handle(self, events, out).await
    }

    async fn tick(&self, out: &Outcomes) -> Result<(), DeadLetterError> {
        SyncEngine::tick(self, out).await
    }

    fn pending(&self) -> usize {
        SyncEngine::pending(self)
    }

    fn stop(&self) {
        SyncEngine::stop(self)
    }

    async fn retry(&self, events: Vec<Event>, out: &Outcomes) -> Result<(), DeadLetterError> {
        // Counted when first delivered.
        self.counters
            .events
            .fetch_sub(events.len() as u64, Ordering::Relaxed);
        SyncEngine::handle(self, events, out).await
    }

    fn partitions_lost(&self, partitions: &[String], out: &Outcomes) {
        for p in partitions {
            self.writer.drop_partition(p, out);
        }
    }
}

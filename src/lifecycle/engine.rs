//! The lifecycle engine: for each event decide and apply what the registry change means for ADT.
//! `deleteDeviceIdentity` deletes (or detaches, or only logs) the device's twin, only when its
//! model is allowed; `createDeviceIdentity` can ensure the twin exists. Events of one twin are
//! applied in order; different twins concurrently. An outage (throttling, 5xx, no connection,
//! credentials refused) hands the event back to the pipeline's hold, as does ADT still listing
//! relationships of a twin being deleted; only what belongs to the event (model not allowed, no
//! twin id, a refusal of its request) dead-letters it.
use super::classify::{Kind, Lifecycle, classify};
use crate::adt::{
    AdtClient, AdtError, CascadeOptions, ErrorCode, PatchOp, delete_relationships,
    delete_twin_cascade, twin_model,
};
use crate::events::Event;
use crate::events::hold::Retry;
use crate::events::outcome::{DeadLetterError, Outcomes, position};
use crate::sync::mapping::pattern_matches;
use crate::sync::schema::{ModelCache, SchemaError};
use futures::StreamExt;
use serde::Serialize;
use serde_json::Value;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// What to do when a device is deleted.
#[derive(Debug, Clone, PartialEq)]
pub enum OnDelete {
    /// Delete relationships (both ways), then the twin.
    Delete,
    /// Delete relationships, keep the twin, and set `path` to `value`.
    Detach { path: String, value: Value },
    /// Only report.
    Log,
}

/// What to do when a device is created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnCreate {
    Ignore,
    /// Create the twin from the body's `tags.dtmi` when it is missing.
    EnsureTwin,
}

/// Engine options.
#[derive(Debug, Clone)]
pub struct LifecycleOptions {
    pub on_delete: OnDelete,
    pub on_create: OnCreate,
    /// Model patterns (exact, prefix ending in `*`, or `*`) a twin must match to be touched;
    /// empty = none.
    pub allow_models: Vec<String>,
    pub modules: bool,
    pub dry_run: bool,
    pub concurrency: usize,
    pub cascade: CascadeOptions,
}

/// One handled event, for the live view and NDJSON output.
#[derive(Debug, Clone, Serialize)]
pub struct Action {
    pub time: String,
    pub device: String,
    pub twin: String,
    pub event: String,
    pub action: String,
    /// ok | gone | skipped | dead-lettered | retry | dry-run
    pub result: String,
    pub detail: String,
    pub duration_ms: u64,
    pub partition: String,
    pub sequence_number: i64,
}

/// Counters by outcome.
#[derive(Debug, Default)]
pub struct LifecycleCounters {
    pub deleted: AtomicU64,
    pub detached: AtomicU64,
    pub logged: AtomicU64,
    pub ensured: AtomicU64,
    pub gone: AtomicU64,
    pub skipped: AtomicU64,
    pub dead_lettered: AtomicU64,
    pub retried: AtomicU64,
}

enum Step {
    Done {
        action: &'static str,
        result: &'static str,
        detail: String,
    },
    DeadLetter {
        action: &'static str,
        reason: String,
    },
    Retry(Retry),
}

/// The engine.
pub struct LifecycleEngine {
    adt: AdtClient,
    opts: LifecycleOptions,
    models: ModelCache,
    pub counters: LifecycleCounters,
}

fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

fn outage(reason: String) -> Step {
    Step::Retry(Retry::Outage {
        service: "ADT",
        reason,
    })
}

fn transient_or(e: AdtError, action: &'static str, what: &str) -> Step {
    if e.is_outage() {
        outage(format!("{what}: {e}"))
    } else {
        Step::DeadLetter {
            action,
            reason: format!("{what}: {e}"),
        }
    }
}

impl LifecycleEngine {
    pub fn new(adt: AdtClient, opts: LifecycleOptions) -> Self {
        Self {
            adt,
            opts,
            models: ModelCache::default(),
            counters: LifecycleCounters::default(),
        }
    }

    /// Read a twin; any answer but an outage tells the pipeline ADT is reachable.
    async fn read_twin(&self, twin: &str, out: &Outcomes) -> Result<Value, AdtError> {
        let r = self.adt.get_twin(twin).await;
        if !matches!(&r, Err(e) if e.is_outage()) {
            out.reachable();
        }
        r
    }

    /// An empty allow-list allows nothing (`watch-lifecycle` refuses to start without one).
    fn allowed(&self, model: &str) -> bool {
        self.opts
            .allow_models
            .iter()
            .any(|p| pattern_matches(p, model))
    }

    async fn on_delete(&self, twin: &str, out: &Outcomes) -> Step {
        let existing = match self.read_twin(twin, out).await {
            Ok(t) => t,
            Err(e) if e.is_not_found() => {
                return Step::Done {
                    action: "none",
                    result: "gone",
                    detail: "twin already absent".into(),
                };
            }
            Err(e) => return transient_or(e, "read", &format!("cannot read twin {twin}")),
        };
        let model = twin_model(&existing).unwrap_or("").to_string();
        if !self.allowed(&model) {
            return Step::DeadLetter {
                action: "refused",
                reason: format!(
                    "twin {twin} is of model {model}, which --allow-model does not allow; left untouched"
                ),
            };
        }
        let dry = self.opts.dry_run;
        match &self.opts.on_delete {
            OnDelete::Log => Step::Done {
                action: "log",
                result: "ok",
                detail: format!("device deleted; twin {twin} ({model}) left as is"),
            },
            OnDelete::Delete if dry => match self.count_relationships(twin).await {
                Ok((o, i)) => Step::Done {
                    action: "would delete",
                    result: "dry-run",
                    detail: format!("twin and {o} outgoing + {i} incoming relationships"),
                },
                Err(e) => transient_or(e, "read", "cannot list relationships"),
            },
            OnDelete::Delete => match delete_twin_cascade(&self.adt, twin, self.opts.cascade).await
            {
                Ok(r) if r.twin_deleted => Step::Done {
                    action: "delete",
                    result: "ok",
                    detail: format!(
                        "{} outgoing + {} incoming relationships deleted{}",
                        r.outgoing_deleted,
                        r.incoming_deleted,
                        if r.not_deleted_retries > 0 {
                            format!(
                                "; RelationshipsNotDeleted retried {}x",
                                r.not_deleted_retries
                            )
                        } else {
                            String::new()
                        }
                    ),
                },
                Ok(_) => Step::Done {
                    action: "delete",
                    result: "gone",
                    detail: "twin already absent".into(),
                },
                Err(e) if e.is_code(&ErrorCode::RelationshipsNotDeleted) => Step::Retry(
                    Retry::Later(format!("ADT still reports relationships: {e}")),
                ),
                Err(e) => transient_or(e, "delete", &format!("cannot delete twin {twin}")),
            },
            OnDelete::Detach { path, value } if dry => match self.count_relationships(twin).await {
                Ok((o, i)) => Step::Done {
                    action: "would detach",
                    result: "dry-run",
                    detail: format!(
                        "{o} outgoing + {i} incoming relationships; set {path} = {value}"
                    ),
                },
                Err(e) => transient_or(e, "read", "cannot list relationships"),
            },
            OnDelete::Detach { path, value } => {
                let (o, i) = match delete_relationships(&self.adt, twin, &self.opts.cascade).await {
                    Ok(x) => x,
                    Err(e) => {
                        return transient_or(
                            e,
                            "detach",
                            &format!("cannot delete the relationships of {twin}"),
                        );
                    }
                };
                match self
                    .adt
                    .patch_twin(twin, &[PatchOp::add(path.clone(), value.clone())], None)
                    .await
                {
                    Ok(_) => Step::Done {
                        action: "detach",
                        result: "ok",
                        detail: format!(
                            "{o} outgoing + {i} incoming relationships deleted; {path} = {value}"
                        ),
                    },
                    Err(e) if e.is_not_found() => Step::Done {
                        action: "detach",
                        result: "gone",
                        detail: "twin vanished meanwhile".into(),
                    },
                    Err(e) => transient_or(e, "detach", &format!("cannot set {path} on {twin}")),
                }
            }
        }
    }

    async fn count_relationships(&self, twin: &str) -> Result<(usize, usize), AdtError> {
        let out = self.adt.list_relationships(twin, None).await?;
        let inc = self.adt.list_incoming_relationships(twin).await?;
        Ok((out.len(), inc.len()))
    }

    async fn on_create(&self, twin: &str, model: Option<&str>, out: &Outcomes) -> Step {
        let Some(model) = model else {
            return Step::Done {
                action: "ensure",
                result: "skipped",
                detail: "the device has no tags.dtmi: nothing to create".into(),
            };
        };
        if !self.allowed(model) {
            return Step::DeadLetter {
                action: "refused",
                reason: format!(
                    "tags.dtmi {model} is not allowed by --allow-model; twin {twin} not created"
                ),
            };
        }
        match self.read_twin(twin, out).await {
            Ok(_) => {
                return Step::Done {
                    action: "ensure",
                    result: "ok",
                    detail: "twin exists".into(),
                };
            }
            Err(e) if e.is_not_found() => {}
            Err(e) => return transient_or(e, "ensure", &format!("cannot read twin {twin}")),
        }
        if self.opts.dry_run {
            return Step::Done {
                action: "would create",
                result: "dry-run",
                detail: format!("twin of {model}"),
            };
        }
        let schema = match self.models.get(&self.adt, model).await {
            Ok(s) => s,
            Err(SchemaError::Transient(e)) => return outage(e.to_string()),
            Err(SchemaError::Rejected(why)) => {
                return Step::DeadLetter {
                    action: "ensure",
                    reason: why,
                };
            }
        };
        match self.adt.put_twin(twin, &schema.initial_twin, true).await {
            Ok(_) => Step::Done {
                action: "create",
                result: "ok",
                detail: format!("twin of {model} created"),
            },
            Err(e) if e.is_code(&ErrorCode::PreconditionFailed) => Step::Done {
                action: "ensure",
                result: "ok",
                detail: "twin exists".into(),
            },
            Err(e) => transient_or(e, "create", &format!("cannot create twin {twin}")),
        }
    }

    async fn step(&self, c: &Lifecycle, out: &Outcomes) -> Step {
        let skip = |why: &str| Step::Done {
            action: "none",
            result: "skipped",
            detail: why.to_string(),
        };
        let is_module = matches!(c.kind, Kind::ModuleCreated | Kind::ModuleDeleted);
        if is_module && !self.opts.modules {
            return skip("module lifecycle event (pass --modules to act on them)");
        }
        // A twin id from the event is checked before it is used in any request.
        let refused = |t: &str| {
            crate::adt::check_twin_id(t)
                .err()
                .map(|why| Step::DeadLetter {
                    action: "refused",
                    reason: format!("{why} (from {})", c.twin_id_from),
                })
        };
        match c.kind {
            Kind::ModuleCreated | Kind::ModuleDeleted if c.twin_id.is_none() => skip(&format!(
                "module {} of {} has no twin of its own (no tags.dtId on the module twin)",
                c.module_id.as_deref().unwrap_or("?"),
                c.device_id.as_deref().unwrap_or("?")
            )),
            Kind::DeviceDeleted | Kind::ModuleDeleted => match &c.twin_id {
                Some(t) => match refused(t) {
                    Some(step) => step,
                    None => self.on_delete(t, out).await,
                },
                None => Step::DeadLetter {
                    action: "none",
                    reason: "no twin id: no tags.dtId, deviceId or connection device id".into(),
                },
            },
            Kind::DeviceCreated | Kind::ModuleCreated => match (self.opts.on_create, &c.twin_id) {
                (OnCreate::Ignore, _) => skip("create event (--on-create ignore)"),
                (OnCreate::EnsureTwin, Some(t)) => match refused(t) {
                    Some(step) => step,
                    None => self.on_create(t, c.model.as_deref(), out).await,
                },
                (OnCreate::EnsureTwin, None) => Step::DeadLetter {
                    action: "ensure",
                    reason: "no twin id on the create event".into(),
                },
            },
            Kind::TwinChanged => skip("twin-change event"),
            Kind::ConnectionState => skip("connection-state event"),
            Kind::Other(ref op) => skip(&format!(
                "opType {op} is not a lifecycle operation twinbridge acts on"
            )),
            Kind::NotLifecycle => skip("not a lifecycle event (no opType)"),
        }
    }

    /// Apply one event; `behind` holds it back without trying (an earlier event of the same
    /// twin was handed back, and the order of one twin's events is kept). Returns the action
    /// and, when the event was handed back, why.
    async fn apply(
        &self,
        e: Event,
        out: &Outcomes,
        behind: Option<&Retry>,
    ) -> Result<(Action, Option<Retry>), DeadLetterError> {
        let started = Instant::now();
        let c = classify(&e);
        let step = match behind {
            Some(r) => Step::Retry(r.clone()),
            None => self.step(&c, out).await,
        };
        let kind = format!("{:?}", c.kind);
        let mut a = Action {
            time: now(),
            device: c.device_id.clone().unwrap_or_default(),
            twin: c.twin_id.clone().unwrap_or_default(),
            event: kind,
            action: String::new(),
            result: String::new(),
            detail: String::new(),
            duration_ms: 0,
            partition: e.partition.clone().unwrap_or_default(),
            sequence_number: e.sequence_number.unwrap_or(-1),
        };
        let counters = &self.counters;
        let mut handed_back = None;
        match step {
            Step::Done {
                action,
                result,
                detail,
            } => {
                let counter = match (action, result) {
                    (_, "gone") => &counters.gone,
                    (_, "skipped") => &counters.skipped,
                    ("delete", _) | ("would delete", _) => &counters.deleted,
                    ("detach", _) | ("would detach", _) => &counters.detached,
                    ("log", _) => &counters.logged,
                    _ => &counters.ensured,
                };
                counter.fetch_add(1, Ordering::Relaxed);
                (a.action, a.result, a.detail) = (action.into(), result.into(), detail);
                out.done([&position(&e)]);
            }
            Step::DeadLetter { action, reason } => {
                counters.dead_lettered.fetch_add(1, Ordering::Relaxed);
                out.dead_letter(&e, &reason, "lifecycle")?;
                (a.action, a.result, a.detail) = (action.into(), "dead-lettered".into(), reason);
            }
            Step::Retry(why) => {
                counters.retried.fetch_add(1, Ordering::Relaxed);
                let detail = match &why {
                    Retry::Outage { reason, .. } => format!("ADT unavailable: {reason}"),
                    Retry::Later(reason) => reason.clone(),
                };
                (a.action, a.result, a.detail) = ("none".into(), "retry".into(), detail);
                out.retry_later(e, why.clone());
                handed_back = Some(why);
            }
        }
        a.duration_ms = started.elapsed().as_millis() as u64;
        Ok((a, handed_back))
    }

    /// Handle delivered events: one twin's events in order, twins concurrently.
    pub async fn handle(
        &self,
        events: Vec<Event>,
        out: &Outcomes,
    ) -> Result<Vec<Action>, DeadLetterError> {
        let mut groups: Vec<(Option<String>, Vec<Event>)> = Vec::new();
        for e in events {
            let twin = classify(&e).twin_id;
            match groups
                .iter_mut()
                .find(|(t, _)| *t == twin && twin.is_some())
            {
                Some((_, g)) => g.push(e),
                None => groups.push((twin, vec![e])),
            }
        }
        let results: Vec<Result<Vec<Action>, DeadLetterError>> = futures::stream::iter(groups)
            .map(|(_, group)| async move {
                let mut actions = Vec::new();
                let mut behind: Option<Retry> = None;
                for e in group {
                    let (a, handed_back) = self.apply(e, out, behind.as_ref()).await?;
                    if handed_back.is_some() && behind.is_none() {
                        behind = Some(Retry::Later(format!(
                            "held behind an earlier event of twin {} ({})",
                            a.twin, a.detail
                        )));
                    }
                    actions.push(a);
                }
                Ok(actions)
            })
            .buffer_unordered(self.opts.concurrency.max(1))
            .collect()
            .await;
        let mut actions = Vec::new();
        for r in results {
            actions.extend(r?);
        }
        out.sync_dead_letters()?;
        Ok(actions)
    }
}

/// The lifecycle engine as a pipeline handler, passing every action to `actions` (the live
/// view, NDJSON output, the summary).
pub struct LifecycleHandler {
    pub engine: LifecycleEngine,
    pub actions: tokio::sync::mpsc::UnboundedSender<Action>,
}

#[async_trait::async_trait]
impl crate::events::pipeline::Handler for LifecycleHandler {
    async fn handle(&self, events: Vec<Event>, out: &Outcomes) -> Result<(), DeadLetterError> {
        for a in self.engine.handle(events, out).await? {
            let _ = self.actions.send(a);
        }
        Ok(())
    }

    /// Nothing periodic: held events come back through the pipeline's hold.
    async fn tick(&self, _out: &Outcomes) -> Result<(), DeadLetterError> {
        Ok(())
    }

    /// Nothing waits inside the engine between calls.
    fn pending(&self) -> usize {
        0
    }
}

//! DPS custom allocation: an AllocationRequest in, an AllocationResponse (or a typed error with
//! the HTTP status DPS would see) out.
//!
//! The policy (`policy`, `request`) is pure; the ADT step (`twin`) talks to ADT through the
//! client. [`Allocator`] adds what a server needs: single-flight per twin (concurrent duplicate
//! registrations share one ADT round trip), a short TTL cache of recent decisions, and counters.
//! [`allocate`] is the same logic without the cache, for one-shot callers.
mod error;
pub mod policy;
pub mod request;
mod stats;
mod template;
mod twin;

pub use error::AllocationError;
pub use policy::{
    AllocationPolicy, AllocationResponse, HubPolicy, InitialTwin, MismatchPolicy, ModelPattern,
    ParentSource, Plan, TwinIdTemplate, TwinProperties, check_twin_id,
};
pub use request::{AllocationRequest, check_registration_id};
pub use stats::{AdtOp, AllocatorStats};
pub use twin::relationship_id;

use crate::adt::AdtClient;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use twin::{KnownModel, Step, TwinState};

/// Default lifetime of a cached decision.
pub const DEFAULT_CACHE_TTL: Duration = Duration::from_secs(10);

/// What happened to the device's twin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TwinAction {
    /// The twin did not exist and was created.
    Created,
    /// The twin existed with the requested model.
    Reused,
    /// The twin existed with another model and was replaced (`replace`).
    Replaced,
    /// The twin existed with another model and was kept (`keep`).
    Kept,
    /// Dry run: the twin would be created.
    WouldCreate,
    /// Dry run: the twin would be replaced.
    WouldReplace,
}

impl TwinAction {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Created => "created",
            Self::Reused => "reused",
            Self::Replaced => "replaced",
            Self::Kept => "kept",
            Self::WouldCreate => "would-create",
            Self::WouldReplace => "would-replace",
        }
    }
}

/// What happened to the parent relationship.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ParentLink {
    /// The relationship was created.
    Linked,
    /// The relationship already existed.
    AlreadyLinked,
    /// The parent twin does not exist; the device was allocated without it.
    ParentMissing,
    /// Dry run: the relationship would be created if missing.
    WouldLink,
}

/// A successful allocation: the response for DPS and what was done to get it.
#[derive(Debug, Clone, Serialize)]
pub struct Allocation {
    /// The body DPS gets.
    pub response: AllocationResponse,
    pub twin_id: String,
    /// The twin's model (the requested one, except under `keep`).
    pub model: String,
    /// The model the device claimed (or the default model).
    pub requested_model: String,
    pub hub: String,
    pub action: TwinAction,
    /// The parent twin id and what happened to the relationship, when a parent applies.
    pub parent: Option<(String, ParentLink)>,
    /// Answered from the cache without calling ADT.
    pub cached: bool,
    /// ADT calls made for this allocation and the time spent in them.
    pub adt_calls: u32,
    #[serde(serialize_with = "ser_ms")]
    pub adt_time: Duration,
}

fn ser_ms<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64() * 1000.0)
}

/// A recent decision about one twin.
#[derive(Debug, Clone)]
struct Decision {
    requested_model: String,
    state: TwinState,
    parent: Option<(String, ParentLink)>,
    at: Instant,
}

type Slot = Arc<tokio::sync::Mutex<Option<Decision>>>;

/// How long a model seen in ADT is trusted (when caching is on at all).
const MODEL_TTL: Duration = Duration::from_secs(60);

/// The allocator a server keeps: policy, ADT client, single-flight slots, caches, counters.
pub struct Allocator {
    policy: AllocationPolicy,
    adt: AdtClient,
    cache_ttl: Duration,
    dry_run: bool,
    slots: Mutex<HashMap<String, Slot>>,
    sweep_at: Mutex<usize>,
    models: Mutex<HashMap<String, KnownModel>>,
    /// One model lookup in flight per model; the others wait for its answer.
    model_gates: crate::gate::KeyedGate,
    round_robin: AtomicUsize,
    stats: AllocatorStats,
    /// Undocumented request fields already logged at warn level (the rest go to debug).
    unknown_fields_seen: Mutex<HashSet<String>>,
}

/// How many distinct undocumented field names are remembered (and so warned about) at most.
const UNKNOWN_FIELDS_REMEMBERED: usize = 256;

/// Allocate once, without a cache (one-shot callers, the DPS emulator). Round-robin hub
/// selection needs a long-lived [`Allocator`]; here it always starts at the first hub.
pub async fn allocate(
    req: &AllocationRequest,
    policy: &AllocationPolicy,
    adt: &AdtClient,
) -> Result<Allocation, AllocationError> {
    Allocator::new(policy.clone(), adt.clone())
        .with_cache_ttl(Duration::ZERO)
        .allocate(req)
        .await
}

impl Allocator {
    /// An allocator with the default cache TTL.
    pub fn new(policy: AllocationPolicy, adt: AdtClient) -> Self {
        Self {
            policy,
            adt,
            cache_ttl: DEFAULT_CACHE_TTL,
            dry_run: false,
            slots: Mutex::new(HashMap::new()),
            sweep_at: Mutex::new(1024),
            models: Mutex::new(HashMap::new()),
            model_gates: crate::gate::KeyedGate::default(),
            round_robin: AtomicUsize::new(0),
            stats: AllocatorStats::default(),
            unknown_fields_seen: Mutex::new(HashSet::new()),
        }
    }

    /// How long a decision (and a model's existence) is reused; zero disables the cache but
    /// keeps single-flight.
    pub fn with_cache_ttl(mut self, ttl: Duration) -> Self {
        self.cache_ttl = ttl;
        self
    }

    /// Read ADT but write nothing; the actions say what would have happened.
    pub fn with_dry_run(mut self, dry_run: bool) -> Self {
        self.dry_run = dry_run;
        self
    }

    pub fn policy(&self) -> &AllocationPolicy {
        &self.policy
    }

    pub fn adt(&self) -> &AdtClient {
        &self.adt
    }

    pub fn stats(&self) -> &AllocatorStats {
        &self.stats
    }

    /// Parse request bytes with the policy's strictness, then allocate.
    pub async fn allocate_json(&self, body: &[u8]) -> Result<Allocation, AllocationError> {
        let req = AllocationRequest::from_slice(body, self.policy.allow_unknown_fields)?;
        self.allocate(&req).await
    }

    /// Log the request's undocumented fields: each name once at warn level (DPS may have
    /// started sending it), then at debug level.
    fn log_unknown_fields(&self, req: &AllocationRequest) {
        for field in &req.unknown_fields {
            let first = {
                let mut seen = self
                    .unknown_fields_seen
                    .lock()
                    .unwrap_or_else(|p| p.into_inner());
                seen.len() < UNKNOWN_FIELDS_REMEMBERED && seen.insert(field.clone())
            };
            if first {
                tracing::warn!(
                    field = field.as_str(),
                    "the AllocationRequest has a field DPS does not document; accepted (pass --strict-request to refuse such requests)"
                );
            } else {
                tracing::debug!(
                    field = field.as_str(),
                    registration_id = req.registration_id.as_str(),
                    "undocumented AllocationRequest field accepted"
                );
            }
        }
    }

    /// Allocate one request.
    pub async fn allocate(&self, req: &AllocationRequest) -> Result<Allocation, AllocationError> {
        self.log_unknown_fields(req);
        let plan = self.policy.plan(req)?;
        if plan.parent.as_deref() == Some(plan.twin_id.as_str()) {
            return Err(AllocationError::BadRequest {
                message: format!(
                    "the device names its own twin {:?} as its parent",
                    plan.twin_id
                ),
            });
        }
        let slot = self.slot(&plan.twin_id);
        let mut guard = match slot.try_lock() {
            Ok(g) => g,
            Err(_) => {
                self.stats
                    .single_flight_waits
                    .fetch_add(1, Ordering::Relaxed);
                slot.lock().await
            }
        };
        let fresh = guard.as_ref().filter(|d| {
            !self.dry_run
                && d.at.elapsed() < self.cache_ttl
                && d.requested_model == plan.model
                && d.parent.as_ref().map(|p| &p.0) == plan.parent.as_ref()
        });
        let mut step = Step {
            adt: &self.adt,
            stats: &self.stats,
            models: &self.models,
            model_gates: &self.model_gates,
            // Models are immutable once created: a seen model is trusted longer than a
            // decision (a twin of a model deleted meanwhile fails at ADT and says so).
            model_ttl: if self.cache_ttl.is_zero() {
                Duration::ZERO
            } else {
                self.cache_ttl.max(MODEL_TTL)
            },
            dry_run: self.dry_run,
            calls: 0,
            time: Duration::ZERO,
        };
        let (state, parent, cached) = match fresh {
            Some(d) => {
                self.stats.cache_hits.fetch_add(1, Ordering::Relaxed);
                let action = match d.state.action {
                    TwinAction::Kept => TwinAction::Kept,
                    _ => TwinAction::Reused,
                };
                let parent = d.parent.clone().map(|(p, link)| match link {
                    ParentLink::Linked => (p, ParentLink::AlreadyLinked),
                    other => (p, other),
                });
                let state = TwinState {
                    model: d.state.model.clone(),
                    action,
                };
                (state, parent, true)
            }
            None => {
                let state = step.ensure_twin(&self.policy, &plan).await?;
                let parent = match &plan.parent {
                    Some(p) => Some((
                        p.clone(),
                        step.ensure_parent(&self.policy.parent_relationship, p, &plan.twin_id)
                            .await?,
                    )),
                    None => None,
                };
                if !self.dry_run {
                    *guard = Some(Decision {
                        requested_model: plan.model.clone(),
                        state: state.clone(),
                        parent: parent.clone(),
                        at: Instant::now(),
                    });
                }
                (state, parent, false)
            }
        };
        drop(guard);
        drop(slot);
        self.sweep();
        let hub = self
            .policy
            .select_hub(req, &state.model, &self.round_robin)?;
        let response = self.policy.response(&plan.twin_id, &state.model, &hub);
        Ok(Allocation {
            response,
            twin_id: plan.twin_id,
            model: state.model,
            requested_model: plan.model,
            hub,
            action: state.action,
            parent,
            cached,
            adt_calls: step.calls,
            adt_time: step.time,
        })
    }

    fn slot(&self, twin_id: &str) -> Slot {
        let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        slots.entry(twin_id.to_string()).or_default().clone()
    }

    /// Drop slots nobody holds whose decision expired, once the map has grown.
    fn sweep(&self) {
        let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        let mut sweep_at = self.sweep_at.lock().unwrap_or_else(|p| p.into_inner());
        if slots.len() < *sweep_at {
            return;
        }
        let ttl = self.cache_ttl;
        slots.retain(|_, slot| {
            Arc::strong_count(slot) > 1
                || match slot.try_lock() {
                    Ok(d) => d.as_ref().is_some_and(|d| d.at.elapsed() < ttl),
                    Err(_) => true,
                }
        });
        *sweep_at = (slots.len() * 2).max(1024);
    }

    /// Slots currently held (for tests of the sweep).
    pub fn cached_twins(&self) -> usize {
        self.slots.lock().unwrap_or_else(|p| p.into_inner()).len()
    }
}

//! The ADT step of an allocation: find or create the device's twin (applying the mismatch
//! policy), check the model exists, and relate the parent. Network I/O through the ADT client
//! only; every call is counted and timed. A new twin carries every component of its model (own
//! and inherited) as `{"$metadata":{}}`, as ADT requires at creation: the model lookup reads the
//! model with its dependencies and builds that body once per model.
use super::policy::{AllocationPolicy, MismatchPolicy, Plan};
use super::stats::{AdtOp, AllocatorStats};
use super::{AllocationError, ParentLink, TwinAction};
use crate::adt::{AdtClient, AdtError, ErrorCode, twin_model};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How often a create that lost a race (412) re-reads the twin before giving up.
const CREATE_RACE_ATTEMPTS: u32 = 3;

/// A model seen in ADT: when, and the body a new twin of it is created with.
#[derive(Debug, Clone)]
pub(crate) struct KnownModel {
    seen: Instant,
    initial: Arc<Value>,
}

/// The twin after the step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TwinState {
    /// The twin's model (differs from the requested one only under `keep`).
    pub model: String,
    pub action: TwinAction,
}

/// One allocation's view of ADT: the client, counters, and what the calls cost.
pub(crate) struct Step<'a> {
    pub adt: &'a AdtClient,
    pub stats: &'a AllocatorStats,
    /// Models known to exist (with when that was seen), shared across allocations.
    pub models: &'a Mutex<HashMap<String, KnownModel>>,
    /// Per-model gates: one lookup in flight per model.
    pub model_gates: &'a crate::gate::KeyedGate,
    pub model_ttl: Duration,
    pub dry_run: bool,
    pub calls: u32,
    pub time: Duration,
}

impl Step<'_> {
    async fn call<T>(
        &mut self,
        op: AdtOp,
        fut: impl Future<Output = Result<T, AdtError>>,
    ) -> Result<T, AdtError> {
        let started = Instant::now();
        let result = fut.await;
        self.time += started.elapsed();
        self.calls += 1;
        self.stats.record_adt(op, result.as_ref().err());
        result
    }

    /// The model must exist in ADT and not be decommissioned (cached for `model_ttl`).
    fn model_known(&self, model: &str) -> Option<Arc<Value>> {
        self.models
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(model)
            .filter(|k| k.seen.elapsed() < self.model_ttl)
            .map(|k| k.initial.clone())
    }

    /// Check the model and return the create body of a twin of it. Single-flight: a burst of
    /// new devices of one model makes one lookup, not one each.
    async fn check_model(&mut self, model: &str) -> Result<Arc<Value>, AllocationError> {
        if let Some(body) = self.model_known(model) {
            return Ok(body);
        }
        let _turn = self.model_gates.turn(model).await;
        if let Some(body) = self.model_known(model) {
            return Ok(body);
        }
        let adt = self.adt;
        let ids = [model.to_string()];
        let unknown = || AllocationError::UnknownModel {
            model: model.to_string(),
        };
        let defs = match self
            .call(AdtOp::GetModel, adt.list_models(&ids, true))
            .await
        {
            Ok(defs) => defs,
            Err(e) if e.is_not_found() => return Err(unknown()),
            Err(e) => return Err(AllocationError::from_adt(e)),
        };
        match defs.iter().find(|d| d.id == model) {
            None => return Err(unknown()),
            Some(d) if d.decommissioned => {
                return Err(AllocationError::ModelDecommissioned {
                    model: model.to_string(),
                });
            }
            Some(_) => {}
        }
        let initial = Arc::new(match crate::models::parse_instance(&defs) {
            Ok(set) => crate::dtdl::initial_twin(&set, model),
            // ADT accepted the model, so let ADT judge the twin: without components it works.
            Err(diags) => {
                tracing::warn!(
                    "model {model} does not parse here ({}); creating its twins without components",
                    diags.first().map(ToString::to_string).unwrap_or_default()
                );
                json!({ "$metadata": { "$model": model } })
            }
        });
        let mut models = self.models.lock().unwrap_or_else(|p| p.into_inner());
        if models.len() > 10_000 {
            models.clear();
        }
        models.insert(
            model.to_string(),
            KnownModel {
                seen: Instant::now(),
                initial: initial.clone(),
            },
        );
        Ok(initial)
    }

    /// Find or create the twin of `plan`, applying the mismatch policy.
    pub async fn ensure_twin(
        &mut self,
        policy: &AllocationPolicy,
        plan: &Plan,
    ) -> Result<TwinState, AllocationError> {
        let adt = self.adt;
        let id = plan.twin_id.as_str();
        for _ in 0..CREATE_RACE_ATTEMPTS {
            match self.call(AdtOp::GetTwin, adt.get_twin(id)).await {
                Ok(twin) => {
                    let existing = twin_model(&twin).unwrap_or_default().to_string();
                    if existing == plan.model {
                        return Ok(TwinState {
                            model: existing,
                            action: TwinAction::Reused,
                        });
                    }
                    return match policy.on_model_mismatch {
                        MismatchPolicy::Reject => Err(AllocationError::ModelMismatch {
                            twin_id: id.to_string(),
                            existing,
                            requested: plan.model.clone(),
                        }),
                        MismatchPolicy::Keep => Ok(TwinState {
                            model: existing,
                            action: TwinAction::Kept,
                        }),
                        MismatchPolicy::Replace => {
                            let body = self.check_model(&plan.model).await?;
                            if self.dry_run {
                                return Ok(TwinState {
                                    model: plan.model.clone(),
                                    action: TwinAction::WouldReplace,
                                });
                            }
                            self.call(AdtOp::PutTwin, adt.put_twin(id, &body, false))
                                .await
                                .map_err(|e| write_error(e, &plan.model))?;
                            Ok(TwinState {
                                model: plan.model.clone(),
                                action: TwinAction::Replaced,
                            })
                        }
                    };
                }
                Err(e) if e.is_not_found() => {
                    let body = self.check_model(&plan.model).await?;
                    if self.dry_run {
                        return Ok(TwinState {
                            model: plan.model.clone(),
                            action: TwinAction::WouldCreate,
                        });
                    }
                    match self
                        .call(AdtOp::PutTwin, adt.put_twin(id, &body, true))
                        .await
                    {
                        Ok(_) => {
                            return Ok(TwinState {
                                model: plan.model.clone(),
                                action: TwinAction::Created,
                            });
                        }
                        // Created by someone else since our GET (another replica): read again.
                        Err(e) if e.status() == Some(412) => continue,
                        Err(e) => return Err(write_error(e, &plan.model)),
                    }
                }
                Err(e) => return Err(AllocationError::from_adt(e)),
            }
        }
        Err(AllocationError::Contended {
            twin_id: id.to_string(),
        })
    }

    /// Relate `parent -[relationship]-> twin` unless it already is; a missing parent is not an
    /// error (the device is allocated without it).
    pub async fn ensure_parent(
        &mut self,
        relationship: &str,
        parent: &str,
        twin_id: &str,
    ) -> Result<ParentLink, AllocationError> {
        if self.dry_run {
            return Ok(ParentLink::WouldLink);
        }
        let adt = self.adt;
        let rid = relationship_id(relationship, twin_id);
        let body = json!({ "$targetId": twin_id, "$relationshipName": relationship });
        match self
            .call(
                AdtOp::PutRelationship,
                adt.put_relationship(parent, &rid, &body, true),
            )
            .await
        {
            Ok(_) => Ok(ParentLink::Linked),
            Err(e) if e.status() == Some(412) => Ok(ParentLink::AlreadyLinked),
            Err(e) if e.is_code(&ErrorCode::DigitalTwinNotFound) => Ok(ParentLink::ParentMissing),
            Err(e @ AdtError::Service { status: 400, .. }) => {
                let message = match &e {
                    AdtError::Service {
                        message, details, ..
                    } if !details.is_empty() => format!("{message} {}", details.join(" ")),
                    AdtError::Service { message, .. } => message.clone(),
                    _ => e.to_string(),
                };
                Err(AllocationError::ParentRefused {
                    parent: parent.to_string(),
                    relationship: relationship.to_string(),
                    twin_id: twin_id.to_string(),
                    message,
                })
            }
            Err(e) => Err(AllocationError::from_adt(e)),
        }
    }
}

/// Map a failed twin PUT: model problems get their own errors.
fn write_error(e: AdtError, model: &str) -> AllocationError {
    if e.is_code(&ErrorCode::ModelNotFound) {
        return AllocationError::UnknownModel {
            model: model.to_string(),
        };
    }
    if e.is_code(&ErrorCode::ModelDecommissioned) {
        return AllocationError::ModelDecommissioned {
            model: model.to_string(),
        };
    }
    AllocationError::from_adt(e)
}

/// The relationship id of `parent -[name]-> twin`: `{name}-{twinId}`, or a hash of the twin id
/// when that would pass ADT's 512-character limit.
pub fn relationship_id(name: &str, twin_id: &str) -> String {
    let id = format!("{name}-{twin_id}");
    if id.chars().count() <= super::policy::MAX_TWIN_ID {
        return id;
    }
    let digest = Sha256::digest(twin_id.as_bytes());
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("{name}-{hex}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relationship_ids_are_stable_and_bounded() {
        assert_eq!(relationship_id("contains", "dev1"), "contains-dev1");
        let long = "x".repeat(510);
        let rid = relationship_id("contains", &long);
        assert!(rid.len() <= 512 && rid.starts_with("contains-"));
        assert_eq!(rid, relationship_id("contains", &long));
    }
}

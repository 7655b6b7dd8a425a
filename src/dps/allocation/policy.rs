//! The allocation policy: what twin id a device gets, which models it may claim, what happens on
//! a model mismatch, which hub it is assigned to, and what DPS gets back. Pure: no I/O.
use super::AllocationError;
use super::request::AllocationRequest;
pub use super::template::{MAX_TWIN_ID, TwinIdTemplate, check_twin_id};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A model allow-list entry: `*`, an exact DTMI, or a prefix ending in `*`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelPattern {
    /// `*`: every model that exists in the instance.
    Any,
    /// One DTMI exactly (DTMIs are case-sensitive).
    Exact(String),
    /// Every DTMI starting with this text (`dtmi:contosocom:*`).
    Prefix(String),
}

impl ModelPattern {
    /// Parse `*`, `dtmi:...` or `dtmi:...*`.
    pub fn parse(s: &str) -> Result<Self, String> {
        let s = s.trim();
        if s == "*" {
            return Ok(Self::Any);
        }
        if !s.starts_with("dtmi:") {
            return Err(format!(
                "model pattern {s:?} must be a DTMI (dtmi:com:example:Thermostat;1), a prefix ending in * (dtmi:com:example:*), or * for every model"
            ));
        }
        match s.strip_suffix('*') {
            Some(prefix) if prefix.contains('*') => {
                Err(format!("model pattern {s:?} may contain * only at the end"))
            }
            Some(prefix) => Ok(Self::Prefix(prefix.to_string())),
            None if s.contains('*') => {
                Err(format!("model pattern {s:?} may contain * only at the end"))
            }
            None => crate::dtdl::check_dtmi(s, 3)
                .map(|_| Self::Exact(s.to_string()))
                .map_err(|e| format!("model pattern {e}")),
        }
    }

    /// True when `model` matches.
    pub fn matches(&self, model: &str) -> bool {
        match self {
            Self::Any => true,
            Self::Exact(m) => m == model,
            Self::Prefix(p) => model.starts_with(p.as_str()),
        }
    }
}

impl ModelPattern {
    /// How specific the pattern is: an exact DTMI beats any prefix, a longer prefix beats a
    /// shorter one, `*` is last.
    pub fn specificity(&self) -> usize {
        match self {
            Self::Any => 0,
            Self::Prefix(p) => 1 + p.len(),
            Self::Exact(_) => usize::MAX,
        }
    }
}

impl fmt::Display for ModelPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Any => f.write_str("*"),
            Self::Exact(m) => f.write_str(m),
            Self::Prefix(p) => write!(f, "{p}*"),
        }
    }
}

/// What to do when the device's twin exists with another model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MismatchPolicy {
    /// Fail the registration, naming both models (the default).
    #[default]
    Reject,
    /// Keep the existing twin and its model; the device is told the twin's real model.
    Keep,
    /// Replace the twin with a fresh one of the requested model (the sample's behaviour).
    Replace,
}

impl std::str::FromStr for MismatchPolicy {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "reject" => Ok(Self::Reject),
            "keep" => Ok(Self::Keep),
            "replace" => Ok(Self::Replace),
            _ => Err(format!(
                "on-model-mismatch {s:?} must be reject, keep or replace"
            )),
        }
    }
}

impl fmt::Display for MismatchPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Reject => "reject",
            Self::Keep => "keep",
            Self::Replace => "replace",
        })
    }
}

/// How the IoT hub is chosen among `linkedHubs`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum HubPolicy {
    /// Always the first linked hub (the sample's behaviour).
    First,
    /// Rendezvous hash of the registration id: stable per device, spread evenly, and only the
    /// devices of a removed hub move when the list changes (the default).
    #[default]
    Hash,
    /// Each allocation takes the next linked hub.
    RoundRobin,
    /// The most specific rule whose model pattern matches picks the hub (exact DTMI, then the
    /// longest prefix, then `*`; the first of equals); no match falls back to `Hash`.
    Map(Vec<(ModelPattern, String)>),
}

impl HubPolicy {
    /// The policy's name as written in settings.
    pub fn name(&self) -> &'static str {
        match self {
            Self::First => "first",
            Self::Hash => "hash",
            Self::RoundRobin => "round-robin",
            Self::Map(_) => "map",
        }
    }
}

/// Where the optional parent twin id comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParentSource {
    /// A string field of the device's payload (`payload.parentId`).
    Payload(String),
    /// One fixed twin for every device (`twin:building-1`).
    Twin(String),
}

impl ParentSource {
    /// Parse `payload.FIELD` or `twin:ID`.
    pub fn parse(s: &str) -> Result<Self, String> {
        if let Some(field) = s.strip_prefix("payload.").filter(|f| !f.is_empty()) {
            return Ok(Self::Payload(field.to_string()));
        }
        if let Some(id) = s.strip_prefix("twin:") {
            check_twin_id(id).map_err(|e| format!("parent {e}"))?;
            return Ok(Self::Twin(id.to_string()));
        }
        Err(format!(
            "parent source {s:?} must be payload.FIELD (e.g. payload.parentId) or twin:ID (e.g. twin:building-1)"
        ))
    }
}

/// The whole policy. `Default` is the documented default: twin id `{registrationId}`, no default
/// model, an empty allow-list (every model refused), `reject` on mismatch, `hash` hub selection,
/// sticky hubs, no parent, payload with the twin id.
#[derive(Debug, Clone)]
pub struct AllocationPolicy {
    pub twin_id: TwinIdTemplate,
    /// Model when the payload has no `modelId`.
    pub default_model: Option<String>,
    /// Models a device may claim; empty refuses every model.
    pub allowed_models: Vec<ModelPattern>,
    pub on_model_mismatch: MismatchPolicy,
    pub hub_policy: HubPolicy,
    /// A re-registering device stays on `currentIotHubHostName` while it is still linked.
    pub sticky_hub: bool,
    pub parent: Option<ParentSource>,
    /// Name of the parent's relationship to the device's twin.
    pub parent_relationship: String,
    /// Extra `initialTwin.tags` (besides `dtId` and `dtmi`).
    pub extra_tags: Map<String, Value>,
    /// `initialTwin.properties.desired`.
    pub desired_properties: Map<String, Value>,
    /// Return `{"dtId", "dtmi"}` to the device as the response `payload`.
    pub response_payload: bool,
    /// Accept undocumented request fields (and log them) instead of answering 400: the
    /// default, so a field DPS adds does not fail every registration. `false` is the strict
    /// mode (`--strict-request`).
    pub allow_unknown_fields: bool,
}

impl Default for AllocationPolicy {
    fn default() -> Self {
        Self {
            twin_id: TwinIdTemplate::default(),
            default_model: None,
            allowed_models: Vec::new(),
            on_model_mismatch: MismatchPolicy::Reject,
            hub_policy: HubPolicy::Hash,
            sticky_hub: true,
            parent: None,
            parent_relationship: "contains".into(),
            extra_tags: Map::new(),
            desired_properties: Map::new(),
            response_payload: true,
            allow_unknown_fields: true,
        }
    }
}

/// What the pure part decides before ADT is asked: the twin, the claimed model, the parent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub twin_id: String,
    pub model: String,
    pub parent: Option<String>,
}

impl AllocationPolicy {
    /// Twin id, model and parent for a request; refuses a missing, malformed or disallowed
    /// model before anything reaches ADT.
    pub fn plan(&self, req: &AllocationRequest) -> Result<Plan, AllocationError> {
        let twin_id = self.twin_id.render(req)?;
        let model = match req.payload_field("modelId") {
            Some(Value::String(m)) if !m.is_empty() => m.clone(),
            None | Some(Value::Null) => {
                self.default_model.clone().ok_or(AllocationError::NoModel)?
            }
            Some(Value::String(_)) => self.default_model.clone().ok_or(AllocationError::NoModel)?,
            Some(other) => {
                return Err(AllocationError::BadRequest {
                    message: format!(
                        "deviceRuntimeContext.payload.modelId must be a DTMI string, not {}",
                        super::request::kind(other)
                    ),
                });
            }
        };
        crate::dtdl::check_dtmi(&model, 3).map_err(|e| AllocationError::BadRequest {
            message: format!(
                "deviceRuntimeContext.payload.modelId {}",
                crate::output::sanitize(&e)
            ),
        })?;
        if !self.allowed_models.iter().any(|p| p.matches(&model)) {
            return Err(AllocationError::ModelNotAllowed {
                model,
                allowed: self
                    .allowed_models
                    .iter()
                    .map(ToString::to_string)
                    .collect(),
            });
        }
        let parent = match &self.parent {
            None => None,
            Some(ParentSource::Twin(id)) => Some(id.clone()),
            Some(ParentSource::Payload(field)) => match req.payload_field(field) {
                None | Some(Value::Null) => None,
                Some(Value::String(id)) => {
                    check_twin_id(id).map_err(|e| AllocationError::BadRequest {
                        message: format!("deviceRuntimeContext.payload.{field}: parent {e}"),
                    })?;
                    Some(id.clone())
                }
                Some(other) => {
                    return Err(AllocationError::BadRequest {
                        message: format!(
                            "deviceRuntimeContext.payload.{field} must be the parent's twin id (a string), not {}",
                            super::request::kind(other)
                        ),
                    });
                }
            },
        };
        Ok(Plan {
            twin_id,
            model,
            parent,
        })
    }

    /// The hub for a request whose twin has `model`; `turn` is the caller's round-robin counter
    /// (taken only under `round-robin`).
    pub fn select_hub(
        &self,
        req: &AllocationRequest,
        model: &str,
        turn: &AtomicUsize,
    ) -> Result<String, AllocationError> {
        let linked = &req.linked_hubs;
        if self.sticky_hub
            && let Some(cur) = &req.current_hub
            && let Some(h) = linked.iter().find(|h| h.eq_ignore_ascii_case(cur))
        {
            return Ok(h.clone());
        }
        let hash = || rendezvous(&req.registration_id, linked);
        match &self.hub_policy {
            HubPolicy::First => Ok(linked[0].clone()),
            HubPolicy::Hash => Ok(hash()),
            HubPolicy::RoundRobin => {
                let n = turn.fetch_add(1, Ordering::Relaxed);
                Ok(linked[n % linked.len()].clone())
            }
            HubPolicy::Map(rules) => {
                match rules
                    .iter()
                    .filter(|(p, _)| p.matches(model))
                    .reduce(|best, r| {
                        if r.0.specificity() > best.0.specificity() {
                            r
                        } else {
                            best
                        }
                    }) {
                    None => Ok(hash()),
                    Some((pattern, hub)) => linked
                        .iter()
                        .find(|h| h.eq_ignore_ascii_case(hub))
                        .cloned()
                        .ok_or_else(|| AllocationError::HubNotLinked {
                            hub: hub.clone(),
                            rule: pattern.to_string(),
                            linked: linked.clone(),
                        }),
                }
            }
        }
    }

    /// The AllocationResponse for a twin `twin_id` of `model` on `hub`.
    pub fn response(&self, twin_id: &str, model: &str, hub: &str) -> AllocationResponse {
        let mut tags = Map::new();
        tags.insert("dtmi".into(), Value::String(model.into()));
        tags.insert("dtId".into(), Value::String(twin_id.into()));
        for (k, v) in &self.extra_tags {
            tags.entry(k.clone()).or_insert_with(|| v.clone());
        }
        let payload = self
            .response_payload
            .then(|| serde_json::json!({ "dtId": twin_id, "dtmi": model }));
        AllocationResponse {
            iot_hub_host_name: hub.into(),
            initial_twin: Some(InitialTwin {
                tags,
                properties: TwinProperties {
                    desired: self.desired_properties.clone(),
                },
            }),
            payload,
        }
    }
}

/// The hub with the highest SHA-256 score for (registration id, hub): rendezvous hashing.
fn rendezvous(registration_id: &str, hubs: &[String]) -> String {
    let key = registration_id.to_ascii_lowercase();
    let score = |hub: &String| {
        let mut h = Sha256::new();
        h.update(key.as_bytes());
        h.update([0u8]);
        h.update(hub.to_ascii_lowercase().as_bytes());
        let d = h.finalize();
        u64::from_be_bytes([d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]])
    };
    hubs.iter()
        .max_by_key(|h| score(h))
        .cloned()
        .unwrap_or_default()
}

/// The AllocationResponse body DPS expects (protocol reference A.3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AllocationResponse {
    pub iot_hub_host_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial_twin: Option<InitialTwin>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload: Option<Value>,
}

/// `initialTwin`: the IoT Hub device twin DPS sets on assignment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InitialTwin {
    pub tags: Map<String, Value>,
    pub properties: TwinProperties,
}

/// `initialTwin.properties`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TwinProperties {
    pub desired: Map<String, Value>,
}

#[cfg(test)]
#[path = "policy_tests.rs"]
mod tests;

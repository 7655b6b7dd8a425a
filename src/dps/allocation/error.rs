//! Why an allocation failed, and the HTTP status DPS sees for it.
//!
//! DPS fails the registration on any non-2xx status below 429 (errorCode 400207, or 400209 for a
//! 401) and retries on 429 and above, so transient ADT trouble maps to 429/503 and everything a
//! retry cannot fix maps below 429. This type never uses 401: that status means "wrong function
//! key" to DPS and is the webhook's alone.
use crate::adt::AdtError;
use serde_json::{Value, json};
use std::time::Duration;

/// A failed allocation.
#[derive(Debug, thiserror::Error)]
pub enum AllocationError {
    /// The request is malformed or breaks DPS's rules (400).
    #[error("bad AllocationRequest: {message}")]
    BadRequest { message: String },
    /// The twin id template produced an id ADT would not accept (400).
    #[error("cannot derive a valid twin id ({id}): {reason}")]
    InvalidTwinId { id: String, reason: String },
    /// The payload has no `modelId` and no default model is set (400).
    #[error(
        "the device sent no payload.modelId and no default model is configured (set default-model / --default-model)"
    )]
    NoModel,
    /// The model is not on the allow-list (403).
    #[error("model {model} is not allowed (allowed: {})", if allowed.is_empty() { "none configured".to_string() } else { allowed.join(", ") })]
    ModelNotAllowed { model: String, allowed: Vec<String> },
    /// The model is allowed but not uploaded to ADT (422).
    #[error("model {model} does not exist in ADT; upload it first (twinbridge models upload)")]
    UnknownModel { model: String },
    /// The model is decommissioned in ADT (422).
    #[error("model {model} is decommissioned in ADT; new twins of it cannot be created")]
    ModelDecommissioned { model: String },
    /// The twin exists with another model and the policy is `reject` (409).
    #[error(
        "twin {twin_id} exists with model {existing} but the device claims {requested}; on-model-mismatch is reject (keep or replace change that)"
    )]
    ModelMismatch {
        twin_id: String,
        existing: String,
        requested: String,
    },
    /// A hub-map rule names a hub the enrollment does not link (422).
    #[error("hub-map rule {rule} picks {hub}, which is not among the enrollment's linked hubs ({})", linked.join(", "))]
    HubNotLinked {
        hub: String,
        rule: String,
        linked: Vec<String>,
    },
    /// ADT refused the parent relationship (422): wrong relationship name or target model.
    #[error("cannot relate parent {parent} -[{relationship}]-> {twin_id}: {message}")]
    ParentRefused {
        parent: String,
        relationship: String,
        twin_id: String,
        message: String,
    },
    /// ADT is throttling (429: DPS retries).
    #[error("ADT is throttling; DPS should retry: {source}")]
    Throttled {
        retry_after: Option<Duration>,
        source: Box<AdtError>,
    },
    /// ADT is unavailable or unreachable, or no token could be had (503: DPS retries).
    #[error("ADT is unavailable; DPS should retry: {source}")]
    AdtUnavailable { source: Box<AdtError> },
    /// ADT refused a request for a reason a retry does not fix (424).
    #[error("ADT refused the request: {source}")]
    Adt { source: Box<AdtError> },
    /// The twin kept appearing and disappearing under concurrent writers (503: DPS retries).
    #[error("twin {twin_id} changed concurrently while being created; DPS should retry")]
    Contended { twin_id: String },
    /// The allocation took longer than the request timeout (503: DPS retries).
    #[error("the allocation did not finish within {0:?}; DPS should retry")]
    Timeout(Duration),
}

impl AllocationError {
    /// The HTTP status DPS sees.
    pub fn status(&self) -> u16 {
        match self {
            Self::BadRequest { .. } | Self::InvalidTwinId { .. } | Self::NoModel => 400,
            Self::ModelNotAllowed { .. } => 403,
            Self::ModelMismatch { .. } => 409,
            Self::UnknownModel { .. }
            | Self::ModelDecommissioned { .. }
            | Self::HubNotLinked { .. }
            | Self::ParentRefused { .. } => 422,
            Self::Adt { .. } => 424,
            Self::Throttled { .. } => 429,
            Self::AdtUnavailable { .. } | Self::Contended { .. } | Self::Timeout(_) => 503,
        }
    }

    /// A stable error code for bodies, logs and metrics.
    pub fn code(&self) -> &'static str {
        match self {
            Self::BadRequest { .. } => "BadRequest",
            Self::InvalidTwinId { .. } => "InvalidTwinId",
            Self::NoModel => "NoModel",
            Self::ModelNotAllowed { .. } => "ModelNotAllowed",
            Self::UnknownModel { .. } => "UnknownModel",
            Self::ModelDecommissioned { .. } => "ModelDecommissioned",
            Self::ModelMismatch { .. } => "ModelMismatch",
            Self::HubNotLinked { .. } => "HubNotLinked",
            Self::ParentRefused { .. } => "ParentRefused",
            Self::Throttled { .. } => "AdtThrottled",
            Self::AdtUnavailable { .. } => "AdtUnavailable",
            Self::Adt { .. } => "AdtRefused",
            Self::Contended { .. } => "Contended",
            Self::Timeout(_) => "Timeout",
        }
    }

    /// Seconds for a `Retry-After` header (only for statuses DPS retries).
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            Self::Throttled { retry_after, .. } => Some(
                retry_after
                    .map(|d| d.as_secs_f64().ceil() as u64)
                    .unwrap_or(1)
                    .max(1),
            ),
            Self::AdtUnavailable { .. } | Self::Contended { .. } | Self::Timeout(_) => Some(1),
            _ => None,
        }
    }

    /// True when DPS retries on this status (429 and above).
    pub fn dps_retries(&self) -> bool {
        self.status() >= 429
    }

    /// The JSON body: `{"error":{"code","message","status"}}`.
    pub fn body(&self) -> Value {
        json!({ "error": {
            "code": self.code(),
            "message": crate::output::sanitize(&self.to_string()),
            "status": self.status(),
        }})
    }

    /// Classify an ADT failure that is not otherwise handled.
    pub fn from_adt(e: AdtError) -> Self {
        match &e {
            AdtError::Exhausted {
                status: 429,
                retry_after,
                ..
            } => Self::Throttled {
                retry_after: *retry_after,
                source: Box::new(e),
            },
            AdtError::Service { status: 429, .. } => Self::Throttled {
                retry_after: None,
                source: Box::new(e),
            },
            AdtError::Exhausted { .. } | AdtError::Transport { .. } | AdtError::Auth(_) => {
                Self::AdtUnavailable {
                    source: Box::new(e),
                }
            }
            AdtError::Service { status, .. } if *status >= 500 || *status == 408 => {
                Self::AdtUnavailable {
                    source: Box::new(e),
                }
            }
            _ => Self::Adt {
                source: Box::new(e),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(status: u16) -> AdtError {
        AdtError::Service {
            method: "GET".into(),
            path: "/digitaltwins/x".into(),
            status,
            code: crate::adt::ErrorCode::Other("X".into()),
            message: "m".into(),
            details: vec![],
        }
    }

    #[test]
    fn adt_failures_map_to_what_dps_should_do() {
        let throttled = AllocationError::from_adt(AdtError::Exhausted {
            method: "PUT".into(),
            path: "/digitaltwins/x".into(),
            status: 429,
            attempts: 3,
            retry_after: Some(Duration::from_millis(2500)),
        });
        assert_eq!(throttled.status(), 429);
        assert_eq!(throttled.retry_after(), Some(3));
        assert!(throttled.dps_retries());
        assert_eq!(AllocationError::from_adt(service(503)).status(), 503);
        assert_eq!(AllocationError::from_adt(service(403)).status(), 424);
        assert!(!AllocationError::from_adt(service(400)).dps_retries());
    }

    #[test]
    fn no_allocation_error_is_401() {
        let all = [
            AllocationError::NoModel,
            AllocationError::from_adt(service(401)),
            AllocationError::Timeout(Duration::from_secs(1)),
        ];
        assert!(all.iter().all(|e| e.status() != 401));
    }
}

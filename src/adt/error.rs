//! ADT errors, typed from the error body and `x-ms-error-code`.
use std::time::Duration;

/// The ADT error codes twinbridge acts on; anything else is kept as `Other`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorCode {
    DigitalTwinNotFound,
    RelationshipNotFound,
    TargetTwinNotFound,
    ModelNotFound,
    ComponentNotFound,
    RelationshipsNotDeleted,
    RelationshipAlreadyExists,
    ModelAlreadyExists,
    /// The other spelling of [`Self::ModelAlreadyExists`] that Microsoft's docs show.
    ModelIdAlreadyExists,
    ModelReferencesNotDeleted,
    ModelReferencesNotDecommissioned,
    ModelDecommissioned,
    ValidationFailed,
    PreconditionFailed,
    JsonPatchInvalid,
    InvalidArgument,
    DtdlParserError,
    SqlQueryError,
    LimitExceeded,
    QuotaReachedError,
    Other(String),
}

impl ErrorCode {
    pub fn parse(code: &str) -> Self {
        use ErrorCode::*;
        match code {
            "DigitalTwinNotFound" => DigitalTwinNotFound,
            "RelationshipNotFound" => RelationshipNotFound,
            "TargetTwinNotFound" => TargetTwinNotFound,
            "ModelNotFound" => ModelNotFound,
            "ComponentNotFound" => ComponentNotFound,
            "RelationshipsNotDeleted" => RelationshipsNotDeleted,
            "RelationshipAlreadyExists" => RelationshipAlreadyExists,
            "ModelAlreadyExists" => ModelAlreadyExists,
            "ModelIdAlreadyExists" => ModelIdAlreadyExists,
            "ModelReferencesNotDeleted" => ModelReferencesNotDeleted,
            "ModelReferencesNotDecommissioned" => ModelReferencesNotDecommissioned,
            "ModelDecommissioned" => ModelDecommissioned,
            "ValidationFailed" => ValidationFailed,
            "PreconditionFailed" => PreconditionFailed,
            "JsonPatchInvalid" => JsonPatchInvalid,
            "InvalidArgument" => InvalidArgument,
            "DTDLParserError" => DtdlParserError,
            "SqlQueryError" => SqlQueryError,
            "LimitExceeded" => LimitExceeded,
            "QuotaReachedError" => QuotaReachedError,
            other => Other(other.to_string()),
        }
    }

    pub fn as_str(&self) -> &str {
        use ErrorCode::*;
        match self {
            DigitalTwinNotFound => "DigitalTwinNotFound",
            RelationshipNotFound => "RelationshipNotFound",
            TargetTwinNotFound => "TargetTwinNotFound",
            ModelNotFound => "ModelNotFound",
            ComponentNotFound => "ComponentNotFound",
            RelationshipsNotDeleted => "RelationshipsNotDeleted",
            RelationshipAlreadyExists => "RelationshipAlreadyExists",
            ModelAlreadyExists => "ModelAlreadyExists",
            ModelIdAlreadyExists => "ModelIdAlreadyExists",
            ModelReferencesNotDeleted => "ModelReferencesNotDeleted",
            ModelReferencesNotDecommissioned => "ModelReferencesNotDecommissioned",
            ModelDecommissioned => "ModelDecommissioned",
            ValidationFailed => "ValidationFailed",
            PreconditionFailed => "PreconditionFailed",
            JsonPatchInvalid => "JsonPatchInvalid",
            InvalidArgument => "InvalidArgument",
            DtdlParserError => "DTDLParserError",
            SqlQueryError => "SqlQueryError",
            LimitExceeded => "LimitExceeded",
            QuotaReachedError => "QuotaReachedError",
            Other(s) => s,
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A failed ADT call.
#[derive(Debug, thiserror::Error)]
pub enum AdtError {
    /// ADT answered with an error status.
    #[error("ADT {method} {path} failed: {status} {code}: {message}")]
    Service {
        method: String,
        path: String,
        status: u16,
        code: ErrorCode,
        message: String,
        details: Vec<String>,
    },
    /// Still throttled (429) or unavailable (408, 500, 502, 503, 504) after every retry.
    #[error(
        "ADT {method} {path} still throttled or unavailable ({status}) after {attempts} attempts"
    )]
    Exhausted {
        method: String,
        path: String,
        status: u16,
        attempts: u32,
        retry_after: Option<Duration>,
    },
    /// The request could not be sent or its answer not read (after retries).
    #[error("could not reach ADT at {url} after {attempts} attempts: {message}")]
    Transport {
        url: String,
        attempts: u32,
        message: String,
    },
    /// No token.
    #[error(transparent)]
    Auth(#[from] crate::auth::AuthError),
    /// An id that cannot be one URL path segment (empty, `.`, `..`): refused before sending.
    #[error("refusing to send an ADT request for id {id:?}: {reason}")]
    InvalidId { id: String, reason: &'static str },
    /// ADT answered 2xx with something we could not read.
    #[error("unexpected response from ADT {path}: {message}")]
    Decode { path: String, message: String },
}

impl AdtError {
    /// The ADT error code, if ADT sent one.
    pub fn code(&self) -> Option<&ErrorCode> {
        match self {
            AdtError::Service { code, .. } => Some(code),
            _ => None,
        }
    }

    /// The HTTP status, if ADT answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            AdtError::Service { status, .. } | AdtError::Exhausted { status, .. } => Some(*status),
            _ => None,
        }
    }

    pub fn is_code(&self, code: &ErrorCode) -> bool {
        self.code() == Some(code)
    }

    /// A model create refused because a model with that id exists: `ModelAlreadyExists` (the
    /// spec, captured output) or `ModelIdAlreadyExists` (a tutorial); both are accepted.
    pub fn is_model_already_exists(&self) -> bool {
        matches!(
            self.code(),
            Some(ErrorCode::ModelAlreadyExists | ErrorCode::ModelIdAlreadyExists)
        )
    }

    /// 404 of any kind.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404)
    }

    /// The failure is the service's, the network's or the credentials', not the request's: ADT
    /// throttled or was unavailable after every retry (408, 429, 5xx), could not be reached
    /// (refused, reset, timed out), or refused the caller as a whole (no token, 401, 403).
    /// Retried later, however long it takes; never a reason to give up on one event. Anything
    /// else (400 for a value, 404 for a twin, 409, 412) belongs to the request.
    pub fn is_outage(&self) -> bool {
        match self {
            AdtError::Exhausted { .. } | AdtError::Transport { .. } | AdtError::Auth(_) => true,
            AdtError::Service { status, .. } => {
                matches!(*status, 401 | 403 | 408 | 429) || *status >= 500
            }
            AdtError::Decode { .. } | AdtError::InvalidId { .. } => false,
        }
    }

    /// ADT refused the content of a request (400 or 413): when the request merged several
    /// updates, the fault lies with some of them, so it is worth splitting.
    pub fn is_refusal_of_content(&self) -> bool {
        matches!(
            self,
            AdtError::Service {
                status: 400 | 413,
                ..
            }
        )
    }

    /// A remedy for people, where one is known.
    pub fn suggestion(&self) -> Option<&'static str> {
        match self {
            AdtError::Service { status: 401, .. } => Some(
                "the token was refused: check --auth and that you are signed in to the right tenant",
            ),
            AdtError::Service { status: 403, .. } => Some(
                "assign the 'Azure Digital Twins Data Owner' (or Data Reader) role on the instance to this identity",
            ),
            AdtError::Service {
                code: ErrorCode::RelationshipsNotDeleted,
                ..
            } => Some(
                "delete the twin's relationships first, e.g. `twinbridge twins delete ID --with-relationships`",
            ),
            AdtError::Service {
                code: ErrorCode::ModelAlreadyExists | ErrorCode::ModelIdAlreadyExists,
                ..
            } => Some("models cannot be changed in place: bump the version in the DTMI (;2 -> ;3)"),
            AdtError::Exhausted { status: 429, .. } => {
                Some("the instance is throttling: lower --concurrency or try again later")
            }
            AdtError::Exhausted { .. } => {
                Some("ADT (or a gateway in front of it) is unavailable: try again later")
            }
            AdtError::Transport { .. } => Some(
                "check --adt-url (TWINBRIDGE_ADT_URL) and your network; for the emulator run `twinbridge emulator`",
            ),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(status: u16) -> AdtError {
        AdtError::Service {
            method: "PATCH".into(),
            path: "/digitaltwins/t".into(),
            status,
            code: ErrorCode::Other("X".into()),
            message: "m".into(),
            details: vec![],
        }
    }

    #[test]
    fn outages_are_the_services_and_refusals_belong_to_the_request() {
        for status in [401, 403, 408, 429, 500, 502, 503, 504] {
            assert!(service(status).is_outage(), "{status}");
            let exhausted = AdtError::Exhausted {
                method: "GET".into(),
                path: "/".into(),
                status,
                attempts: 3,
                retry_after: None,
            };
            assert!(exhausted.is_outage(), "{status} after retries");
        }
        let transport = AdtError::Transport {
            url: "http://127.0.0.1:9/".into(),
            attempts: 1,
            message: "connection refused".into(),
        };
        assert!(transport.is_outage());
        for status in [400, 404, 409, 412, 413] {
            assert!(!service(status).is_outage(), "{status}");
        }
        assert!(service(400).is_refusal_of_content() && service(413).is_refusal_of_content());
        assert!(!service(404).is_refusal_of_content() && !service(502).is_refusal_of_content());
    }
}

//! DPS device registration with a symmetric key, over HTTPS ([`https`]) or MQTT ([`mqtt`]):
//! the register request (with a custom `payload`), the `assigning` polling loop honouring
//! `retry-after`, retries of throttled (429) requests, and DPS's errors with their codes.
//!
//! Both transports share [`interpret`], which turns one DPS response (status + body) into the
//! next step, so they agree on every outcome.
pub mod https;
pub mod mqtt;

use crate::hub::endpoint::Endpoint;
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;

/// The api-version used over HTTPS (what the C SDK and the docs' curl examples use).
pub const HTTPS_API_VERSION: &str = "2021-06-01";
/// The api-version in the MQTT user name (what the Node and Python SDKs use).
pub const MQTT_API_VERSION: &str = "2019-03-31";

/// One device to register.
#[derive(Clone)]
pub struct RegisterRequest {
    pub id_scope: String,
    pub registration_id: String,
    /// The device's symmetric key (base64), derived from the group key for group enrollments.
    pub device_key: String,
    /// Custom data for the allocation policy (the sample sends `{"modelId": ...}`).
    pub payload: Option<Value>,
}

impl std::fmt::Debug for RegisterRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RegisterRequest")
            .field("id_scope", &self.id_scope)
            .field("registration_id", &self.registration_id)
            .field("device_key", &"<redacted>")
            .field("payload", &self.payload)
            .finish()
    }
}

/// How to reach DPS and how patient to be.
#[derive(Debug, Clone)]
pub struct DpsOptions {
    pub endpoint: Endpoint,
    pub tls: Arc<rustls::ClientConfig>,
    /// Lifetime of the SAS token sent (the C SDK uses 2400 s, Node 3600 s).
    pub token_lifetime: Duration,
    /// Retries of throttled (429 and other >= 429) requests.
    pub max_retries: u32,
    /// Status polls before giving up on a registration that stays `assigning`.
    pub max_polls: u32,
    /// Timeout of one request / one MQTT response.
    pub timeout: Duration,
}

impl DpsOptions {
    /// Defaults for `endpoint` with `tls`.
    pub fn new(endpoint: Endpoint, tls: Arc<rustls::ClientConfig>) -> Self {
        Self {
            endpoint,
            tls,
            token_lifetime: Duration::from_secs(3600),
            max_retries: 8,
            max_polls: 60,
            timeout: Duration::from_secs(30),
        }
    }
}

/// A successful registration.
#[derive(Debug, Clone, PartialEq)]
pub struct Registration {
    /// The hub's host name (with a port for the emulator).
    pub assigned_hub: String,
    pub device_id: String,
    pub substatus: Option<String>,
    /// The allocation policy's returned payload, if any.
    pub payload: Option<Value>,
    /// Throttled requests that were retried on the way.
    pub throttled: u32,
}

/// Why a registration did not succeed. `code`/`message` are DPS's own (`errorCode`,
/// `message` / `errorMessage`).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DpsError {
    #[error("DPS refused the credentials (401{}): {message}", code_suffix(*.code))]
    Unauthorized { code: Option<i64>, message: String },
    #[error("DPS has no such scope or registration (404{}): {message}", code_suffix(*.code))]
    NotFound { code: Option<i64>, message: String },
    #[error("DPS rejected the request ({status}{}): {message}", code_suffix(*.code))]
    Rejected {
        status: u16,
        code: Option<i64>,
        message: String,
    },
    #[error("registration failed{}: {message}", code_suffix(*.code))]
    Failed { code: Option<i64>, message: String },
    #[error("the enrollment (or this registration) is disabled in DPS")]
    Disabled,
    #[error("DPS kept throttling (429) after {retries} retries")]
    Throttled { retries: u32 },
    #[error("still assigning after {polls} status polls")]
    StillAssigning { polls: u32 },
    #[error("cannot reach DPS at {endpoint}: {message}")]
    Transport { endpoint: String, message: String },
    #[error("unexpected DPS response: {0}")]
    Protocol(String),
    #[error("the device key is not usable: {0}")]
    Key(String),
}

fn code_suffix(code: Option<i64>) -> String {
    code.map(|c| format!(", errorCode {c}")).unwrap_or_default()
}

impl DpsError {
    /// A short cause for grouping failures ("unauthorized", "failed 400207", ...).
    pub fn cause(&self) -> String {
        match self {
            DpsError::Unauthorized { .. } => "DPS: unauthorized (401)".into(),
            DpsError::NotFound { .. } => "DPS: not found (404)".into(),
            DpsError::Rejected { status, .. } => format!("DPS: rejected ({status})"),
            DpsError::Failed { code, message } => match code {
                Some(c) => format!("DPS: failed {c}"),
                None => format!("DPS: failed: {message}"),
            },
            DpsError::Disabled => "DPS: enrollment disabled".into(),
            DpsError::Throttled { .. } => "DPS: throttled".into(),
            DpsError::StillAssigning { .. } => "DPS: still assigning".into(),
            DpsError::Transport { .. } => "DPS: unreachable".into(),
            DpsError::Protocol(_) => "DPS: bad response".into(),
            DpsError::Key(_) => "bad device key".into(),
        }
    }

    /// What to do about it, if there is an obvious remedy.
    pub fn remedy(&self) -> Option<&'static str> {
        match self {
            DpsError::Unauthorized { .. } => Some(
                "check --scope and the key: --group-key must be the enrollment group's primary or secondary key, --device-key the key derived for this registration id",
            ),
            DpsError::NotFound { .. } => Some("check --scope (the DPS ID scope, e.g. 0ne00000000)"),
            DpsError::Disabled => Some("enable the enrollment group in DPS"),
            DpsError::Failed {
                code: Some(400207..=400209),
                ..
            } => Some(
                "the custom allocation webhook failed: check its logs (twinbridge allocate serve) and the enrollment's webhook URL",
            ),
            DpsError::Transport { .. } => {
                Some("check --dps-endpoint; for the emulator pass --ca-cert with the CA it printed")
            }
            _ => None,
        }
    }
}

/// What to do after one DPS response.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Done(Registration),
    /// Poll operation `operation_id` after `after`.
    Poll {
        operation_id: String,
        after: Duration,
    },
    /// Throttled or transiently failing: repeat the same request after `after`.
    Retry {
        after: Duration,
    },
    Fail(DpsError),
}

/// Default wait when DPS gives no `retry-after` (the Node SDK polls every 2 s).
pub const DEFAULT_POLL: Duration = Duration::from_secs(2);

/// Clamp a server's retry-after like the C SDK (1..300 s), allowing sub-second values the
/// emulator may send.
fn clamp_after(after: Option<Duration>) -> Duration {
    after
        .unwrap_or(DEFAULT_POLL)
        .clamp(Duration::from_millis(100), Duration::from_secs(300))
}

/// Interpret one DPS response: HTTP/MQTT status, body, and `retry-after`.
pub fn interpret(status: u16, body: &[u8], retry_after: Option<Duration>) -> Step {
    let json: Option<Value> = serde_json::from_slice(body).ok();
    let field_i64 = |k: &str| json.as_ref().and_then(|v| v.get(k)).and_then(Value::as_i64);
    let field_str = |k: &str| {
        json.as_ref()
            .and_then(|v| v.get(k))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    if status >= 429 {
        return Step::Retry {
            after: clamp_after(retry_after),
        };
    }
    if status >= 300 {
        let code = field_i64("errorCode");
        let message = field_str("message")
            .or_else(|| field_str("Message"))
            .unwrap_or_else(|| String::from_utf8_lossy(body).chars().take(300).collect());
        return Step::Fail(match status {
            401 => DpsError::Unauthorized { code, message },
            404 => DpsError::NotFound { code, message },
            _ => DpsError::Rejected {
                status,
                code,
                message,
            },
        });
    }
    let Some(v) = json else {
        return Step::Fail(DpsError::Protocol(format!(
            "status {status} with a body that is not JSON"
        )));
    };
    let operation_id = v
        .get("operationId")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let state = v.get("registrationState");
    let st = |k: &str| state.and_then(|s| s.get(k)).and_then(Value::as_str);
    match v.get("status").and_then(Value::as_str).unwrap_or_default() {
        "assigned" => match (st("assignedHub"), st("deviceId")) {
            (Some(hub), Some(dev)) => Step::Done(Registration {
                assigned_hub: hub.to_string(),
                device_id: dev.to_string(),
                substatus: st("substatus").map(str::to_string),
                payload: state.and_then(|s| s.get("payload")).cloned(),
                throttled: 0,
            }),
            _ => Step::Fail(DpsError::Protocol(
                "status assigned without registrationState.assignedHub/deviceId".into(),
            )),
        },
        "assigning" | "unassigned" if !operation_id.is_empty() => Step::Poll {
            operation_id,
            after: clamp_after(retry_after),
        },
        "failed" => Step::Fail(DpsError::Failed {
            code: state
                .and_then(|s| s.get("errorCode"))
                .and_then(Value::as_i64),
            message: st("errorMessage")
                .unwrap_or("no errorMessage given")
                .to_string(),
        }),
        "disabled" => Step::Fail(DpsError::Disabled),
        other => Step::Fail(DpsError::Protocol(format!(
            "unexpected status {other:?} (operationId {operation_id:?})"
        ))),
    }
}

/// The register body: `{"registrationId": ..., "payload": ...}`.
pub fn register_body(req: &RegisterRequest) -> Value {
    let mut body = serde_json::json!({ "registrationId": req.registration_id });
    if let Some(p) = &req.payload {
        body["payload"] = p.clone();
    }
    body
}

/// The SAS token for a request made now.
pub(crate) fn token(req: &RegisterRequest, lifetime: Duration) -> Result<String, DpsError> {
    let expiry = now_secs() + lifetime.as_secs();
    crate::sas::dps_token(&req.id_scope, &req.registration_id, &req.device_key, expiry)
        .map_err(|e| DpsError::Key(e.to_string()))
}

pub(crate) fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interprets_every_outcome() {
        let assigning = br#"{"operationId":"op1","status":"assigning"}"#;
        assert_eq!(
            interpret(202, assigning, Some(Duration::from_secs(3))),
            Step::Poll {
                operation_id: "op1".into(),
                after: Duration::from_secs(3)
            }
        );
        let done = br#"{"operationId":"op1","status":"assigned","registrationState":{"assignedHub":"h","deviceId":"d","substatus":"initialAssignment","payload":{"a":1}}}"#;
        let Step::Done(r) = interpret(200, done, None) else {
            panic!()
        };
        assert_eq!((r.assigned_hub.as_str(), r.device_id.as_str()), ("h", "d"));
        assert_eq!(r.payload, Some(serde_json::json!({"a":1})));
        let failed = br#"{"operationId":"op1","status":"failed","registrationState":{"errorCode":400207,"errorMessage":"Custom allocation failed with status code: 500"}}"#;
        assert_eq!(
            interpret(200, failed, None),
            Step::Fail(DpsError::Failed {
                code: Some(400207),
                message: "Custom allocation failed with status code: 500".into()
            })
        );
        assert_eq!(
            interpret(200, br#"{"operationId":"o","status":"disabled"}"#, None),
            Step::Fail(DpsError::Disabled)
        );
        let unauthorized = br#"{"errorCode":401002,"trackingId":"t","message":"Unauthorized"}"#;
        assert!(matches!(
            interpret(401, unauthorized, None),
            Step::Fail(DpsError::Unauthorized {
                code: Some(401002),
                ..
            })
        ));
        assert_eq!(
            interpret(429, b"", Some(Duration::from_secs(5))),
            Step::Retry {
                after: Duration::from_secs(5)
            }
        );
        assert!(matches!(
            interpret(200, b"nope", None),
            Step::Fail(DpsError::Protocol(_))
        ));
    }
}

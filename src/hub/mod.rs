//! IoT Hub clients: the device side (telemetry over MQTT [`mqtt`] or HTTPS [`https`]), the
//! service API for the device registry ([`service`]), the message model, endpoints and TLS.
//! Network I/O only through these clients; nothing here prints or reads the environment.
pub mod endpoint;
pub mod https;
pub mod mqtt;
pub mod service;
pub mod tls;

use std::sync::Arc;
use std::time::Duration;

pub use endpoint::Endpoint;

/// The api-version of device requests (what the Node SDK uses).
pub const DEVICE_API_VERSION: &str = "2021-04-12";

/// A device's identity in a hub: where, who, and its symmetric key.
#[derive(Clone)]
pub struct DeviceIdentity {
    /// The hub's host name, with a port for the emulator (`localhost:8883`).
    pub hub: String,
    pub device_id: String,
    /// The device's symmetric key (base64).
    pub key: String,
}

impl std::fmt::Debug for DeviceIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceIdentity")
            .field("hub", &self.hub)
            .field("device_id", &self.device_id)
            .field("key", &"<redacted>")
            .finish()
    }
}

impl DeviceIdentity {
    /// A device SAS token valid until `expiry` (seconds since the epoch).
    pub fn token(&self, expiry: u64) -> Result<String, HubError> {
        crate::sas::device_token(&self.hub, &self.device_id, &self.key, expiry)
            .map_err(|e| HubError::Key(e.to_string()))
    }

    /// Where to connect.
    pub fn endpoint(&self) -> Result<Endpoint, HubError> {
        Endpoint::parse(&self.hub).map_err(|e| HubError::Transport(e.to_string()))
    }
}

/// One device-to-cloud message.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Message {
    pub body: Vec<u8>,
    pub content_type: Option<String>,
    pub content_encoding: Option<String>,
    pub message_id: Option<String>,
    /// Application (custom) properties.
    pub properties: Vec<(String, String)>,
}

impl Message {
    /// A JSON message: content type `application/json`, encoding `utf-8` (so the hub can route
    /// on the body), with a fresh message id.
    pub fn json(body: &serde_json::Value) -> Self {
        Self {
            body: body.to_string().into_bytes(),
            content_type: Some("application/json".into()),
            content_encoding: Some("utf-8".into()),
            message_id: Some(uuid::Uuid::new_v4().to_string()),
            properties: Vec::new(),
        }
    }

    /// The MQTT property bag: `$.mid`, `$.ct`, `$.ce` (as `%24.`), then the custom properties,
    /// URL-encoded.
    pub fn property_bag(&self) -> String {
        let enc = crate::sas::url_encode;
        let mut parts = Vec::new();
        for (k, v) in [
            ("mid", &self.message_id),
            ("ct", &self.content_type),
            ("ce", &self.content_encoding),
        ] {
            if let Some(v) = v {
                parts.push(format!("%24.{k}={}", enc(v)));
            }
        }
        for (k, v) in &self.properties {
            parts.push(format!("{}={}", enc(k), enc(v)));
        }
        parts.join("&")
    }
}

/// How device connections behave.
#[derive(Debug, Clone)]
pub struct HubOptions {
    pub tls: Arc<rustls::ClientConfig>,
    /// SAS lifetime; MQTT reconnects with a fresh token at 80% of it (Node renews 15 min early
    /// on a 60 min token).
    pub token_lifetime: Duration,
    /// Timeout of a connect or of one send's acknowledgement.
    pub timeout: Duration,
    /// Reconnect / resend attempts before a send fails.
    pub max_retries: u32,
    /// MQTT keep-alive.
    pub keep_alive: Duration,
}

impl HubOptions {
    pub fn new(tls: Arc<rustls::ClientConfig>) -> Self {
        Self {
            tls,
            token_lifetime: Duration::from_secs(3600),
            timeout: Duration::from_secs(30),
            max_retries: 8,
            keep_alive: Duration::from_secs(60),
        }
    }
}

/// Why a device operation failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum HubError {
    #[error("the hub refused the device's credentials: {0}")]
    Unauthorized(String),
    #[error("the hub throttled the device (429)")]
    Throttled,
    #[error("the hub rejected the message ({status}): {message}")]
    Rejected { status: u16, message: String },
    #[error("connection to the hub failed: {0}")]
    Transport(String),
    #[error("no acknowledgement within {0:?}")]
    Timeout(Duration),
    #[error("the device key is not usable: {0}")]
    Key(String),
}

impl HubError {
    /// A short cause for grouping failures.
    pub fn cause(&self) -> String {
        match self {
            HubError::Unauthorized(_) => "hub: unauthorized".into(),
            HubError::Throttled => "hub: throttled".into(),
            HubError::Rejected { status, .. } => format!("hub: rejected ({status})"),
            HubError::Transport(_) => "hub: connection failed".into(),
            HubError::Timeout(_) => "hub: no acknowledgement".into(),
            HubError::Key(_) => "bad device key".into(),
        }
    }
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
    fn property_bag_is_what_the_sdks_send() {
        let mut m = Message::json(&serde_json::json!({"Temperature": 25}));
        m.message_id = Some("m 1".into());
        m.properties.push(("k&".into(), "v=".into()));
        assert_eq!(
            m.property_bag(),
            "%24.mid=m%201&%24.ct=application%2Fjson&%24.ce=utf-8&k%26=v%3D"
        );
    }
}

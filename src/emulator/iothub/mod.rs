//! The emulated IoT Hub: the identity registry ([`registry`]), SAS checks for devices and the
//! `iothubowner` policy, telemetry routing into the event log's `deviceevents` with IoT Hub's
//! system properties and message enrichments, and device lifecycle events into
//! `lifecycleevents`. Its HTTP routes are in [`http`]; module identities in [`modules`]; MQTT
//! sessions in `gateway::mqtt`.
pub mod http;
pub mod modules;
pub mod registry;

use crate::emulator::eventlog::EventLog;
use crate::events::Event;
use modules::{ModuleEventForm, ModuleRegistry};
use registry::{DeviceRecord, Registry};
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio_util::sync::CancellationToken;

/// Event hub that receives device telemetry (the sample's route).
pub const TELEMETRY_HUB: &str = "deviceevents";
/// Event hub that receives device lifecycle events.
pub const LIFECYCLE_HUB: &str = "lifecycleevents";
/// The policy whose key the service API accepts.
pub const OWNER_POLICY: &str = "iothubowner";
/// The emulator's well-known `iothubowner` key (like Azurite's account key: not a secret).
pub const WELL_KNOWN_OWNER_KEY: &str =
    "t9wj424JEpkBQlT/SQi6+kgsspZ44xDHc51u02huvFotcRZCtyawRAFifKn7rDL1yFMPsZA8xNsCJYcXkhpIgQ==";

/// The enrichments applied when none are configured: the tags the sample's allocation sets.
pub fn default_enrichments() -> Vec<(String, String)> {
    vec![
        ("dtId".into(), "$twin.tags.dtId".into()),
        ("dtmi".into(), "$twin.tags.dtmi".into()),
    ]
}

/// Why a request to the hub was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum HubFault {
    #[error("{0}")]
    Unauthorized(String),
    #[error("device {0:?} not found")]
    NotFound(String),
    #[error("device {0:?} already exists")]
    Conflict(String),
    #[error("{0}")]
    ModuleNotFound(String),
    #[error("{0}")]
    ModuleConflict(String),
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    PreconditionFailed(String),
    #[error("emulator state: {0}")]
    Internal(String),
}

/// A device-to-cloud message as it reached the hub.
#[derive(Debug, Clone, Default)]
pub struct Incoming {
    pub body: Vec<u8>,
    pub content_type: Option<String>,
    pub content_encoding: Option<String>,
    pub message_id: Option<String>,
    pub correlation_id: Option<String>,
    pub properties: Vec<(String, String)>,
}

/// The hub.
pub struct IotHub {
    /// Host name devices use (and sign their tokens for), e.g. `localhost:8883`.
    pub host: String,
    /// Short name (`hubName`, `user-id` on lifecycle events).
    pub name: String,
    owner_key: String,
    enrichments: Vec<(String, String)>,
    pub registry: Registry,
    /// Module identities of the registry's devices.
    pub modules: ModuleRegistry,
    /// How module lifecycle events look.
    module_events: ModuleEventForm,
    events: Arc<EventLog>,
    sessions: Mutex<HashMap<String, (u64, CancellationToken)>>,
    next_session: AtomicU64,
}

fn now_ms() -> i64 {
    (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
}

fn now_secs() -> u64 {
    time::OffsetDateTime::now_utc().unix_timestamp().max(0) as u64
}

/// Evaluate one enrichment value: `$iothubname`, `$twin.tags.a.b`, `$twin.properties.desired.x`,
/// `$twin.properties.reported.x`, or a static string. A missing twin value gives the literal
/// expression, as the real hub does.
pub fn enrichment_value(expr: &str, hub_name: &str, rec: &DeviceRecord) -> String {
    if expr == "$iothubname" {
        return hub_name.to_string();
    }
    let (root, path) = if let Some(p) = expr.strip_prefix("$twin.tags.") {
        (&rec.tags, p)
    } else if let Some(p) = expr.strip_prefix("$twin.properties.desired.") {
        (&rec.desired, p)
    } else if let Some(p) = expr.strip_prefix("$twin.properties.reported.") {
        (&rec.reported, p)
    } else {
        return expr.to_string();
    };
    let mut parts = path.split('.');
    let first = parts.next().and_then(|k| root.get(k));
    let found = parts.try_fold(first, |v, k| Some(v.and_then(|v| v.get(k))));
    match found.flatten() {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => expr.to_string(),
        Some(other) => other.to_string(),
    }
}

impl IotHub {
    /// A hub named `host` over the shared state.
    pub fn open(
        host: String,
        owner_key: String,
        enrichments: Vec<(String, String)>,
        store: Arc<crate::emulator::store::Store>,
        events: Arc<EventLog>,
    ) -> rusqlite::Result<Self> {
        let name = host
            .split(['.', ':'])
            .next()
            .unwrap_or("emulator")
            .to_string();
        Ok(Self {
            host,
            name,
            owner_key,
            enrichments,
            registry: Registry::open(store.clone())?,
            modules: ModuleRegistry::open(store)?,
            module_events: ModuleEventForm::default(),
            events,
            sessions: Mutex::default(),
            next_session: AtomicU64::new(1),
        })
    }

    /// Emit module lifecycle events in `form`.
    pub fn with_module_events(mut self, form: ModuleEventForm) -> Self {
        self.module_events = form;
        self
    }

    /// The `iothubowner` connection string.
    pub fn owner_connection_string(&self) -> String {
        format!(
            "HostName={};SharedAccessKeyName={OWNER_POLICY};SharedAccessKey={}",
            self.host, self.owner_key
        )
    }

    /// Check a device's SAS token (resource `{host}/devices/{id}`, primary or secondary key).
    pub fn authenticate_device(
        &self,
        device_id: &str,
        token: &str,
    ) -> Result<Arc<DeviceRecord>, HubFault> {
        let parsed =
            crate::sas::parse_token(token).map_err(|e| HubFault::Unauthorized(e.to_string()))?;
        let rec = self.registry.get(device_id).ok_or_else(|| {
            HubFault::Unauthorized(format!("device {device_id:?} is not registered"))
        })?;
        parsed
            .verify(
                &crate::sas::device_resource(&self.host, device_id),
                &[&rec.primary_key, &rec.secondary_key],
                now_secs(),
            )
            .map_err(|e| HubFault::Unauthorized(e.to_string()))?;
        if rec.status != "enabled" {
            return Err(HubFault::Unauthorized(format!(
                "device {device_id:?} is disabled"
            )));
        }
        Ok(rec)
    }

    /// Check a service token (`skn=iothubowner`, resource = the hub). An Entra ID bearer token
    /// (`Bearer ...`) is accepted without checks, as the emulated ADT accepts any bearer token:
    /// the emulator has no identity provider to verify it against.
    pub fn authenticate_service(&self, token: &str) -> Result<(), HubFault> {
        if let Some(bearer) = token.strip_prefix("Bearer ") {
            if bearer.trim().is_empty() {
                return Err(HubFault::Unauthorized("empty bearer token".into()));
            }
            return Ok(());
        }
        let parsed =
            crate::sas::parse_token(token).map_err(|e| HubFault::Unauthorized(e.to_string()))?;
        if parsed.policy.as_deref() != Some(OWNER_POLICY) {
            return Err(HubFault::Unauthorized(format!(
                "the token's policy (skn) must be {OWNER_POLICY}"
            )));
        }
        parsed
            .verify(&self.host, &[&self.owner_key], now_secs())
            .map_err(|e| HubFault::Unauthorized(e.to_string()))
    }

    fn lifecycle(&self, rec: &DeviceRecord, op: &str) {
        let mut e = Event::json(&rec.lifecycle_body());
        e.correlation_id = Some(format!("{:x}", rand::random::<u64>()));
        let ts = crate::emulator::eventlog::format_ms(now_ms());
        for (k, v) in [
            ("hubName", self.name.as_str()),
            ("deviceId", rec.device_id.as_str()),
            ("operationTimestamp", ts.as_str()),
            ("opType", op),
            ("iothub-message-schema", "deviceLifecycleNotification"),
        ] {
            e.properties.insert(k.into(), json!(v));
        }
        let sys = &mut e.system_properties;
        sys.insert("iothub-connection-device-id".into(), json!(rec.device_id));
        sys.insert("iothub-enqueuedtime".into(), json!(now_ms()));
        sys.insert(
            "iothub-message-source".into(),
            json!("deviceLifecycleEvents"),
        );
        sys.insert("user-id".into(), json!(self.name));
        if let Err(err) = self
            .events
            .append(LIFECYCLE_HUB, None, Some(&rec.device_id), vec![e])
        {
            tracing::warn!("lifecycle event for {} not recorded: {err}", rec.device_id);
        }
    }

    /// Create a device (emits `createDeviceIdentity`).
    pub fn create_device(&self, rec: DeviceRecord) -> Result<Arc<DeviceRecord>, HubFault> {
        if self.registry.get(&rec.device_id).is_some() {
            return Err(HubFault::Conflict(rec.device_id));
        }
        let rec = self
            .registry
            .put(rec)
            .map_err(|e| HubFault::Internal(e.to_string()))?;
        self.lifecycle(&rec, "createDeviceIdentity");
        Ok(rec)
    }

    /// Replace a device's record without lifecycle events (keys, tags on re-provisioning).
    pub fn update_device(&self, rec: DeviceRecord) -> Result<Arc<DeviceRecord>, HubFault> {
        self.registry
            .put(rec)
            .map_err(|e| HubFault::Internal(e.to_string()))
    }

    /// Merge a patch into a device's twin tags (`null` removes a key, objects merge
    /// recursively), as IoT Hub's twin PATCH does. `if_match` (the twin etag, quotes optional,
    /// `*` = any) makes it conditional. Bumps the twin version.
    pub fn patch_twin_tags(
        &self,
        id: &str,
        tags: &Map<String, Value>,
        if_match: Option<&str>,
    ) -> Result<Arc<DeviceRecord>, HubFault> {
        let current = self
            .registry
            .get(id)
            .ok_or_else(|| HubFault::NotFound(id.to_string()))?;
        if let Some(want) = if_match.map(|e| e.trim().trim_matches('"'))
            && want != "*"
            && want != registry::etag(current.version)
        {
            return Err(HubFault::PreconditionFailed(format!(
                "the twin of {id:?} changed (etag {want:?} is not current)"
            )));
        }
        let mut rec = (*current).clone();
        registry::merge_patch(&mut rec.tags, tags);
        rec.version += 1;
        self.update_device(rec)
    }

    /// Delete a device (emits `deleteDeviceIdentity` with the twin in the body) and drop its
    /// connection.
    pub fn delete_device(&self, id: &str) -> Result<Arc<DeviceRecord>, HubFault> {
        let rec = self
            .registry
            .delete(id)
            .map_err(|e| HubFault::Internal(e.to_string()))?
            .ok_or_else(|| HubFault::NotFound(id.to_string()))?;
        self.lifecycle(&rec, "deleteDeviceIdentity");
        self.drop_modules_of(id);
        if let Some((_, cancel)) = self
            .sessions
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(id)
        {
            cancel.cancel();
        }
        Ok(rec)
    }

    /// Route one telemetry message to `deviceevents`.
    pub fn route_telemetry(&self, rec: &DeviceRecord, msg: Incoming) -> Result<(), HubFault> {
        let mut properties = Map::new();
        for (k, v) in msg.properties {
            properties.insert(k, Value::String(v));
        }
        for (k, expr) in &self.enrichments {
            properties.insert(
                k.clone(),
                Value::String(enrichment_value(expr, &self.name, rec)),
            );
        }
        let mut sys = Map::new();
        sys.insert("iothub-connection-device-id".into(), json!(rec.device_id));
        sys.insert(
            "iothub-connection-auth-method".into(),
            json!(
                r#"{"scope":"device","type":"sas","issuer":"iothub","acceptingIpFilterRule":null}"#
            ),
        );
        sys.insert(
            "iothub-connection-auth-generation-id".into(),
            json!(rec.generation_id),
        );
        sys.insert("iothub-enqueuedtime".into(), json!(now_ms()));
        sys.insert("iothub-message-source".into(), json!("Telemetry"));
        let event = Event {
            body: msg.body,
            content_type: msg.content_type,
            content_encoding: msg.content_encoding,
            message_id: msg.message_id,
            correlation_id: msg.correlation_id,
            properties,
            system_properties: sys,
            ..Event::default()
        };
        self.events
            .append(TELEMETRY_HUB, None, Some(&rec.device_id), vec![event])
            .map(|_| ())
            .map_err(|e| HubFault::Internal(e.to_string()))
    }

    /// Record a new MQTT session for a device; an older one is closed (one connection per
    /// device). Returns the session id and the token that closes it.
    pub fn open_session(&self, device_id: &str) -> (u64, CancellationToken) {
        let id = self.next_session.fetch_add(1, Ordering::Relaxed);
        let token = CancellationToken::new();
        let old = self
            .sessions
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(device_id.to_string(), (id, token.clone()));
        if let Some((_, old)) = old {
            old.cancel();
        }
        (id, token)
    }

    /// Forget a session when it ends (unless a newer one replaced it).
    pub fn close_session(&self, device_id: &str, session: u64) {
        let mut map = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        if map.get(device_id).is_some_and(|(id, _)| *id == session) {
            map.remove(device_id);
        }
    }

    /// Whether a device has an MQTT connection.
    pub fn is_connected(&self, device_id: &str) -> bool {
        self.sessions
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains_key(device_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enrichments_use_twin_values_or_the_literal() {
        let mut tags = Map::new();
        tags.insert("dtId".into(), json!("t-1"));
        tags.insert("nested".into(), json!({"a": {"b": 5}}));
        let rec = DeviceRecord::new("d", "k", "k", tags);
        assert_eq!(enrichment_value("$twin.tags.dtId", "hub", &rec), "t-1");
        assert_eq!(enrichment_value("$twin.tags.nested.a.b", "hub", &rec), "5");
        assert_eq!(
            enrichment_value("$twin.tags.dtmi", "hub", &rec),
            "$twin.tags.dtmi"
        );
        assert_eq!(
            enrichment_value("$twin.properties.desired.x", "hub", &rec),
            "$twin.properties.desired.x"
        );
        assert_eq!(enrichment_value("$iothubname", "hub", &rec), "hub");
        assert_eq!(enrichment_value("static", "hub", &rec), "static");
    }
}

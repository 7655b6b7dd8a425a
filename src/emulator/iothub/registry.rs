//! The emulated hub's identity registry: devices with symmetric keys, status, generation id,
//! etag/version and twin (tags, desired, reported), persisted in the emulator's SQLite and
//! mirrored in memory (every telemetry message reads its device's tags for enrichments).
use crate::emulator::store::{Store, StoreResult};
use rusqlite::params;
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS iothub_devices (id TEXT PRIMARY KEY, record TEXT NOT NULL);
";

/// One device identity with its twin.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DeviceRecord {
    pub device_id: String,
    pub generation_id: String,
    pub etag: String,
    /// `enabled` or `disabled`.
    pub status: String,
    pub primary_key: String,
    pub secondary_key: String,
    pub tags: Map<String, Value>,
    pub desired: Map<String, Value>,
    pub reported: Map<String, Value>,
    pub version: i64,
    pub created: String,
    pub updated: String,
}

fn now_iso() -> String {
    let fmt = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:7]Z"
    );
    time::OffsetDateTime::now_utc()
        .format(&fmt)
        .unwrap_or_default()
}

impl DeviceRecord {
    /// A new enabled device with these keys and tags.
    pub fn new(id: &str, primary: &str, secondary: &str, tags: Map<String, Value>) -> Self {
        let now = now_iso();
        let generation = format!("63{:016}", rand::random::<u64>() % 10_000_000_000_000_000);
        Self {
            device_id: id.to_string(),
            generation_id: generation,
            etag: etag(1),
            status: "enabled".into(),
            primary_key: primary.to_string(),
            secondary_key: secondary.to_string(),
            tags,
            desired: Map::new(),
            reported: Map::new(),
            version: 2,
            created: now.clone(),
            updated: now,
        }
    }

    fn props(&self, p: &Map<String, Value>) -> Value {
        let mut out = p.clone();
        out.insert("$metadata".into(), json!({ "$lastUpdated": self.updated }));
        out.insert("$version".into(), json!(1));
        Value::Object(out)
    }

    /// The twin as the service API (and lifecycle events) show it.
    pub fn twin_json(&self, connected: bool) -> Value {
        json!({
            "deviceId": self.device_id,
            "modelId": "",
            "etag": etag(self.version),
            "deviceEtag": self.etag,
            "status": self.status,
            "statusUpdateTime": "0001-01-01T00:00:00Z",
            "connectionState": if connected { "Connected" } else { "Disconnected" },
            "lastActivityTime": self.updated,
            "cloudToDeviceMessageCount": 0,
            "authenticationType": "sas",
            "x509Thumbprint": { "primaryThumbprint": null, "secondaryThumbprint": null },
            "version": self.version,
            "tags": self.tags,
            "properties": { "desired": self.props(&self.desired), "reported": self.props(&self.reported) },
            "capabilities": { "iotEdge": false },
        })
    }

    /// The identity as `GET /devices/{id}` shows it (keys included, as for iothubowner).
    pub fn device_json(&self, connected: bool) -> Value {
        json!({
            "deviceId": self.device_id,
            "generationId": self.generation_id,
            "etag": self.etag,
            "connectionState": if connected { "Connected" } else { "Disconnected" },
            "status": self.status,
            "statusReason": null,
            "connectionStateUpdatedTime": "0001-01-01T00:00:00Z",
            "statusUpdatedTime": "0001-01-01T00:00:00Z",
            "lastActivityTime": self.updated,
            "cloudToDeviceMessageCount": 0,
            "authentication": {
                "symmetricKey": { "primaryKey": self.primary_key, "secondaryKey": self.secondary_key },
                "x509Thumbprint": { "primaryThumbprint": null, "secondaryThumbprint": null },
                "type": "sas",
            },
            "capabilities": { "iotEdge": false },
        })
    }

    /// The lifecycle event body: the twin of the identity (HUB-NONTEL).
    pub fn lifecycle_body(&self) -> Value {
        json!({
            "deviceId": self.device_id,
            "etag": etag(self.version),
            "version": self.version,
            "tags": self.tags,
            "properties": { "desired": self.props(&self.desired), "reported": self.props(&self.reported) },
        })
    }
}

/// Merge `patch` into `target` as a twin PATCH does: `null` removes, objects merge recursively,
/// anything else replaces.
pub fn merge_patch(target: &mut Map<String, Value>, patch: &Map<String, Value>) {
    for (k, v) in patch {
        match v {
            Value::Null => {
                target.remove(k);
            }
            Value::Object(inner) => {
                let slot = target
                    .entry(k.clone())
                    .or_insert_with(|| Value::Object(Map::new()));
                if !slot.is_object() {
                    *slot = Value::Object(Map::new());
                }
                if let Value::Object(t) = slot {
                    merge_patch(t, inner);
                }
            }
            other => {
                target.insert(k.clone(), other.clone());
            }
        }
    }
}

/// An etag like IoT Hub's (base64 of a counter).
pub(crate) fn etag(n: i64) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(n.to_be_bytes())
}

/// The registry.
pub struct Registry {
    store: Arc<Store>,
    cache: RwLock<HashMap<String, Arc<DeviceRecord>>>,
}

impl Registry {
    /// Open (creating the table) and load every device.
    pub fn open(store: Arc<Store>) -> StoreResult<Self> {
        let rows: Vec<String> = store.with(|c| {
            c.execute_batch(SCHEMA)?;
            let mut st = c.prepare("SELECT record FROM iothub_devices")?;
            let rows = st.query_map([], |r| r.get::<_, String>(0))?;
            rows.collect()
        })?;
        let cache = rows
            .iter()
            .filter_map(|r| serde_json::from_str::<DeviceRecord>(r).ok())
            .map(|d| (d.device_id.clone(), Arc::new(d)))
            .collect();
        Ok(Self {
            store,
            cache: RwLock::new(cache),
        })
    }

    /// One device.
    pub fn get(&self, id: &str) -> Option<Arc<DeviceRecord>> {
        self.cache
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(id)
            .cloned()
    }

    /// Every device, by id.
    pub fn list(&self) -> Vec<Arc<DeviceRecord>> {
        let mut all: Vec<_> = self
            .cache
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .values()
            .cloned()
            .collect();
        all.sort_by(|a, b| a.device_id.cmp(&b.device_id));
        all
    }

    /// Insert or replace a device.
    pub fn put(&self, rec: DeviceRecord) -> StoreResult<Arc<DeviceRecord>> {
        let text = serde_json::to_string(&rec).unwrap_or_default();
        self.store.with(|c| {
            c.execute(
                "INSERT OR REPLACE INTO iothub_devices (id, record) VALUES (?1, ?2)",
                params![rec.device_id, text],
            )
        })?;
        let rec = Arc::new(rec);
        self.cache
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .insert(rec.device_id.clone(), rec.clone());
        Ok(rec)
    }

    /// Remove a device; returns it if it existed.
    pub fn delete(&self, id: &str) -> StoreResult<Option<Arc<DeviceRecord>>> {
        self.store
            .with(|c| c.execute("DELETE FROM iothub_devices WHERE id = ?1", params![id]))?;
        Ok(self
            .cache
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .remove(id))
    }
}

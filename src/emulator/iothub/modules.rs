//! Module identities of the emulated hub: the registry (persisted in the emulator's SQLite and
//! mirrored in memory), the service API routes (`/devices/{id}/modules/{mid}`,
//! `/twins/{id}/modules/{mid}`), and the module lifecycle events IoT Hub emits when a module is
//! created or deleted, in either of the two forms Microsoft documents ([`ModuleEventForm`]).
use super::registry::{etag, merge_patch};
use super::{HubFault, IotHub, LIFECYCLE_HUB};
use crate::emulator::store::{Store, StoreResult};
use crate::events::Event;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use rusqlite::params;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS iothub_modules (
    device_id TEXT NOT NULL, module_id TEXT NOT NULL, record TEXT NOT NULL,
    PRIMARY KEY (device_id, module_id));
";

/// How module lifecycle events look. Microsoft documents both (protocol reference E.2).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ModuleEventForm {
    /// `opType` `createDeviceIdentity` / `deleteDeviceIdentity` with a `moduleId` property,
    /// source `deviceLifecycleEvents`: what a captured event of the current docs shows.
    #[default]
    DeviceOps,
    /// `opType` `createModuleIdentity` / `deleteModuleIdentity`, source
    /// `moduleLifecycleEvents`, schema `moduleLifecycleNotification` (the older registry docs).
    ModuleOps,
}

/// One module identity with its twin (tags only; properties are not emulated).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ModuleRecord {
    pub device_id: String,
    pub module_id: String,
    pub generation_id: String,
    pub primary_key: String,
    pub secondary_key: String,
    pub tags: Map<String, Value>,
    pub version: i64,
}

impl ModuleRecord {
    /// A new module with these keys and no tags.
    pub fn new(device_id: &str, module_id: &str, primary: &str, secondary: &str) -> Self {
        Self {
            device_id: device_id.to_string(),
            module_id: module_id.to_string(),
            generation_id: format!("63{:016}", rand::random::<u64>() % 10_000_000_000_000_000),
            primary_key: primary.to_string(),
            secondary_key: secondary.to_string(),
            tags: Map::new(),
            version: 1,
        }
    }

    /// The module twin, as the service API and lifecycle event bodies show it.
    pub fn twin_json(&self) -> Value {
        let props =
            json!({ "$metadata": { "$lastUpdated": "0001-01-01T00:00:00Z" }, "$version": 1 });
        json!({
            "deviceId": self.device_id,
            "moduleId": self.module_id,
            "etag": etag(self.version),
            "version": self.version,
            "tags": self.tags,
            "properties": { "desired": props, "reported": props },
        })
    }

    /// The identity as `GET /devices/{id}/modules/{mid}` shows it.
    pub fn module_json(&self) -> Value {
        json!({
            "deviceId": self.device_id,
            "moduleId": self.module_id,
            "generationId": self.generation_id,
            "etag": etag(self.version),
            "connectionState": "Disconnected",
            "authentication": {
                "symmetricKey": { "primaryKey": self.primary_key, "secondaryKey": self.secondary_key },
                "type": "sas",
            },
        })
    }
}

type Key = (String, String);

/// The module registry.
pub struct ModuleRegistry {
    store: Arc<Store>,
    cache: RwLock<BTreeMap<Key, Arc<ModuleRecord>>>,
}

impl ModuleRegistry {
    /// Open (creating the table) and load every module.
    pub fn open(store: Arc<Store>) -> StoreResult<Self> {
        let rows: Vec<String> = store.with(|c| {
            c.execute_batch(SCHEMA)?;
            let mut st = c.prepare("SELECT record FROM iothub_modules")?;
            let rows = st.query_map([], |r| r.get::<_, String>(0))?;
            rows.collect()
        })?;
        let cache = rows
            .iter()
            .filter_map(|r| serde_json::from_str::<ModuleRecord>(r).ok())
            .map(|m| ((m.device_id.clone(), m.module_id.clone()), Arc::new(m)))
            .collect();
        Ok(Self {
            store,
            cache: RwLock::new(cache),
        })
    }

    /// One module.
    pub fn get(&self, device: &str, module: &str) -> Option<Arc<ModuleRecord>> {
        let key = (device.to_string(), module.to_string());
        self.cache
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(&key)
            .cloned()
    }

    /// A device's modules, by id.
    pub fn of_device(&self, device: &str) -> Vec<Arc<ModuleRecord>> {
        self.cache
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .values()
            .filter(|m| m.device_id == device)
            .cloned()
            .collect()
    }

    /// Insert or replace a module.
    pub fn put(&self, rec: ModuleRecord) -> StoreResult<Arc<ModuleRecord>> {
        let text = serde_json::to_string(&rec).unwrap_or_default();
        self.store.with(|c| {
            c.execute(
                "INSERT OR REPLACE INTO iothub_modules (device_id, module_id, record) VALUES (?1, ?2, ?3)",
                params![rec.device_id, rec.module_id, text],
            )
        })?;
        let rec = Arc::new(rec);
        let key = (rec.device_id.clone(), rec.module_id.clone());
        self.cache
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .insert(key, rec.clone());
        Ok(rec)
    }

    /// Remove a module; returns it if it existed.
    pub fn delete(&self, device: &str, module: &str) -> StoreResult<Option<Arc<ModuleRecord>>> {
        self.store.with(|c| {
            c.execute(
                "DELETE FROM iothub_modules WHERE device_id = ?1 AND module_id = ?2",
                params![device, module],
            )
        })?;
        let key = (device.to_string(), module.to_string());
        Ok(self
            .cache
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&key))
    }
}

fn internal(e: rusqlite::Error) -> HubFault {
    HubFault::Internal(e.to_string())
}

impl IotHub {
    fn module_lifecycle(&self, m: &ModuleRecord, created: bool) {
        let (op, source, schema) = match (self.module_events, created) {
            (ModuleEventForm::DeviceOps, true) => (
                "createDeviceIdentity",
                "deviceLifecycleEvents",
                "deviceLifecycleNotification",
            ),
            (ModuleEventForm::DeviceOps, false) => (
                "deleteDeviceIdentity",
                "deviceLifecycleEvents",
                "deviceLifecycleNotification",
            ),
            (ModuleEventForm::ModuleOps, true) => (
                "createModuleIdentity",
                "moduleLifecycleEvents",
                "moduleLifecycleNotification",
            ),
            (ModuleEventForm::ModuleOps, false) => (
                "deleteModuleIdentity",
                "moduleLifecycleEvents",
                "moduleLifecycleNotification",
            ),
        };
        let mut e = Event::json(&m.twin_json());
        e.correlation_id = Some(format!("{:x}", rand::random::<u64>()));
        let ts = crate::emulator::eventlog::format_ms(super::now_ms());
        for (k, v) in [
            ("hubName", self.name.as_str()),
            ("deviceId", m.device_id.as_str()),
            ("moduleId", m.module_id.as_str()),
            ("operationTimestamp", ts.as_str()),
            ("opType", op),
            ("iothub-message-schema", schema),
        ] {
            e.properties.insert(k.into(), json!(v));
        }
        let sys = &mut e.system_properties;
        sys.insert("iothub-connection-device-id".into(), json!(m.device_id));
        sys.insert("iothub-connection-module-id".into(), json!(m.module_id));
        sys.insert("iothub-enqueuedtime".into(), json!(super::now_ms()));
        sys.insert("iothub-message-source".into(), json!(source));
        sys.insert("user-id".into(), json!(self.name));
        if let Err(err) = self
            .events
            .append(LIFECYCLE_HUB, None, Some(&m.device_id), vec![e])
        {
            tracing::warn!(
                "lifecycle event for module {}/{} not recorded: {err}",
                m.device_id,
                m.module_id
            );
        }
    }

    /// Create a module of an existing device (emits the module's create event).
    pub fn create_module(&self, rec: ModuleRecord) -> Result<Arc<ModuleRecord>, HubFault> {
        if self.registry.get(&rec.device_id).is_none() {
            return Err(HubFault::NotFound(rec.device_id));
        }
        if self.modules.get(&rec.device_id, &rec.module_id).is_some() {
            return Err(HubFault::ModuleConflict(format!(
                "module {:?} already exists on device {:?}",
                rec.module_id, rec.device_id
            )));
        }
        let rec = self.modules.put(rec).map_err(internal)?;
        self.module_lifecycle(&rec, true);
        Ok(rec)
    }

    /// Delete a module (emits the module's delete event, the module twin in the body).
    pub fn delete_module(&self, device: &str, module: &str) -> Result<(), HubFault> {
        let rec = self
            .modules
            .delete(device, module)
            .map_err(internal)?
            .ok_or_else(|| module_not_found(device, module))?;
        self.module_lifecycle(&rec, false);
        Ok(())
    }

    /// Forget a deleted device's modules (no events: the device's own delete event stands for
    /// them).
    pub(crate) fn drop_modules_of(&self, device: &str) {
        for m in self.modules.of_device(device) {
            if let Err(e) = self.modules.delete(device, &m.module_id) {
                tracing::warn!("module {device}/{} not removed: {e}", m.module_id);
            }
        }
    }
}

fn module_not_found(device: &str, module: &str) -> HubFault {
    HubFault::ModuleNotFound(format!("module {module:?} of device {device:?} not found"))
}

fn service(hub: &IotHub, headers: &HeaderMap) -> Result<(), HubFault> {
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| HubFault::Unauthorized("no Authorization header with a SAS token".into()))?;
    hub.authenticate_service(token)
}

/// `PUT /devices/{id}/modules/{mid}`: create a module (keys from the body, or generated).
pub async fn put_module(
    State(hub): State<Arc<IotHub>>,
    Path((id, mid)): Path<(String, String)>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Result<Json<Value>, HubFault> {
    service(&hub, &headers)?;
    let key = |k: &str| {
        body.pointer(&format!("/authentication/symmetricKey/{k}"))
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(super::http::random_key)
    };
    let rec = ModuleRecord::new(&id, &mid, &key("primaryKey"), &key("secondaryKey"));
    Ok(Json(hub.create_module(rec)?.module_json()))
}

/// `GET /devices/{id}/modules/{mid}`.
pub async fn get_module(
    State(hub): State<Arc<IotHub>>,
    Path((id, mid)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Json<Value>, HubFault> {
    service(&hub, &headers)?;
    let m = hub
        .modules
        .get(&id, &mid)
        .ok_or_else(|| module_not_found(&id, &mid))?;
    Ok(Json(m.module_json()))
}

/// `GET /devices/{id}/modules`.
pub async fn list_modules(
    State(hub): State<Arc<IotHub>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Value>, HubFault> {
    service(&hub, &headers)?;
    if hub.registry.get(&id).is_none() {
        return Err(HubFault::NotFound(id));
    }
    let all = hub.modules.of_device(&id);
    Ok(Json(Value::Array(
        all.iter().map(|m| m.module_json()).collect(),
    )))
}

/// `DELETE /devices/{id}/modules/{mid}`.
pub async fn delete_module(
    State(hub): State<Arc<IotHub>>,
    Path((id, mid)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<StatusCode, HubFault> {
    service(&hub, &headers)?;
    hub.delete_module(&id, &mid)?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /twins/{id}/modules/{mid}`: the module twin.
pub async fn get_module_twin(
    State(hub): State<Arc<IotHub>>,
    Path((id, mid)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Json<Value>, HubFault> {
    service(&hub, &headers)?;
    let m = hub
        .modules
        .get(&id, &mid)
        .ok_or_else(|| module_not_found(&id, &mid))?;
    Ok(Json(m.twin_json()))
}

/// `PATCH /twins/{id}/modules/{mid}`: merge `tags` into the module twin (properties are not
/// emulated and are refused).
pub async fn patch_module_twin(
    State(hub): State<Arc<IotHub>>,
    Path((id, mid)): Path<(String, String)>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Result<Json<Value>, HubFault> {
    service(&hub, &headers)?;
    if body.get("properties").is_some() {
        return Err(HubFault::BadRequest(
            "the emulator's module twin PATCH updates tags only, not properties".into(),
        ));
    }
    let tags = match body.get("tags") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(t)) => t.clone(),
        Some(_) => return Err(HubFault::BadRequest("tags must be an object".into())),
    };
    let current = hub
        .modules
        .get(&id, &mid)
        .ok_or_else(|| module_not_found(&id, &mid))?;
    let mut rec = (*current).clone();
    merge_patch(&mut rec.tags, &tags);
    rec.version += 1;
    Ok(Json(hub.modules.put(rec).map_err(internal)?.twin_json()))
}

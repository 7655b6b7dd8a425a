//! The emulated Device Provisioning Service: one ID scope, symmetric-key enrollment groups
//! (configured at start or through the service API `PUT /enrollmentGroups/{id}`), SAS checks
//! (the device's key derived from a group key), registration operations that go `assigning` ->
//! `assigned | failed | disabled`, custom allocation ([`allocation`]), and assignment into the
//! emulated hub's registry with the returned initial twin tags. HTTP routes in [`http`]; MQTT
//! sessions in `gateway::mqtt`.
pub mod allocation;
mod enrollment;
pub mod http;

pub use enrollment::EnrollmentGroup;

use crate::emulator::iothub::IotHub;
use crate::emulator::iothub::registry::DeviceRecord;
use crate::emulator::store::Store;
use allocation::{Outcome, WebhookRetry};
use rusqlite::params;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

/// The emulator's ID scope unless configured.
pub const DEFAULT_ID_SCOPE: &str = "0ne00000000";
/// The enrollment group created when none is configured.
pub const DEFAULT_GROUP_ID: &str = "default";
/// Its well-known symmetric key (like Azurite's account key: not a secret).
pub const WELL_KNOWN_GROUP_KEY: &str =
    "cb+9JVwddePhHSGk7bUSiO4TUu1pAkR66Dy6kpjO+6Wh/OQ2OFT/iIz/S454ddYAwmgjkEEqjPebN9CxEUiw+g==";
/// The service policy the enrollment API accepts (signed with the hub's owner key).
pub const OWNER_POLICY: &str = "provisioningserviceowner";

/// DPS configuration.
#[derive(Debug, Clone)]
pub struct DpsConfig {
    pub id_scope: String,
    /// Groups configured at start (replace stored ones with the same id). When none are
    /// configured and none are stored, a `default` group with [`WELL_KNOWN_GROUP_KEY`] is made.
    pub groups: Vec<EnrollmentGroup>,
    /// Allocation webhook for the default group.
    pub default_webhook: Option<String>,
    pub webhook_retry: WebhookRetry,
    /// `retry-after` on `assigning` answers.
    pub retry_after: Duration,
    /// Registrations accepted per minute before 429 (None = unlimited).
    pub registrations_per_minute: Option<u32>,
    /// Run twinbridge's own allocation logic (the `allocate` policy) in the emulator, against
    /// the emulator's ADT, for groups without a webhook.
    pub in_process: Option<crate::dps::allocation::AllocationPolicy>,
    /// The emulator's ADT (set by `Emulator::start`; used by `in_process`).
    pub adt_url: Option<String>,
}

impl Default for DpsConfig {
    fn default() -> Self {
        Self {
            id_scope: DEFAULT_ID_SCOPE.into(),
            groups: Vec::new(),
            default_webhook: None,
            webhook_retry: WebhookRetry::default(),
            in_process: None,
            adt_url: None,
            retry_after: Duration::from_secs(1),
            registrations_per_minute: None,
        }
    }
}

/// A refusal with DPS's HTTP status, error code and message.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{status} {code}: {message}")]
pub struct DpsFault {
    pub status: u16,
    pub code: i64,
    pub message: String,
}

impl DpsFault {
    fn unauthorized(message: impl Into<String>) -> Self {
        Self {
            status: 401,
            code: 401002,
            message: message.into(),
        }
    }
    fn not_found(message: impl Into<String>) -> Self {
        Self {
            status: 404,
            code: 404201,
            message: message.into(),
        }
    }
    /// The error body DPS sends.
    pub fn body(&self) -> Value {
        json!({
            "errorCode": self.code,
            "trackingId": uuid::Uuid::new_v4().to_string(),
            "message": self.message,
            "timestampUtc": now_iso(),
        })
    }
}

struct Operation {
    registration_id: String,
    status: Value,
    done: bool,
    created: Instant,
}

/// The DPS instance.
pub struct Dps {
    pub id_scope: String,
    /// twinbridge's allocation logic run in-process (groups without a webhook).
    allocator: Option<Arc<crate::dps::allocation::Allocator>>,
    store: Arc<Store>,
    hub: Arc<IotHub>,
    groups: RwLock<BTreeMap<String, EnrollmentGroup>>,
    ops: Mutex<HashMap<String, Operation>>,
    http: reqwest::Client,
    webhook_retry: WebhookRetry,
    pub retry_after: Duration,
    limiter: Option<Mutex<(f64, Instant)>>,
    per_minute: f64,
    owner_key: String,
}

fn now_iso() -> String {
    crate::emulator::eventlog::format_ms(
        (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64,
    )
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS dps_enrollment_groups (id TEXT PRIMARY KEY, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS dps_registrations (id TEXT PRIMARY KEY, record TEXT NOT NULL);
";

impl Dps {
    /// Open the DPS state and apply the configured groups.
    pub fn open(
        cfg: DpsConfig,
        store: Arc<Store>,
        hub: Arc<IotHub>,
        owner_key: String,
    ) -> rusqlite::Result<Self> {
        let stored: Vec<String> = store.with(|c| {
            c.execute_batch(SCHEMA)?;
            let mut st = c.prepare("SELECT record FROM dps_enrollment_groups")?;
            let rows = st.query_map([], |r| r.get::<_, String>(0))?;
            rows.collect()
        })?;
        let mut groups: BTreeMap<String, EnrollmentGroup> = stored
            .iter()
            .filter_map(|r| serde_json::from_str::<EnrollmentGroup>(r).ok())
            .map(|g| (g.id.clone(), g))
            .collect();
        let mut configured = cfg.groups.clone();
        if configured.is_empty() && groups.is_empty() {
            configured.push(EnrollmentGroup::new(
                DEFAULT_GROUP_ID,
                WELL_KNOWN_GROUP_KEY,
                None,
            ));
        }
        for mut g in configured {
            if g.webhook_url.is_none() {
                g.webhook_url = cfg.default_webhook.clone();
            }
            groups.insert(g.id.clone(), g);
        }
        if let Some(url) = &cfg.default_webhook {
            for g in groups.values_mut().filter(|g| g.webhook_url.is_none()) {
                g.webhook_url = Some(url.clone());
            }
        }
        let allocator = match (cfg.in_process, &cfg.adt_url) {
            (Some(policy), Some(url)) => {
                let adt_cfg = crate::adt::AdtConfig::new(
                    url.parse()
                        .map_err(|_| rusqlite::Error::InvalidPath(url.into()))?,
                );
                let token = Arc::new(crate::auth::StaticToken("emulator".into()));
                crate::adt::AdtClient::new(adt_cfg, token)
                    .ok()
                    .map(|adt| Arc::new(crate::dps::allocation::Allocator::new(policy, adt)))
            }
            _ => None,
        };
        let dps = Self {
            allocator,
            id_scope: cfg.id_scope,
            store,
            hub,
            groups: RwLock::new(BTreeMap::new()),
            ops: Mutex::default(),
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(30))
                .build()
                .unwrap_or_default(),
            webhook_retry: cfg.webhook_retry,
            retry_after: cfg.retry_after,
            per_minute: cfg.registrations_per_minute.unwrap_or(0) as f64,
            limiter: cfg
                .registrations_per_minute
                .map(|n| Mutex::new(((n as f64 / 60.0).max(1.0), Instant::now()))),
            owner_key,
        };
        for g in groups.into_values() {
            dps.put_group(g)?;
        }
        Ok(dps)
    }

    /// Insert or replace a group.
    pub fn put_group(&self, g: EnrollmentGroup) -> rusqlite::Result<()> {
        let text = serde_json::to_string(&g).unwrap_or_default();
        self.store.with(|c| {
            c.execute(
                "INSERT OR REPLACE INTO dps_enrollment_groups (id, record) VALUES (?1, ?2)",
                params![g.id, text],
            )
        })?;
        self.groups
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .insert(g.id.clone(), g);
        Ok(())
    }

    /// One group.
    pub fn group(&self, id: &str) -> Option<EnrollmentGroup> {
        self.groups
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(id)
            .cloned()
    }

    /// Every group.
    pub fn groups(&self) -> Vec<EnrollmentGroup> {
        self.groups
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .values()
            .cloned()
            .collect()
    }

    /// Remove a group.
    pub fn delete_group(&self, id: &str) -> rusqlite::Result<bool> {
        self.store.with(|c| {
            c.execute(
                "DELETE FROM dps_enrollment_groups WHERE id = ?1",
                params![id],
            )
        })?;
        Ok(self
            .groups
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .remove(id)
            .is_some())
    }

    /// Check a service token for the enrollment API (`skn=provisioningserviceowner`).
    pub fn authenticate_service(&self, token: &str) -> Result<(), DpsFault> {
        let p =
            crate::sas::parse_token(token).map_err(|e| DpsFault::unauthorized(e.to_string()))?;
        if p.policy.as_deref() != Some(OWNER_POLICY) {
            return Err(DpsFault::unauthorized(format!(
                "the token's policy (skn) must be {OWNER_POLICY}"
            )));
        }
        let resource = p.resource.clone();
        p.verify(&resource, &[&self.owner_key], now_secs())
            .map_err(|e| DpsFault::unauthorized(e.to_string()))
    }

    /// Check a device's registration token: the scope exists, the token covers
    /// `{scope}/registrations/{id}`, and a group's derived key signed it. Returns the group.
    pub fn authenticate(
        &self,
        scope: &str,
        registration_id: &str,
        token: &str,
    ) -> Result<EnrollmentGroup, DpsFault> {
        if !scope.eq_ignore_ascii_case(&self.id_scope) {
            return Err(DpsFault::not_found(format!(
                "ID scope {scope:?} does not exist (this provisioning service's scope is {})",
                self.id_scope
            )));
        }
        let p = crate::sas::parse_token(token)
            .map_err(|e| DpsFault::unauthorized(format!("Unauthorized: {e}")))?;
        let resource = crate::sas::dps_resource(scope, registration_id);
        for g in self.groups() {
            let keys: Vec<String> = [&g.primary_key, &g.secondary_key]
                .iter()
                .filter_map(|k| crate::sas::derive_device_key(k, registration_id).ok())
                .collect();
            let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
            match p.verify(&resource, &refs, now_secs()) {
                Ok(()) => return Ok(g),
                Err(crate::sas::SasError::BadSignature) => continue,
                Err(e) => return Err(DpsFault::unauthorized(format!("Unauthorized: {e}"))),
            }
        }
        Err(DpsFault::unauthorized(
            "Unauthorized: no enrollment group's key signed this token",
        ))
    }

    fn throttle(&self) -> Result<(), DpsFault> {
        let Some(l) = &self.limiter else {
            return Ok(());
        };
        let mut b = l.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        // Capacity: one second's worth (at least 1), so bursts above the rate are throttled.
        let capacity = (self.per_minute / 60.0).max(1.0);
        b.0 = (b.0 + now.duration_since(b.1).as_secs_f64() * self.per_minute / 60.0).min(capacity);
        b.1 = now;
        if b.0 >= 1.0 {
            b.0 -= 1.0;
            Ok(())
        } else {
            Err(DpsFault {
                status: 429,
                code: 429001,
                message: "Operations are being throttled for this tenant.".into(),
            })
        }
    }

    /// Start a registration: returns the `assigning` status; allocation runs in the background.
    pub fn start(
        self: &Arc<Self>,
        group: EnrollmentGroup,
        registration_id: &str,
        body: &Value,
    ) -> Result<Value, DpsFault> {
        if let Some(r) = body.get("registrationId").and_then(Value::as_str)
            && r != registration_id
        {
            return Err(DpsFault {
                status: 400,
                code: 400004,
                message: format!(
                    "registrationId {r:?} in the body differs from {registration_id:?} in the request"
                ),
            });
        }
        self.throttle()?;
        let op_id = format!("5.{:016x}.{}", rand::random::<u64>(), uuid::Uuid::new_v4());
        let status = json!({"operationId": op_id, "status": "assigning"});
        {
            let mut ops = self.ops.lock().unwrap_or_else(|p| p.into_inner());
            ops.retain(|_, o| o.created.elapsed() < Duration::from_secs(600));
            ops.insert(
                op_id.clone(),
                Operation {
                    registration_id: registration_id.to_string(),
                    status: status.clone(),
                    done: false,
                    created: Instant::now(),
                },
            );
        }
        let me = self.clone();
        let reg = registration_id.to_string();
        let payload = body.get("payload").filter(|p| !p.is_null()).cloned();
        tokio::spawn(async move {
            let final_status = me.allocate(&group, &reg, payload.as_ref(), &op_id).await;
            if let Some(o) = me
                .ops
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .get_mut(&op_id)
            {
                o.status = final_status;
                o.done = true;
            }
        });
        Ok(status)
    }

    /// The status of an operation: (finished, RegistrationOperationStatus).
    pub fn operation(&self, registration_id: &str, op_id: &str) -> Result<(bool, Value), DpsFault> {
        let ops = self.ops.lock().unwrap_or_else(|p| p.into_inner());
        match ops.get(op_id) {
            Some(o) if o.registration_id == registration_id => Ok((o.done, o.status.clone())),
            _ => Err(DpsFault::not_found(format!(
                "operation {op_id:?} not found for registration {registration_id:?}"
            ))),
        }
    }

    async fn allocate(
        &self,
        group: &EnrollmentGroup,
        reg: &str,
        payload: Option<&Value>,
        op_id: &str,
    ) -> Value {
        let now = now_iso();
        let mut state = json!({
            "registrationId": reg,
            "createdDateTimeUtc": now,
            "lastUpdatedDateTimeUtc": now,
            "etag": format!("\"{}\"", uuid::Uuid::new_v4()),
            "symmetricKey": {"enrollmentGroupId": group.id},
        });
        let finish = |status: &str, state: Value| json!({"operationId": op_id, "status": status, "registrationState": state});
        if !group.enabled {
            state["status"] = json!("disabled");
            return finish("disabled", state);
        }
        let linked = vec![self.hub.host.clone()];
        let existing = self.hub.registry.get(reg);
        let outcome = match &group.webhook_url {
            Some(url) => {
                let current = existing
                    .as_ref()
                    .map(|d| (self.hub.host.as_str(), d.device_id.as_str()));
                let body = allocation::request_body(group, reg, current, payload, &linked);
                allocation::call_webhook(&self.http, url, &body, &linked, self.webhook_retry).await
            }
            None => match &self.allocator {
                Some(allocator) => {
                    let current = existing
                        .as_ref()
                        .map(|d| (self.hub.host.as_str(), d.device_id.as_str()));
                    let body = allocation::request_body(group, reg, current, payload, &linked);
                    allocation::in_process(allocator, &body, &linked, self.webhook_retry).await
                }
                None => allocation::builtin(reg, payload, &linked),
            },
        };
        let (hub, tags, returned) = match outcome {
            Outcome::Failed { code, message } => {
                state["status"] = json!("failed");
                state["errorCode"] = json!(code);
                state["errorMessage"] = json!(message);
                return finish("failed", state);
            }
            Outcome::Assigned { hub, tags, payload } => (hub, tags, payload),
        };
        let keys = (
            crate::sas::derive_device_key(&group.primary_key, reg).unwrap_or_default(),
            crate::sas::derive_device_key(&group.secondary_key, reg).unwrap_or_default(),
        );
        let (substatus, result) = match existing {
            Some(d) => {
                let mut rec = (*d).clone();
                (rec.primary_key, rec.secondary_key) = keys;
                ("deviceDataMigrated", self.hub.update_device(rec))
            }
            None => {
                let rec = DeviceRecord::new(reg, &keys.0, &keys.1, tags.unwrap_or_else(Map::new));
                ("initialAssignment", self.hub.create_device(rec))
            }
        };
        if let Err(e) = result {
            state["status"] = json!("failed");
            state["errorCode"] = json!(500000);
            state["errorMessage"] = json!(format!("assignment to the hub failed: {e}"));
            return finish("failed", state);
        }
        state["assignedHub"] = json!(hub);
        state["deviceId"] = json!(reg);
        state["status"] = json!("assigned");
        state["substatus"] = json!(substatus);
        if let Some(p) = returned {
            state["payload"] = p;
        }
        let text = state.to_string();
        let _ = self.store.with(|c| {
            c.execute(
                "INSERT OR REPLACE INTO dps_registrations (id, record) VALUES (?1, ?2)",
                params![reg, text],
            )
        });
        finish("assigned", state)
    }
}

fn now_secs() -> u64 {
    time::OffsetDateTime::now_utc().unix_timestamp().max(0) as u64
}

//! Symmetric-key enrollment groups: the stored record and the DPS service API shape.
use serde_json::{Value, json};

/// A symmetric-key enrollment group.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EnrollmentGroup {
    pub id: String,
    pub primary_key: String,
    pub secondary_key: String,
    pub enabled: bool,
    /// The custom allocation webhook; `None` = the built-in policy.
    pub webhook_url: Option<String>,
}

impl EnrollmentGroup {
    /// An enabled group with one key for both slots.
    pub fn new(id: &str, key: &str, webhook_url: Option<String>) -> Self {
        Self {
            id: id.to_string(),
            primary_key: key.to_string(),
            secondary_key: key.to_string(),
            enabled: true,
            webhook_url,
        }
    }

    /// The DPS service API shape (keys only when asked: the AllocationRequest omits them).
    pub fn service_json(&self, with_keys: bool) -> Value {
        let attestation = if with_keys {
            json!({"type": "symmetricKey", "symmetricKey": {"primaryKey": self.primary_key, "secondaryKey": self.secondary_key}})
        } else {
            json!({"type": "symmetricKey"})
        };
        let mut v = json!({
            "enrollmentGroupId": self.id,
            "attestation": attestation,
            "capabilities": {"iotEdge": false},
            "provisioningStatus": if self.enabled { "enabled" } else { "disabled" },
            "reprovisionPolicy": {"updateHubAssignment": true, "migrateDeviceData": true},
            "allocationPolicy": if self.webhook_url.is_some() { "custom" } else { "static" },
        });
        if let Some(url) = &self.webhook_url {
            let masked = url.split('?').next().unwrap_or(url);
            let shown = if with_keys || !url.contains('?') {
                url.clone()
            } else {
                format!("{masked}?****")
            };
            v["customAllocationDefinition"] =
                json!({"webhookUrl": shown, "apiVersion": "2021-10-01"});
        }
        v
    }

    /// Parse a service API body (`PUT /enrollmentGroups/{id}`).
    pub fn from_service_json(id: &str, v: &Value) -> Result<Self, String> {
        let key = |k: &str| {
            v.pointer(&format!("/attestation/symmetricKey/{k}"))
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        let primary = key("primaryKey")
            .ok_or("attestation.symmetricKey.primaryKey is required (symmetric-key groups only)")?;
        crate::sas::derive_device_key(&primary, "probe").map_err(|e| format!("primaryKey: {e}"))?;
        let secondary = key("secondaryKey").unwrap_or_else(|| primary.clone());
        let enabled = v.get("provisioningStatus").and_then(Value::as_str) != Some("disabled");
        let webhook_url = v
            .pointer("/customAllocationDefinition/webhookUrl")
            .and_then(Value::as_str)
            .map(str::to_string);
        Ok(Self {
            id: id.to_string(),
            primary_key: primary,
            secondary_key: secondary,
            enabled,
            webhook_url,
        })
    }
}

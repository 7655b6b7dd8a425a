//! The AllocationRequest DPS sends to a custom-allocation webhook: parsing and validation.
//!
//! Pure: bytes in, a validated [`AllocationRequest`] or an [`AllocationError::BadRequest`] out.
//! Everything in the request comes from DPS but `registrationId` and `payload` come from the
//! device, so they are treated as hostile (validated, never interpolated into JSON or queries).
use super::AllocationError;
use serde_json::{Map, Value};

/// Top-level fields DPS sends (protocol reference A.2).
const TOP_LEVEL_FIELDS: &[&str] = &[
    "individualEnrollment",
    "enrollmentGroup",
    "deviceRuntimeContext",
    "linkedHubs",
];

/// `deviceRuntimeContext` fields DPS sends (A.2). `currentIoTHubHostName` is the spelling of the
/// documentation's table; every real request uses `currentIotHubHostName`.
const CONTEXT_FIELDS: &[&str] = &[
    "registrationId",
    "currentIotHubHostName",
    "currentIoTHubHostName",
    "currentDeviceId",
    "symmetricKey",
    "x509",
    "tpm",
    "payload",
];

/// Longest registration id DPS allows.
pub const MAX_REGISTRATION_ID: usize = 128;

/// A validated AllocationRequest: the parts the policy uses, plus the raw document.
#[derive(Debug, Clone, PartialEq)]
pub struct AllocationRequest {
    /// `deviceRuntimeContext.registrationId` (device-chosen, validated).
    pub registration_id: String,
    /// `deviceRuntimeContext.currentIotHubHostName`: set when the device was assigned before.
    pub current_hub: Option<String>,
    /// `deviceRuntimeContext.currentDeviceId`: set when the device was assigned before.
    pub current_device_id: Option<String>,
    /// `deviceRuntimeContext.payload`: the device's custom payload (`null` counts as absent).
    pub payload: Option<Value>,
    /// `linkedHubs`: the hubs the device may be assigned to (non-empty).
    pub linked_hubs: Vec<String>,
    /// `enrollmentGroup.enrollmentGroupId`, when registering through a group.
    pub enrollment_group_id: Option<String>,
    /// Fields DPS does not document that were accepted (`linkedHubs2`,
    /// `deviceRuntimeContext.newField`), for the caller to log; empty in strict mode.
    pub unknown_fields: Vec<String>,
    /// The whole request as received.
    pub raw: Value,
}

fn bad(message: impl Into<String>) -> AllocationError {
    AllocationError::BadRequest {
        message: message.into(),
    }
}

/// Check a registration id against DPS's rules: 1 to 128 characters, ASCII letters, digits and
/// `- . _ :`, ending with a letter, a digit or `-`.
pub fn check_registration_id(id: &str) -> Result<(), String> {
    if id.is_empty() {
        return Err("deviceRuntimeContext.registrationId is empty".into());
    }
    if id.len() > MAX_REGISTRATION_ID {
        return Err(format!(
            "deviceRuntimeContext.registrationId is {} characters long; DPS allows at most {MAX_REGISTRATION_ID}",
            id.len()
        ));
    }
    if let Some(c) = id
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | ':')))
    {
        return Err(format!(
            "deviceRuntimeContext.registrationId {:?} contains {c:?}; DPS allows only ASCII letters, digits and - . _ :",
            crate::output::sanitize(id)
        ));
    }
    if id.ends_with(['.', '_', ':']) {
        return Err(format!(
            "deviceRuntimeContext.registrationId {id:?} ends with {:?}; DPS requires the last character to be a letter, a digit or -",
            &id[id.len() - 1..]
        ));
    }
    Ok(())
}

fn optional_string(
    obj: &Map<String, Value>,
    key: &str,
    at: &str,
) -> Result<Option<String>, AllocationError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(bad(format!(
            "{at}{key} must be a string, not {}",
            kind(other)
        ))),
    }
}

/// The JSON kind of a value, for messages.
pub(crate) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Names of `obj`'s keys that are not in `known`, prefixed with `at`.
fn unknown(obj: &Map<String, Value>, known: &[&str], at: &str) -> Vec<String> {
    obj.keys()
        .filter(|k| !known.contains(&k.as_str()))
        .map(|k| format!("{at}{}", crate::output::sanitize(k)))
        .collect()
}

fn reject_unknown(
    obj: &Map<String, Value>,
    known: &[&str],
    at: &str,
) -> Result<(), AllocationError> {
    if let Some(k) = obj.keys().find(|k| !known.contains(&k.as_str())) {
        return Err(bad(format!(
            "unexpected field {at}{:?} (expected only {}); strict mode (--strict-request) refuses fields DPS does not document",
            crate::output::sanitize(k),
            known.join(", ")
        )));
    }
    Ok(())
}

impl AllocationRequest {
    /// Parse and validate request bytes. `allow_unknown_fields` (the policy's default: DPS may
    /// add fields) accepts fields DPS does not document at the top level and in
    /// `deviceRuntimeContext` and lists them in [`Self::unknown_fields`]; `false` (strict)
    /// refuses them. Enrollment records and the device payload are never checked for unknown
    /// fields.
    pub fn from_slice(body: &[u8], allow_unknown_fields: bool) -> Result<Self, AllocationError> {
        if body.iter().all(u8::is_ascii_whitespace) {
            return Err(bad(
                "the request body is empty; DPS sends an AllocationRequest JSON object",
            ));
        }
        let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
        let value: Value = serde_json::from_slice(body)
            .map_err(|e| bad(format!("the request body is not valid JSON: {e}")))?;
        Self::from_value(value, allow_unknown_fields)
    }

    /// Validate an already-parsed request.
    pub fn from_value(value: Value, allow_unknown_fields: bool) -> Result<Self, AllocationError> {
        let Some(top) = value.as_object() else {
            return Err(bad(format!(
                "the request body must be a JSON object (an AllocationRequest), not {}",
                kind(&value)
            )));
        };
        if !allow_unknown_fields {
            reject_unknown(top, TOP_LEVEL_FIELDS, "")?;
        }
        let mut unknown_fields = unknown(top, TOP_LEVEL_FIELDS, "");
        let ctx = match top.get("deviceRuntimeContext") {
            Some(Value::Object(o)) => o,
            None | Some(Value::Null) => {
                return Err(bad(
                    "deviceRuntimeContext is missing; it carries the device's registrationId",
                ));
            }
            Some(other) => {
                return Err(bad(format!(
                    "deviceRuntimeContext must be an object, not {}",
                    kind(other)
                )));
            }
        };
        if !allow_unknown_fields {
            reject_unknown(ctx, CONTEXT_FIELDS, "deviceRuntimeContext.")?;
        }
        unknown_fields.extend(unknown(ctx, CONTEXT_FIELDS, "deviceRuntimeContext."));
        let registration_id = optional_string(ctx, "registrationId", "deviceRuntimeContext.")?
            .ok_or_else(|| bad("deviceRuntimeContext.registrationId is missing or empty"))?;
        check_registration_id(&registration_id).map_err(bad)?;
        let current_hub =
            match optional_string(ctx, "currentIotHubHostName", "deviceRuntimeContext.")? {
                Some(h) => Some(h),
                None => optional_string(ctx, "currentIoTHubHostName", "deviceRuntimeContext.")?,
            };
        let current_device_id = optional_string(ctx, "currentDeviceId", "deviceRuntimeContext.")?;
        let payload = ctx.get("payload").filter(|p| !p.is_null()).cloned();
        let linked_hubs = match top.get("linkedHubs") {
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, h)| match h.as_str().map(str::trim) {
                    Some(s) if !s.is_empty() => Ok(s.to_string()),
                    _ => Err(bad(format!(
                        "linkedHubs[{i}] must be an IoT hub host name (a non-empty string), not {}",
                        kind(h)
                    ))),
                })
                .collect::<Result<Vec<_>, _>>()?,
            None | Some(Value::Null) => {
                return Err(bad(
                    "linkedHubs is missing; DPS lists the IoT hubs the device may be assigned to",
                ));
            }
            Some(other) => {
                return Err(bad(format!(
                    "linkedHubs must be an array of host names, not {}",
                    kind(other)
                )));
            }
        };
        if linked_hubs.is_empty() {
            return Err(bad(
                "linkedHubs is empty: the enrollment has no IoT hub linked, so there is nothing to assign; link a hub to the enrollment in DPS",
            ));
        }
        let enrollment_group_id = match top.get("enrollmentGroup") {
            Some(Value::Object(g)) => optional_string(g, "enrollmentGroupId", "enrollmentGroup.")?,
            _ => None,
        };
        Ok(Self {
            registration_id,
            current_hub,
            current_device_id,
            payload,
            linked_hubs,
            enrollment_group_id,
            unknown_fields,
            raw: value,
        })
    }

    /// A string-valued field of the payload (`payload.NAME`), if the payload is an object.
    pub fn payload_field(&self, name: &str) -> Option<&Value> {
        self.payload.as_ref()?.as_object()?.get(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn req(v: Value) -> Result<AllocationRequest, AllocationError> {
        AllocationRequest::from_slice(v.to_string().as_bytes(), false)
    }

    #[test]
    fn registration_id_rules() {
        assert!(check_registration_id("breakroom499-contoso-tstrsd-007").is_ok());
        assert!(check_registration_id("a.b_c:d-").is_ok());
        assert!(check_registration_id("").is_err());
        assert!(check_registration_id("dev 1").is_err());
        assert!(check_registration_id("dev/1").is_err());
        assert!(check_registration_id("dev1.").is_err());
        assert!(check_registration_id("dév").is_err());
        assert!(check_registration_id(&"a".repeat(129)).is_err());
        assert!(check_registration_id(&"a".repeat(128)).is_ok());
    }

    #[test]
    fn minimal_request_parses() {
        let r = req(json!({
            "deviceRuntimeContext": {"registrationId": "dev1", "payload": {"modelId": "dtmi:a:b;1"}},
            "linkedHubs": ["h1.azure-devices.net"]
        }))
        .unwrap();
        assert_eq!(r.registration_id, "dev1");
        assert_eq!(r.linked_hubs, vec!["h1.azure-devices.net"]);
        assert_eq!(r.payload_field("modelId"), Some(&json!("dtmi:a:b;1")));
        assert!(r.current_hub.is_none());
    }

    #[test]
    fn bad_inputs_are_named() {
        let cases = [
            (json!([1]), "must be a JSON object"),
            (
                json!({"linkedHubs": ["h"]}),
                "deviceRuntimeContext is missing",
            ),
            (
                json!({"deviceRuntimeContext": {}, "linkedHubs": ["h"]}),
                "registrationId is missing",
            ),
            (
                json!({"deviceRuntimeContext": {"registrationId": "d"}, "linkedHubs": []}),
                "linkedHubs is empty",
            ),
            (
                json!({"deviceRuntimeContext": {"registrationId": "d"}}),
                "linkedHubs is missing",
            ),
            (
                json!({"deviceRuntimeContext": {"registrationId": "d"}, "linkedHubs": [""]}),
                "linkedHubs[0]",
            ),
            (
                json!({"deviceRuntimeContext": {"registrationId": "d"}, "linkedHubs": ["h"], "extra": 1}),
                "unexpected field \"extra\"",
            ),
            (
                json!({"deviceRuntimeContext": {"registrationId": "d", "secret": 1}, "linkedHubs": ["h"]}),
                "unexpected field deviceRuntimeContext.\"secret\"",
            ),
            (
                json!({"deviceRuntimeContext": {"registrationId": 5}, "linkedHubs": ["h"]}),
                "must be a string",
            ),
        ];
        for (v, needle) in cases {
            let e = req(v.clone()).unwrap_err().to_string();
            assert!(e.contains(needle), "{v}: {e}");
        }
        let e = AllocationRequest::from_slice(b"{not json", false).unwrap_err();
        assert!(e.to_string().contains("not valid JSON"), "{e}");
        let e = AllocationRequest::from_slice(b"  ", false).unwrap_err();
        assert!(e.to_string().contains("empty"), "{e}");
    }

    #[test]
    fn unknown_fields_allowed_on_request() {
        let v = json!({"deviceRuntimeContext": {"registrationId": "d", "new": 1}, "linkedHubs": ["h"], "x": 2});
        let r = AllocationRequest::from_value(v, true).unwrap();
        assert_eq!(r.unknown_fields, vec!["x", "deviceRuntimeContext.new"]);
        let known =
            req(json!({"deviceRuntimeContext": {"registrationId": "d"}, "linkedHubs": ["h"]}));
        assert!(known.unwrap().unknown_fields.is_empty());
    }

    #[test]
    fn documented_spelling_of_current_hub_is_accepted() {
        let r = req(json!({
            "deviceRuntimeContext": {"registrationId": "d", "currentIoTHubHostName": "h2", "payload": null},
            "linkedHubs": ["h1", "h2"]
        }))
        .unwrap();
        assert_eq!(r.current_hub.as_deref(), Some("h2"));
        assert!(r.payload.is_none());
    }
}

//! What a lifecycle-hub event is: device or module, create or delete, a twin-change or
//! connection-state event routed to the same hub, or not a lifecycle event at all; and which
//! twin it concerns. A device event's twin is `tags.dtId` from the body, else the `deviceId`
//! property, else the connection device id. A module event's body is the *module* twin, so its
//! twin is that twin's `tags.dtId` or none: never the parent device's. Handles both module
//! event forms of the reference. Pure.
use crate::events::Event;
use serde_json::Value;

/// The kind of event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    DeviceCreated,
    DeviceDeleted,
    ModuleCreated,
    ModuleDeleted,
    /// `updateTwin` / `replaceTwin` (twinChangeEvents): recognised and skipped.
    TwinChanged,
    /// `deviceConnected` / `deviceDisconnected`: recognised and skipped.
    ConnectionState,
    /// Some other `opType`.
    Other(String),
    /// No `opType`: telemetry or something else routed here.
    NotLifecycle,
}

/// A classified event.
#[derive(Debug, Clone, PartialEq)]
pub struct Lifecycle {
    pub kind: Kind,
    pub device_id: Option<String>,
    pub module_id: Option<String>,
    /// The twin to act on.
    pub twin_id: Option<String>,
    /// Where the twin id came from: `tags.dtId`, `deviceId`, `connection-device-id`, or
    /// `none` (a module event whose module twin has no `tags.dtId`).
    pub twin_id_from: &'static str,
    /// `tags.dtmi` from the body.
    pub model: Option<String>,
    /// False when the body was not JSON (the twin id then comes from properties).
    pub body_is_json: bool,
}

fn string(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str)
        .filter(|s| !s.is_empty() && !s.starts_with("$twin."))
        .map(str::to_string)
}

/// Classify an event.
pub fn classify(e: &Event) -> Lifecycle {
    let body = e.body_json();
    let op = string(e.properties.get("opType"));
    let source = string(e.system_properties.get("iothub-message-source"))
        .or_else(|| string(e.properties.get("iothub-message-source")));
    let module_id = string(e.properties.get("moduleId"))
        .or_else(|| string(e.system_properties.get("iothub-connection-module-id")));
    let device_id = string(e.properties.get("deviceId"))
        .or_else(|| string(e.system_properties.get("iothub-connection-device-id")));
    let kind = match op.as_deref() {
        Some("createDeviceIdentity") if module_id.is_some() => Kind::ModuleCreated,
        Some("deleteDeviceIdentity") if module_id.is_some() => Kind::ModuleDeleted,
        Some("createDeviceIdentity") => Kind::DeviceCreated,
        Some("deleteDeviceIdentity") => Kind::DeviceDeleted,
        Some("createModuleIdentity") => Kind::ModuleCreated,
        Some("deleteModuleIdentity") => Kind::ModuleDeleted,
        Some("updateTwin" | "replaceTwin") => Kind::TwinChanged,
        Some("deviceConnected" | "deviceDisconnected") => Kind::ConnectionState,
        Some(other) => Kind::Other(other.to_string()),
        None if source.as_deref() == Some("twinChangeEvents") => Kind::TwinChanged,
        None if source.as_deref() == Some("deviceConnectionStateEvents") => Kind::ConnectionState,
        None => Kind::NotLifecycle,
    };
    let tags = body.as_ref().and_then(|b| b.get("tags"));
    let is_module = matches!(kind, Kind::ModuleCreated | Kind::ModuleDeleted);
    let (twin_id, twin_id_from) = match string(tags.and_then(|t| t.get("dtId"))) {
        Some(t) => (Some(t), "tags.dtId"),
        // The device ids on a module event name the module's parent: its twin is not the
        // module's.
        None if is_module => (None, "none"),
        None => match string(e.properties.get("deviceId")) {
            Some(d) => (Some(d), "deviceId"),
            None => (
                string(e.system_properties.get("iothub-connection-device-id")),
                "connection-device-id",
            ),
        },
    };
    Lifecycle {
        kind,
        device_id,
        module_id,
        twin_id,
        twin_id_from,
        model: string(tags.and_then(|t| t.get("dtmi"))),
        body_is_json: body.is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn lifecycle(op: &str, module: Option<&str>, body: Value) -> Event {
        let mut e = Event::json(&body);
        e.properties.insert("opType".into(), json!(op));
        e.properties
            .insert("deviceId".into(), json!("thermostat-67"));
        e.properties.insert("hubName".into(), json!("myhub"));
        e.properties.insert(
            "iothub-message-schema".into(),
            json!("deviceLifecycleNotification"),
        );
        e.system_properties
            .insert("iothub-connection-device-id".into(), json!("thermostat-67"));
        e.system_properties.insert(
            "iothub-message-source".into(),
            json!("deviceLifecycleEvents"),
        );
        if let Some(m) = module {
            e.properties.insert("moduleId".into(), json!(m));
        }
        e
    }

    #[test]
    fn device_delete_uses_the_dt_id_tag() {
        let e = lifecycle(
            "deleteDeviceIdentity",
            None,
            json!({"deviceId": "thermostat-67", "tags": {"dtId": "twin-67", "dtmi": "dtmi:a;1"}}),
        );
        let c = classify(&e);
        assert_eq!(c.kind, Kind::DeviceDeleted);
        assert_eq!(
            (c.twin_id.as_deref(), c.twin_id_from),
            (Some("twin-67"), "tags.dtId")
        );
        assert_eq!(c.model.as_deref(), Some("dtmi:a;1"));
    }

    #[test]
    fn missing_tag_and_non_json_body_fall_back_to_device_id() {
        let c = classify(&lifecycle(
            "deleteDeviceIdentity",
            None,
            json!({"deviceId": "thermostat-67"}),
        ));
        assert_eq!(
            (c.twin_id.as_deref(), c.twin_id_from),
            (Some("thermostat-67"), "deviceId")
        );
        let mut e = lifecycle("deleteDeviceIdentity", None, json!({}));
        e.body = b"<not json>".to_vec();
        e.properties.remove("deviceId");
        let c = classify(&e);
        assert!(!c.body_is_json);
        assert_eq!(
            (c.twin_id.as_deref(), c.twin_id_from),
            (Some("thermostat-67"), "connection-device-id")
        );
    }

    #[test]
    fn a_module_event_never_names_the_parent_device_twin() {
        for op in [
            "deleteDeviceIdentity",
            "deleteModuleIdentity",
            "createModuleIdentity",
        ] {
            let mut e = lifecycle(
                op,
                Some("m1"),
                json!({"deviceId": "thermostat-67", "moduleId": "m1"}),
            );
            e.system_properties
                .insert("iothub-connection-module-id".into(), json!("m1"));
            let c = classify(&e);
            assert!(
                matches!(c.kind, Kind::ModuleCreated | Kind::ModuleDeleted),
                "{op}"
            );
            assert_eq!((c.twin_id, c.twin_id_from), (None, "none"), "{op}");
            assert_eq!(c.device_id.as_deref(), Some("thermostat-67"));
            assert_eq!(c.module_id.as_deref(), Some("m1"));
        }
        // A module twin tagged with its own twin id maps to that twin.
        let c = classify(&lifecycle(
            "deleteDeviceIdentity",
            Some("m1"),
            json!({"deviceId": "thermostat-67", "moduleId": "m1", "tags": {"dtId": "thermostat-67-m1"}}),
        ));
        assert_eq!(
            (c.twin_id.as_deref(), c.twin_id_from),
            (Some("thermostat-67-m1"), "tags.dtId")
        );
    }

    #[test]
    fn both_module_forms_and_twin_changes() {
        assert_eq!(
            classify(&lifecycle("createDeviceIdentity", Some("m1"), json!({}))).kind,
            Kind::ModuleCreated
        );
        assert_eq!(
            classify(&lifecycle("deleteModuleIdentity", Some("m1"), json!({}))).kind,
            Kind::ModuleDeleted
        );
        assert_eq!(
            classify(&lifecycle("createDeviceIdentity", None, json!({}))).kind,
            Kind::DeviceCreated
        );
        assert_eq!(
            classify(&lifecycle("updateTwin", None, json!({"version": 7}))).kind,
            Kind::TwinChanged
        );
        let mut tc = Event::json(&json!({"version": 2}));
        tc.system_properties
            .insert("iothub-message-source".into(), json!("twinChangeEvents"));
        assert_eq!(classify(&tc).kind, Kind::TwinChanged);
        assert_eq!(
            classify(&Event::json(&json!({"Temperature": 1}))).kind,
            Kind::NotLifecycle
        );
    }
}

//! Which twin an event is for: an ordered list of sources (`--twin-id-from`), first present wins.
//! Default `property:dtId,device-id`: the `dtId` enrichment when present, else the device id. An
//! enrichment whose value is the literal `$twin.…` string means the tag is missing (IoT Hub
//! stamps the expression itself then), so it counts as absent.
use crate::events::Event;
use serde_json::Value;

/// One place a twin id can come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TwinIdSource {
    /// An application property (message enrichment), e.g. `property:dtId`.
    Property(String),
    /// A system property / annotation, e.g. `system:iothub-connection-device-id`.
    System(String),
    /// `iothub-connection-device-id`.
    DeviceId,
    /// A JSON pointer into the body, e.g. `body:/twinId`.
    Body(String),
}

/// The default list.
pub const DEFAULT_TWIN_ID_FROM: &str = "property:dtId,device-id";

/// Parse `property:dtId,device-id,...`.
pub fn parse_sources(spec: &str) -> Result<Vec<TwinIdSource>, String> {
    let mut out = Vec::new();
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let src = match part.split_once(':') {
            _ if part == "device-id" => TwinIdSource::DeviceId,
            Some(("property", name)) if !name.is_empty() => {
                TwinIdSource::Property(name.to_string())
            }
            Some(("system", name)) if !name.is_empty() => TwinIdSource::System(name.to_string()),
            Some(("body", ptr)) if ptr.starts_with('/') => TwinIdSource::Body(ptr.to_string()),
            _ => {
                return Err(format!(
                    "{part:?} is not a twin id source: use property:NAME, system:NAME, body:/json/pointer or device-id"
                ));
            }
        };
        out.push(src);
    }
    if out.is_empty() {
        return Err("the twin id source list is empty".into());
    }
    Ok(out)
}

fn usable(v: Option<&Value>) -> Option<String> {
    let s = match v? {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    (!s.is_empty() && !s.starts_with("$twin.")).then_some(s)
}

/// The twin id of an event, if any source yields one.
pub fn resolve(sources: &[TwinIdSource], event: &Event, body: Option<&Value>) -> Option<String> {
    sources.iter().find_map(|s| match s {
        TwinIdSource::Property(n) => usable(event.properties.get(n)),
        TwinIdSource::System(n) => usable(event.system_properties.get(n)),
        TwinIdSource::DeviceId => {
            usable(event.system_properties.get("iothub-connection-device-id"))
        }
        TwinIdSource::Body(p) => usable(body.and_then(|b| b.pointer(p))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(dt_id: Option<&str>) -> Event {
        let mut e = Event::json(&json!({"Temperature": 1.0, "id": "from-body"}));
        e.system_properties
            .insert("iothub-connection-device-id".into(), json!("device-7"));
        if let Some(d) = dt_id {
            e.properties.insert("dtId".into(), json!(d));
        }
        e
    }

    #[test]
    fn enrichment_then_device_id() {
        let s = parse_sources(DEFAULT_TWIN_ID_FROM).unwrap();
        assert_eq!(
            resolve(&s, &event(Some("twin-7")), None).as_deref(),
            Some("twin-7")
        );
        assert_eq!(resolve(&s, &event(None), None).as_deref(), Some("device-7"));
        assert_eq!(
            resolve(&s, &event(Some("$twin.tags.dtId")), None).as_deref(),
            Some("device-7"),
            "literal expression = missing tag"
        );
    }

    #[test]
    fn body_pointer_and_errors() {
        let s = parse_sources("body:/id").unwrap();
        let e = event(None);
        assert_eq!(
            resolve(&s, &e, e.body_json().as_ref()).as_deref(),
            Some("from-body")
        );
        assert!(
            parse_sources("tag:x")
                .unwrap_err()
                .contains("property:NAME")
        );
        assert!(parse_sources("").is_err());
        let none = Event::json(&json!({}));
        assert_eq!(
            resolve(&parse_sources(DEFAULT_TWIN_ID_FROM).unwrap(), &none, None),
            None
        );
    }
}

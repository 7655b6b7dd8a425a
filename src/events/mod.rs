//! The one event model shared by both consumers (`sync-telemetry`, `watch-lifecycle`), the
//! emulator's Event Hubs, and the NDJSON format used by `--from-file`, the emulator's inject
//! endpoint and `--format json` streams.
//!
//! NDJSON line format (one event per line; only `body`/`body_base64` is required on input):
//! ```json
//! {"body": {"Temperature": 21.5}, "content_type": "application/json", "content_encoding": "utf-8",
//!  "message_id": "m1", "correlation_id": null,
//!  "properties": {"dtId": "thermostat-1"},
//!  "system_properties": {"iothub-connection-device-id": "thermostat-1", "iothub-message-source": "Telemetry"},
//!  "partition": "0", "sequence_number": 12, "offset": "12", "enqueued_time": "2026-11-27T10:00:00.000Z"}
//! ```
//! `body` is a JSON value when the bytes are JSON (other than a bare JSON string), or a string
//! holding the text exactly when they are other UTF-8 text (so a body `"x"` is written
//! `"body":"\"x\""`); bytes that are not UTF-8 are written as `body_base64` instead. A body
//! of the JSON `null` is written and read as `"body": null`.
pub mod balance;
pub mod checkpoint;
pub mod deadletter;
pub mod error;
pub mod eventhubs;
pub mod file_identity;
pub mod hold;
pub mod ndjson;
pub mod outcome;
pub mod pipeline;
pub mod sources;
pub mod tracker;

pub use error::EventsError;
pub use ndjson::NdjsonSource;

use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One event: body bytes, properties, and its position in a partition.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Event {
    pub body: Vec<u8>,
    pub content_type: Option<String>,
    pub content_encoding: Option<String>,
    pub message_id: Option<String>,
    pub correlation_id: Option<String>,
    /// Application properties (IoT Hub: custom properties and message enrichments such as `dtId`;
    /// lifecycle events: `opType`, `deviceId`, `hubName`, ...).
    pub properties: Map<String, Value>,
    /// System properties / message annotations (`iothub-connection-device-id`,
    /// `iothub-enqueuedtime`, `iothub-message-source`, ...).
    pub system_properties: Map<String, Value>,
    /// Position: partition id, sequence number, offset, enqueued time (RFC 3339).
    pub partition: Option<String>,
    pub sequence_number: Option<i64>,
    pub offset: Option<String>,
    pub enqueued_time: Option<String>,
}

impl Event {
    /// Enqueued time in milliseconds since the epoch (the annotation, else the position's
    /// RFC 3339 time); 0 when unknown.
    pub fn enqueued_ms(&self) -> i64 {
        for k in ["x-opt-enqueued-time", "iothub-enqueuedtime"] {
            if let Some(n) = self.system_properties.get(k).and_then(|v| v.as_i64()) {
                return n;
            }
        }
        self.enqueued_time
            .as_deref()
            .and_then(|t| {
                time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339).ok()
            })
            .map(|t| (t.unix_timestamp_nanos() / 1_000_000) as i64)
            .unwrap_or(0)
    }
}

/// Milliseconds since the epoch as RFC 3339 with milliseconds (enqueued times).
pub fn format_ms(ms: i64) -> String {
    let fmt = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
    );
    time::OffsetDateTime::from_unix_timestamp_nanos(ms as i128 * 1_000_000)
        .map(|t| t.format(&fmt).unwrap_or_default())
        .unwrap_or_default()
}

/// The NDJSON wire form of an [`Event`].
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    /// `Some(Value::Null)` for `"body": null` (a body of the four bytes `null`), `None` when
    /// the key is absent.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    body: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    body_base64: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    content_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    content_encoding: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    message_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    correlation_id: Option<String>,
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    properties: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    system_properties: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    partition: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sequence_number: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    offset: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    enqueued_time: Option<String>,
}

/// A key that is present, even as `null` (serde maps a `null` to `None` for `Option` fields).
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

/// Why an NDJSON line is not an event.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct LineError(pub String);

impl Event {
    /// An event with a JSON body (content type `application/json`, encoding `utf-8`).
    pub fn json(body: &Value) -> Self {
        Self {
            body: body.to_string().into_bytes(),
            content_type: Some("application/json".into()),
            content_encoding: Some("utf-8".into()),
            ..Self::default()
        }
    }

    /// The body parsed as JSON, if it is JSON.
    pub fn body_json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// A string property from the application properties, then the system properties.
    pub fn property_str(&self, key: &str) -> Option<&str> {
        self.properties
            .get(key)
            .or_else(|| self.system_properties.get(key))
            .and_then(Value::as_str)
    }

    /// The device that sent the event (`iothub-connection-device-id`).
    pub fn device_id(&self) -> Option<&str> {
        self.system_properties
            .get("iothub-connection-device-id")
            .and_then(Value::as_str)
    }

    /// One NDJSON line (no trailing newline).
    pub fn to_ndjson(&self) -> String {
        self.to_value().to_string()
    }

    /// The NDJSON object of this event.
    pub fn to_value(&self) -> Value {
        // A JSON string body stays text (`"body":"\"x\""`): written as the string value it
        // would read back without its quotes, no longer JSON.
        let (body, body_base64) = match serde_json::from_slice::<Value>(&self.body) {
            Ok(v) if !self.body.is_empty() && !v.is_string() => (Some(v), None),
            _ => match std::str::from_utf8(&self.body) {
                Ok(s) => (Some(Value::String(s.to_string())), None),
                Err(_) => (
                    None,
                    Some(base64::engine::general_purpose::STANDARD.encode(&self.body)),
                ),
            },
        };
        let line = Line {
            body,
            body_base64,
            content_type: self.content_type.clone(),
            content_encoding: self.content_encoding.clone(),
            message_id: self.message_id.clone(),
            correlation_id: self.correlation_id.clone(),
            properties: self.properties.clone(),
            system_properties: self.system_properties.clone(),
            partition: self.partition.clone(),
            sequence_number: self.sequence_number,
            offset: self.offset.clone(),
            enqueued_time: self.enqueued_time.clone(),
        };
        serde_json::to_value(line).unwrap_or(Value::Null)
    }

    /// Parse one NDJSON line. A JSON string `body` is taken as raw text; any other JSON value
    /// is serialized as the body bytes.
    pub fn from_ndjson(line: &str) -> Result<Self, LineError> {
        let value: Value =
            serde_json::from_str(line).map_err(|e| LineError(format!("not JSON: {e}")))?;
        Self::from_value(value)
    }

    /// Parse an NDJSON object.
    pub fn from_value(value: Value) -> Result<Self, LineError> {
        if !value.is_object() {
            return Err(LineError(
                "an event line must be a JSON object with a \"body\"".into(),
            ));
        }
        let l: Line =
            serde_json::from_value(value).map_err(|e| LineError(format!("bad event line: {e}")))?;
        let body = match (l.body, l.body_base64) {
            // `"body": null` beside `body_base64` still means the base64 body, as it did
            // before a present `null` became a body of its own.
            (Some(Value::Null), Some(b)) => base64::engine::general_purpose::STANDARD
                .decode(b.trim())
                .map_err(|e| LineError(format!("body_base64 is not base64: {e}")))?,
            (Some(_), Some(_)) => {
                return Err(LineError(
                    "give \"body\" or \"body_base64\", not both".into(),
                ));
            }
            (Some(Value::String(s)), None) => s.into_bytes(),
            (Some(v), None) => v.to_string().into_bytes(),
            (None, Some(b)) => base64::engine::general_purpose::STANDARD
                .decode(b.trim())
                .map_err(|e| LineError(format!("body_base64 is not base64: {e}")))?,
            (None, None) => {
                return Err(LineError(
                    "an event line needs \"body\" or \"body_base64\"".into(),
                ));
            }
        };
        Ok(Self {
            body,
            content_type: l.content_type,
            content_encoding: l.content_encoding,
            message_id: l.message_id,
            correlation_id: l.correlation_id,
            properties: l.properties,
            system_properties: l.system_properties,
            partition: l.partition,
            sequence_number: l.sequence_number,
            offset: l.offset,
            enqueued_time: l.enqueued_time,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_body_round_trips() {
        let mut e = Event::json(&json!({"Temperature": 21.5}));
        e.properties.insert("dtId".into(), json!("t1"));
        e.system_properties
            .insert("iothub-connection-device-id".into(), json!("dev1"));
        e.partition = Some("0".into());
        e.sequence_number = Some(7);
        let line = e.to_ndjson();
        assert!(line.contains("\"body\":{\"Temperature\":21.5}"), "{line}");
        let back = Event::from_ndjson(&line).unwrap();
        assert_eq!(back, e);
        assert_eq!(back.device_id(), Some("dev1"));
        assert_eq!(back.property_str("dtId"), Some("t1"));
    }

    #[test]
    fn text_and_binary_bodies() {
        let e = Event {
            body: b"not json".to_vec(),
            ..Default::default()
        };
        assert_eq!(
            Event::from_ndjson(&e.to_ndjson()).unwrap().body,
            b"not json"
        );
        let e = Event {
            body: vec![0xff, 0x00, 0x80],
            ..Default::default()
        };
        let line = e.to_ndjson();
        assert!(line.contains("body_base64"));
        assert_eq!(
            Event::from_ndjson(&line).unwrap().body,
            vec![0xff, 0x00, 0x80]
        );
    }

    /// Found by the `event_round_trip` fuzz target: a body that is a JSON string (`"quoted"`)
    /// was written as `"body":"quoted"` and read back as the bare text `quoted`, so the emulator's
    /// event log and dead-letter lines dropped the quotes and the body stopped being JSON.
    #[test]
    fn json_string_body_round_trips() {
        for body in [&b"\"quoted\""[..], b" \"x\" ", b"\"\"", b"\"\\u00e9\""] {
            let e = Event {
                body: body.to_vec(),
                ..Default::default()
            };
            let back = Event::from_ndjson(&e.to_ndjson()).unwrap();
            assert_eq!(back.body, body, "{}", e.to_ndjson());
        }
    }

    /// Found by the `event_round_trip` fuzz target: a body of the JSON `null` was written as
    /// `"body":null`, which the reader took for a missing body and refused, so the emulator's
    /// event log dropped such events and their dead letters could not be replayed.
    #[test]
    fn null_body_round_trips() {
        let e = Event {
            body: b"null".to_vec(),
            ..Default::default()
        };
        assert_eq!(e.to_ndjson(), r#"{"body":null}"#);
        assert_eq!(Event::from_ndjson(&e.to_ndjson()).unwrap(), e);
        let both = Event::from_ndjson(r#"{"body":null,"body_base64":"AAE="}"#).unwrap();
        assert_eq!(both.body, vec![0u8, 1]);
    }

    #[test]
    fn bad_lines_say_why() {
        assert!(Event::from_ndjson("{").unwrap_err().0.contains("not JSON"));
        assert!(
            Event::from_ndjson("[1]")
                .unwrap_err()
                .0
                .contains("JSON object")
        );
        assert!(
            Event::from_ndjson("{\"properties\":{}}")
                .unwrap_err()
                .0
                .contains("needs")
        );
        assert!(
            Event::from_ndjson("{\"body\":1,\"bogus\":2}")
                .unwrap_err()
                .0
                .contains("bogus")
        );
    }
}

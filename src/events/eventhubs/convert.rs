//! A received AMQP message as the shared [`Event`]: the body bytes, content type/encoding and ids
//! from the properties section, application properties as JSON values, every message annotation
//! (`x-opt-*`, `iothub-*`) as a system property (timestamps as epoch milliseconds, as IoT Hub's
//! `iothub-enqueuedtime` appears in captures), plus `user-id`/`to`/`subject`/`reply-to`. Pure.
use crate::events::Event;
use azure_core_amqp::message::{AmqpAnnotationKey, AmqpMessageBody, AmqpMessageId};
use azure_core_amqp::{AmqpMessage, AmqpSimpleValue, AmqpValue};
use base64::Engine;
use serde_json::{Map, Value as Json, json};
use std::time::{SystemTime, UNIX_EPOCH};

/// Epoch milliseconds of a time (negative before 1970).
pub fn epoch_ms(t: SystemTime) -> i64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_millis() as i64,
        Err(e) => -(e.duration().as_millis() as i64),
    }
}

/// RFC 3339 with milliseconds, UTC.
pub fn rfc3339_ms(ms: i64) -> String {
    let fmt = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
    );
    time::OffsetDateTime::from_unix_timestamp_nanos(ms as i128 * 1_000_000)
        .ok()
        .and_then(|t| t.format(&fmt).ok())
        .unwrap_or_default()
}

fn b64(b: &[u8]) -> Json {
    json!(base64::engine::general_purpose::STANDARD.encode(b))
}

/// An AMQP value as JSON.
pub fn value_json(v: &AmqpValue) -> Json {
    match v {
        AmqpValue::Null => Json::Null,
        AmqpValue::Boolean(b) => json!(b),
        AmqpValue::UByte(n) => json!(n),
        AmqpValue::UShort(n) => json!(n),
        AmqpValue::UInt(n) => json!(n),
        AmqpValue::ULong(n) => json!(n),
        AmqpValue::Byte(n) => json!(n),
        AmqpValue::Short(n) => json!(n),
        AmqpValue::Int(n) => json!(n),
        AmqpValue::Long(n) => json!(n),
        AmqpValue::Float(f) => json!(f),
        AmqpValue::Double(f) => json!(f),
        AmqpValue::Char(c) => json!(c.to_string()),
        AmqpValue::TimeStamp(t) => t.0.map(|t| json!(epoch_ms(t))).unwrap_or(Json::Null),
        AmqpValue::Uuid(u) => json!(u.to_string()),
        AmqpValue::Binary(b) => b64(b),
        AmqpValue::String(s) => json!(s),
        AmqpValue::Symbol(s) => json!(s.0),
        AmqpValue::List(l) => Json::Array(l.iter().map(value_json).collect()),
        AmqpValue::Array(a) => Json::Array(a.iter().map(value_json).collect()),
        AmqpValue::Map(m) => Json::Object(
            m.iter()
                .map(|(k, v)| {
                    let key = match value_json(k) {
                        Json::String(s) => s,
                        other => other.to_string(),
                    };
                    (key, value_json(v))
                })
                .collect(),
        ),
        AmqpValue::Described(d) => value_json(&d.value),
        other => json!(format!("{other:?}")),
    }
}

fn simple_json(v: &AmqpSimpleValue) -> Json {
    match v {
        AmqpSimpleValue::Null => Json::Null,
        AmqpSimpleValue::Boolean(b) => json!(b),
        AmqpSimpleValue::UByte(n) => json!(n),
        AmqpSimpleValue::Byte(n) => json!(n),
        AmqpSimpleValue::UShort(n) => json!(n),
        AmqpSimpleValue::Short(n) => json!(n),
        AmqpSimpleValue::UInt(n) => json!(n),
        AmqpSimpleValue::Int(n) => json!(n),
        AmqpSimpleValue::ULong(n) => json!(n),
        AmqpSimpleValue::Long(n) => json!(n),
        AmqpSimpleValue::Float(f) => json!(f),
        AmqpSimpleValue::Double(f) => json!(f),
        AmqpSimpleValue::Char(c) => json!(c.to_string()),
        AmqpSimpleValue::TimeStamp(t) => t.0.map(|t| json!(epoch_ms(t))).unwrap_or(Json::Null),
        AmqpSimpleValue::Uuid(u) => json!(u.to_string()),
        AmqpSimpleValue::String(s) => json!(s),
        AmqpSimpleValue::Symbol(s) => json!(s.0),
        AmqpSimpleValue::Binary(b) => b64(b),
        AmqpSimpleValue::Described(d) => value_json(&d.value),
        other => json!(format!("{other:?}")),
    }
}

fn id_string(id: &AmqpMessageId) -> String {
    match id {
        AmqpMessageId::String(s) => s.clone(),
        AmqpMessageId::Uuid(u) => u.to_string(),
        AmqpMessageId::Binary(b) => String::from_utf8_lossy(b).into_owned(),
        AmqpMessageId::Ulong(n) => n.to_string(),
    }
}

/// Convert one received message of `partition`.
pub fn message_to_event(m: &AmqpMessage, partition: &str) -> Event {
    let mut e = Event {
        partition: Some(partition.to_string()),
        ..Event::default()
    };
    e.body = match &m.body {
        AmqpMessageBody::Binary(parts) => parts.concat(),
        AmqpMessageBody::Value(AmqpValue::String(s)) => s.clone().into_bytes(),
        AmqpMessageBody::Value(AmqpValue::Binary(b)) => b.clone(),
        AmqpMessageBody::Value(v) => value_json(v).to_string().into_bytes(),
        AmqpMessageBody::Sequence(lists) => Json::Array(
            lists
                .iter()
                .flat_map(|l| l.iter().map(value_json))
                .collect(),
        )
        .to_string()
        .into_bytes(),
        AmqpMessageBody::Empty => Vec::new(),
    };
    if let Some(p) = &m.properties {
        e.message_id = p.message_id.as_ref().map(id_string);
        e.correlation_id = p.correlation_id.as_ref().map(id_string);
        e.content_type = p.content_type.as_ref().map(|s| s.0.clone());
        e.content_encoding = p.content_encoding.as_ref().map(|s| s.0.clone());
        if let Some(u) = &p.user_id {
            e.system_properties
                .insert("user-id".into(), json!(String::from_utf8_lossy(u)));
        }
        for (k, v) in [
            ("to", &p.to),
            ("subject", &p.subject),
            ("reply-to", &p.reply_to),
        ] {
            if let Some(v) = v {
                e.system_properties.insert(k.into(), json!(v));
            }
        }
    }
    if let Some(a) = &m.application_properties {
        let mut props = Map::new();
        for (k, v) in a.0.iter() {
            props.insert(k.clone(), simple_json(v));
        }
        e.properties = props;
    }
    if let Some(a) = &m.message_annotations {
        for (k, v) in a.0.iter() {
            let key = match k {
                AmqpAnnotationKey::Symbol(s) => s.0.clone(),
                AmqpAnnotationKey::Ulong(n) => n.to_string(),
            };
            match (key.as_str(), v) {
                ("x-opt-sequence-number", AmqpValue::Long(n)) => e.sequence_number = Some(*n),
                ("x-opt-offset", AmqpValue::String(s)) => e.offset = Some(s.clone()),
                ("x-opt-offset", AmqpValue::Long(n)) => e.offset = Some(n.to_string()),
                ("x-opt-enqueued-time", AmqpValue::TimeStamp(t)) => {
                    e.enqueued_time = t.0.map(|t| rfc3339_ms(epoch_ms(t)));
                }
                _ => {}
            }
            e.system_properties.insert(key, value_json(v));
        }
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;
    use azure_core_amqp::message::{
        AmqpAnnotations, AmqpApplicationProperties, AmqpMessageProperties,
    };
    use azure_core_amqp::{AmqpOrderedMap, AmqpSymbol, AmqpTimestamp};
    use std::time::Duration;

    #[test]
    fn iot_hub_telemetry_converts() {
        let t = UNIX_EPOCH + Duration::from_millis(1_619_976_150_277);
        let mut ann = AmqpOrderedMap::new();
        ann.insert(
            AmqpAnnotationKey::Symbol("iothub-connection-device-id".into()),
            AmqpValue::String("dev1".into()),
        );
        ann.insert(
            AmqpAnnotationKey::Symbol("iothub-enqueuedtime".into()),
            AmqpValue::TimeStamp(AmqpTimestamp(Some(t))),
        );
        ann.insert(
            AmqpAnnotationKey::Symbol("x-opt-sequence-number".into()),
            AmqpValue::Long(1379),
        );
        ann.insert(
            AmqpAnnotationKey::Symbol("x-opt-offset".into()),
            AmqpValue::String("550576".into()),
        );
        ann.insert(
            AmqpAnnotationKey::Symbol("x-opt-enqueued-time".into()),
            AmqpValue::TimeStamp(AmqpTimestamp(Some(t))),
        );
        let mut app = AmqpOrderedMap::new();
        app.insert(
            "dtId".to_string(),
            AmqpSimpleValue::String("thermostat-67".into()),
        );
        app.insert("n".to_string(), AmqpSimpleValue::Int(3));
        let m = AmqpMessage {
            body: AmqpMessageBody::Binary(vec![b"{\"Temperature\":".to_vec(), b"21.5}".to_vec()]),
            message_annotations: Some(AmqpAnnotations(ann)),
            application_properties: Some(AmqpApplicationProperties(app)),
            properties: Some(AmqpMessageProperties {
                content_type: Some(AmqpSymbol::from("application/json")),
                content_encoding: Some(AmqpSymbol::from("utf-8")),
                message_id: Some(AmqpMessageId::String("m1".into())),
                ..Default::default()
            }),
            ..Default::default()
        };
        let e = message_to_event(&m, "2");
        assert_eq!(e.body_json().unwrap(), json!({"Temperature": 21.5}));
        assert_eq!(e.device_id(), Some("dev1"));
        assert_eq!(e.property_str("dtId"), Some("thermostat-67"));
        assert_eq!(e.properties["n"], 3);
        assert_eq!(
            e.system_properties["iothub-enqueuedtime"],
            1_619_976_150_277i64
        );
        assert_eq!(
            (e.sequence_number, e.offset.as_deref()),
            (Some(1379), Some("550576"))
        );
        assert_eq!(e.enqueued_time.as_deref(), Some("2021-05-02T17:22:30.277Z"));
        assert_eq!(e.partition.as_deref(), Some("2"));
        assert_eq!(e.content_encoding.as_deref(), Some("utf-8"));
        assert_eq!(e.message_id.as_deref(), Some("m1"));
    }
}

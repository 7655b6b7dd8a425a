//! Event <-> AMQP message for the emulator's Event Hubs surface, stamped the way IoT Hub and
//! Event Hubs stamp them: body as one Data section; message-id, correlation-id, content type and
//! encoding in the properties section; application properties from `properties`; `x-opt-*` and
//! `iothub-*` as message annotations (`x-opt-sequence-number` long, `x-opt-offset` string,
//! `x-opt-enqueued-time` and `iothub-enqueuedtime` timestamps). Pure.
use crate::events::Event;
use fe2o3_srv::types::messaging::annotations::OwnedKey;
use fe2o3_srv::types::messaging::{
    ApplicationProperties, Batch, Body, Data, Message, MessageAnnotations, MessageId, Properties,
};
use fe2o3_srv::types::primitives::{Binary, OrderedMap, SimpleValue, Symbol, Timestamp, Value};
use serde_json::{Map, Value as Json, json};

/// Annotations whose JSON number is epoch milliseconds sent as an AMQP timestamp.
const TIMESTAMP_KEYS: &[&str] = &["x-opt-enqueued-time", "iothub-enqueuedtime"];

/// System properties that live in the AMQP properties section, not in the annotations.
const PROPERTY_SECTION_KEYS: &[&str] = &["user-id", "to", "subject", "reply-to", "group-id"];

fn json_to_simple(v: &Json) -> SimpleValue {
    match v {
        Json::Null => SimpleValue::Null,
        Json::Bool(b) => SimpleValue::Bool(*b),
        Json::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => SimpleValue::Long(i),
            (None, Some(u), _) => SimpleValue::Ulong(u),
            (_, _, Some(f)) => SimpleValue::from(f),
            _ => SimpleValue::String(n.to_string()),
        },
        Json::String(s) => SimpleValue::String(s.clone()),
        other => SimpleValue::String(other.to_string()),
    }
}

fn json_to_value(key: &str, v: &Json) -> Value {
    if TIMESTAMP_KEYS.contains(&key)
        && let Some(ms) = v.as_i64()
    {
        return Value::Timestamp(Timestamp::from_milliseconds(ms));
    }
    match key {
        "x-opt-sequence-number" => {
            if let Some(i) = v.as_i64() {
                return Value::Long(i);
            }
        }
        "x-opt-offset" => {
            return Value::String(
                v.as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| v.to_string()),
            );
        }
        _ => {}
    }
    match v {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => Value::Long(i),
            (None, Some(u), _) => Value::Ulong(u),
            (_, _, Some(f)) => Value::from(f),
            _ => Value::String(n.to_string()),
        },
        Json::String(s) => Value::String(s.clone()),
        other => Value::String(other.to_string()),
    }
}

/// An AMQP value as JSON (timestamps as epoch ms, binary as base64 text).
pub fn value_to_json(v: &Value) -> Json {
    use base64::Engine;
    match v {
        Value::Null => Json::Null,
        Value::Bool(b) => json!(b),
        Value::Ubyte(n) => json!(n),
        Value::Ushort(n) => json!(n),
        Value::Uint(n) => json!(n),
        Value::Ulong(n) => json!(n),
        Value::Byte(n) => json!(n),
        Value::Short(n) => json!(n),
        Value::Int(n) => json!(n),
        Value::Long(n) => json!(n),
        Value::Float(f) => json!(f.into_inner()),
        Value::Double(f) => json!(f.into_inner()),
        Value::Char(c) => json!(c.to_string()),
        Value::Timestamp(t) => json!(t.milliseconds()),
        Value::Uuid(u) => json!(uuid::Uuid::from_bytes(*u.as_inner()).to_string()),
        Value::Binary(b) => json!(base64::engine::general_purpose::STANDARD.encode(b)),
        Value::String(s) => json!(s),
        Value::Symbol(s) => json!(s.0),
        Value::List(l) => Json::Array(l.iter().map(value_to_json).collect()),
        Value::Array(a) => Json::Array(a.0.iter().map(value_to_json).collect()),
        Value::Map(m) => Json::Object(
            m.iter()
                .map(|(k, v)| {
                    let key = match value_to_json(k) {
                        Json::String(s) => s,
                        other => other.to_string(),
                    };
                    (key, value_to_json(v))
                })
                .collect(),
        ),
        Value::Described(d) => value_to_json(&d.value),
        other => json!(format!("{other:?}")),
    }
}

fn simple_to_json(v: &SimpleValue) -> Json {
    value_to_json(&Value::from(v.clone()))
}

fn id_to_string(id: &MessageId) -> String {
    match id {
        MessageId::String(s) => s.clone(),
        MessageId::Ulong(n) => n.to_string(),
        MessageId::Uuid(u) => uuid::Uuid::from_bytes(*u.as_inner()).to_string(),
        MessageId::Binary(b) => String::from_utf8_lossy(b).into_owned(),
    }
}

/// A stored event as the AMQP message a consumer receives.
pub fn event_to_message(e: &Event) -> Message<Body<Value>> {
    let mut annotations: OrderedMap<OwnedKey, Value> = OrderedMap::new();
    for (k, v) in &e.system_properties {
        if PROPERTY_SECTION_KEYS.contains(&k.as_str()) {
            continue;
        }
        annotations.insert(
            OwnedKey::Symbol(Symbol::from(k.as_str())),
            json_to_value(k, v),
        );
    }
    let sp = |k: &str| {
        e.system_properties
            .get(k)
            .and_then(Json::as_str)
            .map(str::to_string)
    };
    let properties = Properties {
        message_id: e.message_id.clone().map(MessageId::String),
        user_id: sp("user-id").map(|s| Binary::from(s.into_bytes())),
        to: sp("to"),
        subject: sp("subject"),
        reply_to: sp("reply-to"),
        correlation_id: e.correlation_id.clone().map(MessageId::String),
        content_type: e.content_type.as_deref().map(Symbol::from),
        content_encoding: e.content_encoding.as_deref().map(Symbol::from),
        group_id: sp("group-id"),
        ..Default::default()
    };
    let app: OrderedMap<String, SimpleValue> = e
        .properties
        .iter()
        .map(|(k, v)| (k.clone(), json_to_simple(v)))
        .collect();
    Message {
        header: None,
        delivery_annotations: None,
        message_annotations: Some(MessageAnnotations(annotations)),
        properties: Some(properties),
        application_properties: (!e.properties.is_empty()).then_some(ApplicationProperties(app)),
        body: Body::Data(Batch::new(vec![Data(Binary::from(e.body.clone()))])),
        footer: None,
    }
}

/// A message a producer sent, as an event to append (the log assigns the position). Returns
/// the event and the partition key the producer asked for (`x-opt-partition-key`).
pub fn message_to_event(m: Message<Body<Value>>) -> (Event, Option<String>) {
    let body = match m.body {
        Body::Data(batch) => batch
            .into_inner()
            .into_iter()
            .flat_map(|d| d.0.into_vec())
            .collect(),
        Body::Value(v) => match v.0 {
            Value::Binary(b) => b.into_vec(),
            Value::String(s) => s.into_bytes(),
            other => value_to_json(&other).to_string().into_bytes(),
        },
        Body::Sequence(seqs) => {
            let items: Vec<Json> = seqs
                .into_inner()
                .into_iter()
                .flat_map(|s| s.0.into_iter().map(|v| value_to_json(&v)))
                .collect();
            Json::Array(items).to_string().into_bytes()
        }
        Body::Empty => Vec::new(),
    };
    let mut e = Event {
        body,
        ..Event::default()
    };
    if let Some(p) = m.properties {
        e.message_id = p.message_id.as_ref().map(id_to_string);
        e.correlation_id = p.correlation_id.as_ref().map(id_to_string);
        e.content_type = p.content_type.map(|s| s.0);
        e.content_encoding = p.content_encoding.map(|s| s.0);
        if let Some(u) = p.user_id {
            e.system_properties.insert(
                "user-id".into(),
                json!(String::from_utf8_lossy(&u).into_owned()),
            );
        }
        for (k, v) in [
            ("to", p.to),
            ("subject", p.subject),
            ("reply-to", p.reply_to),
            ("group-id", p.group_id),
        ] {
            if let Some(v) = v {
                e.system_properties.insert(k.into(), json!(v));
            }
        }
    }
    if let Some(a) = m.application_properties {
        let mut props = Map::new();
        for (k, v) in a.0.iter() {
            props.insert(k.clone(), simple_to_json(v));
        }
        e.properties = props;
    }
    let mut key = None;
    if let Some(a) = m.message_annotations {
        for (k, v) in a.0.iter() {
            let name = match k {
                OwnedKey::Symbol(s) => s.0.clone(),
                OwnedKey::Ulong(n) => n.to_string(),
            };
            if name == "x-opt-partition-key" {
                key = v_as_string(v);
                continue;
            }
            // The log stamps its own positions.
            if matches!(
                name.as_str(),
                "x-opt-sequence-number" | "x-opt-offset" | "x-opt-enqueued-time"
            ) {
                continue;
            }
            e.system_properties.insert(name, value_to_json(v));
        }
    }
    (e, key)
}

fn v_as_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Symbol(s) => Some(s.0.clone()),
        Value::Null => None,
        other => Some(value_to_json(other).to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_keeps_what_matters() {
        let mut e = Event::json(&json!({"Temperature": 21.5}));
        e.message_id = Some("m1".into());
        e.properties.insert("dtId".into(), json!("t1"));
        e.properties.insert("n".into(), json!(3));
        e.system_properties
            .insert("iothub-connection-device-id".into(), json!("dev1"));
        e.system_properties
            .insert("iothub-enqueuedtime".into(), json!(1_700_000_000_123i64));
        e.system_properties
            .insert("x-opt-sequence-number".into(), json!(5));
        e.system_properties
            .insert("x-opt-offset".into(), json!("5"));
        e.system_properties.insert("user-id".into(), json!("myhub"));
        let m = event_to_message(&e);
        let ann = &m.message_annotations.as_ref().unwrap().0;
        let get = |k: &str| ann.get(&OwnedKey::Symbol(Symbol::from(k))).cloned();
        assert_eq!(get("x-opt-sequence-number"), Some(Value::Long(5)));
        assert_eq!(get("x-opt-offset"), Some(Value::String("5".into())));
        assert!(matches!(
            get("iothub-enqueuedtime"),
            Some(Value::Timestamp(_))
        ));
        assert!(
            get("user-id").is_none(),
            "user-id goes in the properties section"
        );
        let (back, key) = message_to_event(m);
        assert_eq!(key, None);
        assert_eq!(back.body, e.body);
        assert_eq!(back.content_type.as_deref(), Some("application/json"));
        assert_eq!(back.message_id.as_deref(), Some("m1"));
        assert_eq!(back.properties, e.properties);
        assert_eq!(
            back.system_properties["iothub-enqueuedtime"],
            1_700_000_000_123i64
        );
        assert_eq!(back.system_properties["user-id"], "myhub");
        assert!(!back.system_properties.contains_key("x-opt-offset"));
    }
}

//! The `$cbs` (put-token) and `$management` (READ hub / partition) request-response nodes of the
//! emulator's Event Hubs surface. Requests and answers are plain AMQP messages; answers carry the
//! exact value types the Azure SDKs check (partition ids as an AMQP *array*, timestamps as
//! timestamps, sequence numbers as longs). No I/O besides reading the event log.
use super::super::eventlog::{EventLog, EventLogError};
use super::convert::value_to_json;
use fe2o3_srv::types::messaging::{AmqpValue, ApplicationProperties, Body, Message, Properties};
use fe2o3_srv::types::primitives::{Array, OrderedMap, SimpleValue, Timestamp, Value};

fn app_prop(m: &Message<Body<Value>>, key: &str) -> Option<String> {
    let v = m.application_properties.as_ref()?.0.get(key)?;
    match value_to_json(&Value::from(v.clone())) {
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// The answer to a request, with `status-code` and the request's message-id as correlation-id.
fn reply(
    req: &Message<Body<Value>>,
    status: i32,
    description: &str,
    body: Value,
) -> Message<Body<Value>> {
    let mut app: OrderedMap<String, SimpleValue> = OrderedMap::new();
    app.insert("status-code".into(), SimpleValue::Int(status));
    app.insert(
        "status-description".into(),
        SimpleValue::String(description.into()),
    );
    let req_props = req.properties.as_ref();
    let properties = Properties {
        message_id: req_props.and_then(|p| p.message_id.clone()),
        correlation_id: req_props.and_then(|p| p.message_id.clone()),
        to: req_props.and_then(|p| p.reply_to.clone()),
        ..Default::default()
    };
    Message {
        header: None,
        delivery_annotations: None,
        message_annotations: None,
        properties: Some(properties),
        application_properties: Some(ApplicationProperties(app)),
        body: Body::Value(AmqpValue(body)),
        footer: None,
    }
}

/// Where the reply goes: the request's `reply-to`.
pub fn reply_to(req: &Message<Body<Value>>) -> Option<String> {
    req.properties.as_ref()?.reply_to.clone()
}

/// `$cbs`: every put-token is accepted (the emulator has no real authentication).
pub fn cbs(req: &Message<Body<Value>>) -> Message<Body<Value>> {
    match app_prop(req, "operation").as_deref() {
        Some("put-token") => reply(req, 202, "Accepted", Value::Null),
        other => reply(
            req,
            400,
            &format!("unsupported $cbs operation {other:?} (only put-token)"),
            Value::Null,
        ),
    }
}

fn s(v: &str) -> Value {
    Value::String(v.to_string())
}

fn map(entries: Vec<(&str, Value)>) -> Value {
    let mut m: OrderedMap<Value, Value> = OrderedMap::new();
    for (k, v) in entries {
        m.insert(s(k), v);
    }
    Value::Map(m)
}

/// `$management` READ of `com.microsoft:eventhub` or `com.microsoft:partition`.
pub fn management(
    req: &Message<Body<Value>>,
    log: &EventLog,
    created_ms: i64,
) -> Message<Body<Value>> {
    let op = app_prop(req, "operation");
    if op.as_deref() != Some("READ") {
        return reply(
            req,
            400,
            &format!("unsupported $management operation {op:?} (only READ)"),
            Value::Null,
        );
    }
    let name = app_prop(req, "name").unwrap_or_default();
    let not_found = |e: EventLogError| reply(req, 404, &e.to_string(), Value::Null);
    match app_prop(req, "type").as_deref() {
        Some("com.microsoft:eventhub") => match log.partitions(&name) {
            Ok(count) => {
                let ids: Vec<Value> = (0..count).map(|i| s(&i.to_string())).collect();
                let body = map(vec![
                    ("name", s(&name)),
                    ("type", s("com.microsoft:eventhub")),
                    (
                        "created_at",
                        Value::Timestamp(Timestamp::from_milliseconds(created_ms)),
                    ),
                    ("partition_count", Value::Int(count as i32)),
                    ("partition_ids", Value::Array(Array::from(ids))),
                ]);
                reply(req, 200, "OK", body)
            }
            Err(e) => not_found(e),
        },
        Some("com.microsoft:partition") => {
            let partition = app_prop(req, "partition").unwrap_or_default();
            let Ok(p) = partition.parse::<u32>() else {
                return reply(
                    req,
                    404,
                    &format!("no partition {partition:?} in event hub {name:?}"),
                    Value::Null,
                );
            };
            match log.partition_info(&name, p) {
                Ok(info) => {
                    let body = map(vec![
                        ("type", s("com.microsoft:partition")),
                        ("name", s(&name)),
                        ("partition", s(&partition)),
                        (
                            "begin_sequence_number",
                            Value::Long(info.begin_sequence_number),
                        ),
                        (
                            "last_enqueued_sequence_number",
                            Value::Long(info.last_sequence_number),
                        ),
                        ("last_enqueued_offset", s(&info.last_offset)),
                        (
                            "last_enqueued_time_utc",
                            Value::Timestamp(Timestamp::from_milliseconds(info.last_enqueued_ms)),
                        ),
                        ("is_partition_empty", Value::Bool(info.is_empty)),
                        ("last_enqueued_sequence_number_epoch", Value::Long(0)),
                    ]);
                    reply(req, 200, "OK", body)
                }
                Err(e) => not_found(e),
            }
        }
        other => reply(
            req,
            400,
            &format!("unsupported $management type {other:?}"),
            Value::Null,
        ),
    }
}

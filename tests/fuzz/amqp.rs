//! Target `amqp_message`: a received Event Hubs message from its wire bytes to the shared
//! `Event`, along the path the client takes: the AMQP message codec the SDK's receiver uses
//! (fe2o3-amqp-types 0.16 `decode_message_from_reader`), the SDK's conversion to `AmqpMessage`,
//! then twinbridge's `message_to_event` (body, properties, annotations). Inputs are generated
//! messages (every AMQP value type, nested lists/maps/arrays/described values, IoT Hub
//! annotations) serialized with the SDK's own serializer, then byte-mutated. Properties: no panic,
//! and the resulting event survives NDJSON print -> parse (it is written to dead letters and
//! `--format json` streams).
use crate::harness;
use crate::mutate::{self, Bytes};
use crate::ndjson::check_round_trip;
use azure_core_amqp::message::{
    AmqpAnnotationKey, AmqpAnnotations, AmqpApplicationProperties, AmqpMessageBody,
    AmqpMessageHeader, AmqpMessageId, AmqpMessageProperties,
};
use azure_core_amqp::{
    AmqpDescribed, AmqpList, AmqpMessage, AmqpOrderedMap, AmqpSimpleValue, AmqpSymbol,
    AmqpTimestamp, AmqpValue,
};
use fe2o3_types_client::messaging::Body;
use fe2o3_types_client::messaging::message::DecodeIntoMessage;
use proptest::prelude::*;
use serde_amqp_client::Value as WireValue;
use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};
use twinbridge::events::eventhubs::message_to_event;

const ANNOTATIONS: &[&str] = &[
    "x-opt-sequence-number",
    "x-opt-offset",
    "x-opt-enqueued-time",
    "x-opt-partition-key",
    "iothub-connection-device-id",
    "iothub-connection-module-id",
    "iothub-enqueuedtime",
    "iothub-message-source",
    "iothub-connection-auth-method",
    "dtId",
    "opType",
];

fn timestamp() -> impl Strategy<Value = AmqpTimestamp> {
    prop_oneof![
        Just(AmqpTimestamp(None)),
        // At or after the epoch: the SDK's serializer refuses earlier times (and its decoder
        // never yields them).
        any::<u64>().prop_map(|ms| AmqpTimestamp(
            UNIX_EPOCH.checked_add(Duration::from_millis(ms % (1 << 52)))
        )),
        Just(AmqpTimestamp(Some(
            UNIX_EPOCH + Duration::from_millis(1_619_976_150_277)
        ))),
    ]
}

fn text() -> BoxedStrategy<String> {
    mutate::json_string(ANNOTATIONS)
}

fn value() -> BoxedStrategy<AmqpValue> {
    let leaf = prop_oneof![
        Just(AmqpValue::Null),
        any::<bool>().prop_map(AmqpValue::Boolean),
        any::<u8>().prop_map(AmqpValue::UByte),
        any::<u16>().prop_map(AmqpValue::UShort),
        any::<u32>().prop_map(AmqpValue::UInt),
        any::<u64>().prop_map(AmqpValue::ULong),
        any::<i8>().prop_map(AmqpValue::Byte),
        any::<i16>().prop_map(AmqpValue::Short),
        any::<i32>().prop_map(AmqpValue::Int),
        any::<i64>().prop_map(AmqpValue::Long),
        any::<f32>().prop_map(AmqpValue::Float),
        any::<f64>().prop_map(AmqpValue::Double),
        any::<char>().prop_map(AmqpValue::Char),
        timestamp().prop_map(AmqpValue::TimeStamp),
        any::<u128>().prop_map(|u| AmqpValue::Uuid(azure_core::Uuid::from_u128(u))),
        prop::collection::vec(any::<u8>(), 0..32).prop_map(AmqpValue::Binary),
        text().prop_map(AmqpValue::String),
        text().prop_map(|s| AmqpValue::Symbol(AmqpSymbol(s))),
        any::<[u8; 16]>().prop_map(AmqpValue::Decimal128),
        any::<[u8; 8]>().prop_map(AmqpValue::Decimal64),
        any::<[u8; 4]>().prop_map(AmqpValue::Decimal32),
    ];
    leaf.prop_recursive(3, 32, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(|v| AmqpValue::List(AmqpList(v))),
            prop::collection::vec((inner.clone(), inner.clone()), 0..4).prop_map(|kv| {
                let mut m = AmqpOrderedMap::new();
                for (k, v) in kv {
                    m.insert(k, v);
                }
                AmqpValue::Map(m)
            }),
            // AMQP arrays hold one type; mixed ones are the encoder's problem, not ours.
            prop::collection::vec(any::<i64>(), 0..5)
                .prop_map(|v| AmqpValue::Array(v.into_iter().map(AmqpValue::Long).collect())),
            (
                prop_oneof![any::<u64>().prop_map(|c| c.to_string()), text()],
                inner
            )
                .prop_map(|(d, v)| {
                    let described = match d.parse::<u64>() {
                        Ok(code) => AmqpDescribed::new(code, v),
                        Err(_) => AmqpDescribed::new(AmqpSymbol(d), v),
                    };
                    AmqpValue::Described(Box::new(described))
                }),
        ]
    })
    .boxed()
}

fn simple() -> impl Strategy<Value = AmqpSimpleValue> {
    prop_oneof![
        Just(AmqpSimpleValue::Null),
        any::<bool>().prop_map(AmqpSimpleValue::Boolean),
        any::<i32>().prop_map(AmqpSimpleValue::Int),
        any::<u64>().prop_map(AmqpSimpleValue::ULong),
        any::<i64>().prop_map(AmqpSimpleValue::Long),
        any::<f64>().prop_map(AmqpSimpleValue::Double),
        any::<char>().prop_map(AmqpSimpleValue::Char),
        timestamp().prop_map(AmqpSimpleValue::TimeStamp),
        any::<u128>().prop_map(|u| AmqpSimpleValue::Uuid(azure_core::Uuid::from_u128(u))),
        text().prop_map(AmqpSimpleValue::String),
        text().prop_map(|s| AmqpSimpleValue::Symbol(AmqpSymbol(s))),
        prop::collection::vec(any::<u8>(), 0..16).prop_map(AmqpSimpleValue::Binary),
    ]
}

fn message_id() -> impl Strategy<Value = AmqpMessageId> {
    prop_oneof![
        text().prop_map(AmqpMessageId::String),
        any::<u128>().prop_map(|u| AmqpMessageId::Uuid(azure_core::Uuid::from_u128(u))),
        prop::collection::vec(any::<u8>(), 0..16).prop_map(AmqpMessageId::Binary),
        any::<u64>().prop_map(AmqpMessageId::Ulong),
    ]
}

fn annotations() -> impl Strategy<Value = AmqpAnnotations> {
    let key = prop_oneof![
        4 => (0..ANNOTATIONS.len()).prop_map(|i| AmqpAnnotationKey::Symbol(AmqpSymbol(ANNOTATIONS[i].into()))),
        1 => text().prop_map(|s| AmqpAnnotationKey::Symbol(AmqpSymbol(s))),
        1 => any::<u64>().prop_map(AmqpAnnotationKey::Ulong),
    ];
    prop::collection::vec((key, value()), 0..6).prop_map(|kv| {
        let mut m = AmqpOrderedMap::new();
        for (k, v) in kv {
            m.insert(k, v);
        }
        AmqpAnnotations(m)
    })
}

fn properties() -> impl Strategy<Value = AmqpMessageProperties> {
    let sym = || proptest::option::of(text().prop_map(AmqpSymbol));
    (
        proptest::option::of(message_id()),
        proptest::option::of(prop::collection::vec(any::<u8>(), 0..16)),
        (
            proptest::option::of(text()),
            proptest::option::of(text()),
            proptest::option::of(text()),
        ),
        proptest::option::of(message_id()),
        (sym(), sym()),
        (
            proptest::option::of(timestamp()),
            proptest::option::of(any::<u32>()),
        ),
    )
        .prop_map(
            |(mid, user, (to, subject, reply_to), cid, (ct, ce), (created, gs))| {
                AmqpMessageProperties {
                    message_id: mid,
                    user_id: user,
                    to,
                    subject,
                    reply_to,
                    correlation_id: cid,
                    content_type: ct,
                    content_encoding: ce,
                    creation_time: created,
                    group_sequence: gs,
                    ..Default::default()
                }
            },
        )
}

fn message() -> impl Strategy<Value = AmqpMessage> {
    let body = prop_oneof![
        prop::collection::vec(prop::collection::vec(any::<u8>(), 0..48), 1..3)
            .prop_map(AmqpMessageBody::Binary),
        mutate::json_value(ANNOTATIONS)
            .prop_map(|v| AmqpMessageBody::Binary(vec![v.to_string().into_bytes()])),
        value().prop_map(AmqpMessageBody::Value),
        prop::collection::vec(prop::collection::vec(value(), 0..3), 1..3)
            .prop_map(|ls| AmqpMessageBody::Sequence(ls.into_iter().map(AmqpList).collect())),
        Just(AmqpMessageBody::Empty),
    ];
    let app = prop::collection::vec((text(), simple()), 0..5).prop_map(|kv| {
        let mut m = AmqpOrderedMap::new();
        for (k, v) in kv {
            m.insert(k, v);
        }
        AmqpApplicationProperties(m)
    });
    (
        body,
        proptest::option::of(any::<(bool, u8)>()),
        proptest::option::of(app),
        proptest::option::of(annotations()),
        proptest::option::of(properties()),
    )
        .prop_map(
            |(body, header, application_properties, message_annotations, properties)| AmqpMessage {
                body,
                header: header.map(|(durable, priority)| AmqpMessageHeader {
                    durable,
                    priority,
                    ..Default::default()
                }),
                application_properties,
                message_annotations,
                properties,
                ..Default::default()
            },
        )
}

/// The wire bytes of `m` as the SDK serializes it (nothing if its serializer refuses or panics:
/// twinbridge never serializes a received message, so that is not a finding here).
fn wire(m: &AmqpMessage) -> Vec<u8> {
    std::panic::catch_unwind(|| AmqpMessage::serialize(m).unwrap_or_default()).unwrap_or_default()
}

fn telemetry_seed() -> AmqpMessage {
    let t = AmqpTimestamp(Some(UNIX_EPOCH + Duration::from_millis(1_619_976_150_277)));
    let mut ann = AmqpOrderedMap::new();
    for (k, v) in [
        (
            "iothub-connection-device-id",
            AmqpValue::String("dev1".into()),
        ),
        ("iothub-enqueuedtime", AmqpValue::TimeStamp(t.clone())),
        ("x-opt-sequence-number", AmqpValue::Long(1379)),
        ("x-opt-offset", AmqpValue::String("550576".into())),
        ("x-opt-enqueued-time", AmqpValue::TimeStamp(t)),
    ] {
        ann.insert(AmqpAnnotationKey::Symbol(k.into()), v);
    }
    let mut app = AmqpOrderedMap::new();
    app.insert(
        "dtId".to_string(),
        AmqpSimpleValue::String("thermostat-67".into()),
    );
    AmqpMessage {
        body: AmqpMessageBody::Binary(vec![b"{\"Temperature\":21.5}".to_vec()]),
        message_annotations: Some(AmqpAnnotations(ann)),
        application_properties: Some(AmqpApplicationProperties(app)),
        properties: Some(AmqpMessageProperties {
            content_type: Some(AmqpSymbol::from("application/json")),
            content_encoding: Some(AmqpSymbol::from("utf-8")),
            message_id: Some(AmqpMessageId::String("m1".into())),
            ..Default::default()
        }),
        ..Default::default()
    }
}

fn input() -> BoxedStrategy<Bytes> {
    let seeds = Arc::new(vec![wire(&telemetry_seed())]);
    let dict: &'static [&'static str] = ANNOTATIONS;
    prop_oneof![
        3 => message().prop_map(|m| Bytes(wire(&m))),
        2 => message().prop_flat_map(move |m| mutate::mutated(Arc::new(vec![wire(&m)]), dict, 6)),
        2 => mutate::mutated(seeds, dict, 8),
    ]
    .boxed()
}

#[test]
fn amqp_message() {
    harness::run("amqp_message", 400, input(), |b: Bytes| {
        let reader = serde_amqp_client::read::SliceReader::new(&b.0);
        let Ok(decoded) = Body::<WireValue>::decode_message_from_reader(reader) else {
            return Ok(());
        };
        harness::reached("decoded");
        let m = AmqpMessage::from(decoded);
        let e = message_to_event(&m, "0");
        check_round_trip(&e)
    });
}

/// Found by `amqp_message`: a message-annotations section whose map8 size byte (0) is smaller
/// than its own count byte made serde_amqp's decoder panic ("attempt to subtract with overflow",
/// de.rs `size - OFFSET_MAP8`; the list and array siblings alike), and so did a map with an odd
/// count (a key without a value: `MapAccess` subtracted past zero). The vendored serde_amqp
/// (vendor/serde_amqp-*/PATCHED.md) refuses such a compound instead. Both codecs: 0.16 decodes
/// what the Event Hubs client receives, 0.18 what the emulator's AMQP server receives.
#[test]
fn a_compound_smaller_than_its_header_is_refused() {
    let cases: &[&[u8]] = &[
        b"\x00Sr\xc1\x00\x00",
        b"\x00Sr\xc1\x00\x02\xa3\x01a\xa1\x01b\x00Su\xa0\x01x",
        b"\x00Sw\xc0\x00\x01\x41",
        b"\x00Sw\xe0\x00\x01\x54\x01",
        // A map of one key and no value: an odd count underflowed the map reader's count.
        b"\x00St\xc1\x04\x01\xa1\x01a",
        b"\x00Sr\xc1\x04\x03\xa3\x01k\x40\xa3\x01j",
    ];
    for bytes in cases {
        let reader = serde_amqp_client::read::SliceReader::new(bytes);
        assert!(
            Body::<WireValue>::decode_message_from_reader(reader).is_err(),
            "{bytes:?}"
        );
        assert!(
            serde_amqp::from_slice::<serde_amqp::Value>(&bytes[3..]).is_err(),
            "{bytes:?}"
        );
    }
}

/// `depth` nested map8s (`{"k": {"k": ... null}}`) as a message-annotations section.
fn nested_annotations(depth: usize) -> Vec<u8> {
    let mut bytes = b"\x00Sr".to_vec();
    for _ in 0..depth {
        bytes.extend_from_slice(b"\xc1\xff\x02\xa3\x01k");
    }
    bytes.push(0x40);
    bytes
}

/// Found by `amqp_message` (a stack overflow that aborted the process): values nested a few
/// hundred levels deep in one received message overflowed the decoding thread's stack, so one
/// such message in an Event Hub would crash-loop every consumer reading it, and one frame could
/// abort the emulator. The decoders now refuse nesting past serde_amqp's `MAX_NESTING`. Run on a
/// 2 MiB thread, the size of tokio's workers, where 400 levels overflowed before the fix.
#[test]
fn deeply_nested_values_are_refused_not_a_stack_overflow() {
    let outcome = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(|| {
            for depth in [400usize, 5_000, 100_000] {
                let bytes = nested_annotations(depth);
                let reader = serde_amqp_client::read::SliceReader::new(&bytes);
                assert!(Body::<WireValue>::decode_message_from_reader(reader).is_err());
                assert!(serde_amqp::from_slice::<serde_amqp::Value>(&bytes[3..]).is_err());
            }
            // What real messages carry still decodes.
            let bytes = nested_annotations(20);
            let reader = serde_amqp_client::read::SliceReader::new(&bytes);
            assert!(Body::<WireValue>::decode_message_from_reader(reader).is_ok());
            assert!(serde_amqp::from_slice::<serde_amqp::Value>(&bytes[3..]).is_ok());
        })
        .expect("thread")
        .join();
    assert!(outcome.is_ok());
}

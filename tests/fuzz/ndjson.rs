//! Targets `ndjson_events` and `event_round_trip`: the NDJSON event source (`NdjsonSource` over
//! arbitrary bytes: lines, blank lines, CRLF, invalid UTF-8) and `Event::from_ndjson` /
//! `to_ndjson`. Seeds: examples/events.ndjson plus generated events. Properties: no panic, every
//! event read gets a position, and an event survives print -> parse (its body bytes exactly,
//! or as the same JSON value when the body is JSON).
use crate::check;
use crate::harness;
use crate::mutate::{self, Bytes};
use proptest::prelude::*;
use serde_json::{Map, Value};
use std::sync::Arc;
use twinbridge::events::{Event, EventsError, NdjsonSource};

const DICT: &[&str] = &[
    "body",
    "body_base64",
    "content_type",
    "content_encoding",
    "message_id",
    "correlation_id",
    "properties",
    "system_properties",
    "partition",
    "sequence_number",
    "offset",
    "enqueued_time",
    "dtId",
    "iothub-connection-device-id",
    "\n",
    "\r\n",
    "{",
    "}",
    "\"",
    ":",
    ",",
    "null",
    "\"AAE=\"",
    "\"=\"",
    "9223372036854775807",
    "-9223372036854775808",
];

/// An event as the Event Hubs source or the emulator would produce it.
fn event() -> impl Strategy<Value = Event> {
    let body = prop_oneof![
        mutate::json_value(DICT).prop_map(|v| v.to_string().into_bytes()),
        mutate::json_value(DICT).prop_map(|v| serde_json::to_vec_pretty(&v).unwrap_or_default()),
        any::<String>().prop_map(String::into_bytes),
        prop::collection::vec(any::<u8>(), 0..64),
        Just(b"\"quoted\"".to_vec()),
        Just(b" 1 ".to_vec()),
        Just(Vec::new()),
    ];
    let text = || proptest::option::of(mutate::json_string(DICT));
    let map = || {
        prop::collection::vec((mutate::json_string(DICT), mutate::json_value(DICT)), 0..4)
            .prop_map(|kv| kv.into_iter().collect::<Map<String, Value>>())
    };
    (
        body,
        (text(), text(), text(), text()),
        map(),
        map(),
        (text(), proptest::option::of(any::<i64>()), text(), text()),
    )
        .prop_map(
            |(body, (ct, ce, mid, cid), properties, system_properties, (p, seq, off, t))| Event {
                body,
                content_type: ct,
                content_encoding: ce,
                message_id: mid,
                correlation_id: cid,
                properties,
                system_properties,
                partition: p,
                sequence_number: seq,
                offset: off,
                enqueued_time: t,
            },
        )
}

/// What an event must look like after `from_ndjson(to_ndjson(e))`.
pub fn check_round_trip(e: &Event) -> Result<(), TestCaseError> {
    let line = e.to_ndjson();
    check!(
        !line.contains('\n'),
        "an NDJSON line contains a newline: {line}"
    );
    let back = match Event::from_ndjson(&line) {
        Ok(b) => b,
        Err(err) => {
            return Err(TestCaseError::fail(format!(
                "to_ndjson wrote a line from_ndjson refuses ({err}): {line}"
            )));
        }
    };
    match e.body_json() {
        Some(v) if !e.body.is_empty() => check!(
            back.body_json().as_ref() == Some(&v),
            "a JSON body changed: {:?} -> {:?} (line {line})",
            String::from_utf8_lossy(&e.body),
            String::from_utf8_lossy(&back.body)
        ),
        _ => check!(
            back.body == e.body,
            "the body changed: {:?} -> {:?} (line {line})",
            e.body.escape_ascii().to_string(),
            back.body.escape_ascii().to_string()
        ),
    }
    let same_but_body = Event {
        body: e.body.clone(),
        ..back.clone()
    };
    check!(&same_but_body == e, "a field changed: {e:?} -> {back:?}");
    let again = Event::from_ndjson(&back.to_ndjson());
    check!(
        again.as_ref().ok() == Some(&back),
        "print -> parse is not stable: {back:?} -> {again:?}"
    );
    Ok(())
}

#[test]
fn event_round_trip() {
    harness::run("event_round_trip", 800, event(), |e: Event| {
        check_round_trip(&e)
    });
}

fn input() -> BoxedStrategy<Bytes> {
    let file = mutate::repo_file("examples/events.ndjson");
    let mut seeds: Vec<Vec<u8>> = file
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| l.to_vec())
        .collect();
    seeds.push(file);
    seeds.push(b"{\"body_base64\":\"AAE=\",\"partition\":\"3\",\"sequence_number\":9}\r\n\n{\"body\":\"x\"}".to_vec());
    let seeds = Arc::new(seeds);
    prop_oneof![
        6 => mutate::bytes_input(seeds, DICT),
        2 => prop::collection::vec(event(), 1..5).prop_map(|es| {
            Bytes(es.iter().map(|e| e.to_ndjson() + "\n").collect::<String>().into_bytes())
        }),
    ]
    .boxed()
}

#[test]
fn ndjson_events() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    harness::run("ndjson_events", 600, input(), |b: Bytes| {
        let lines = b.0.split(|c| *c == b'\n').count() as u64;
        let reader = std::io::Cursor::new(b.0.clone());
        let mut src = NdjsonSource::from_reader("fuzz", tokio::io::BufReader::new(reader));
        let results = rt.block_on(async {
            let mut all = Vec::new();
            loop {
                let batch = src.next_batch(7).await;
                if batch.is_empty() {
                    break;
                }
                all.extend(batch);
            }
            all
        });
        check!(results.len() as u64 <= lines, "more results than lines");
        for r in &results {
            match r {
                Ok(e) => {
                    harness::reached("event");
                    check!(
                        e.partition.is_some() && e.sequence_number.is_some() && e.offset.is_some(),
                        "an event without a position: {e:?}"
                    );
                    check_round_trip(e)?;
                }
                Err(EventsError::BadLine { line, .. }) => {
                    check!(*line >= 1 && *line <= lines, "bad line number {line}");
                }
                Err(other) => {
                    return Err(TestCaseError::fail(format!("unexpected error {other}")));
                }
            }
        }
        Ok(())
    });
}

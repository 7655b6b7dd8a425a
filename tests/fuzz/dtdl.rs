//! Target `dtdl_documents`: DTDL parse + validate (`twinbridge::dtdl::parse`) on sets of 1-3
//! documents, then everything that reads a parsed model set (inheritance, dependency order,
//! schema check/coerce of twin values). Seeds: models/*.json, hand-written v2/v3 documents that
//! use every construct, and (when present, as for tests/dtdl_conformance.rs) the inputs of the
//! official DTDL conformance suite; mutated as JSON trees with DTDL terms, and as text.
//! Properties: no panic or hang; the dependency order lists each top-level interface once, after
//! its dependencies (unless they depend on each other); a coerced value passes the schema check;
//! coercion is idempotent.
use crate::check;
use crate::harness;
use crate::mutate::{self, Bytes};
use proptest::prelude::*;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use twinbridge::dtdl::{ModelSet, ModelSource, ParseOptions, Schema, parse};

const TERMS: &[&str] = &[
    "@context",
    "@id",
    "@type",
    "Interface",
    "Telemetry",
    "Property",
    "Command",
    "Relationship",
    "Component",
    "extends",
    "contents",
    "schema",
    "schemas",
    "name",
    "displayName",
    "description",
    "comment",
    "writable",
    "target",
    "maxMultiplicity",
    "minMultiplicity",
    "properties",
    "Object",
    "fields",
    "Map",
    "mapKey",
    "mapValue",
    "Enum",
    "enumValues",
    "enumValue",
    "valueSchema",
    "Array",
    "elementSchema",
    "request",
    "response",
    "CommandRequest",
    "CommandResponse",
    "CommandPayload",
    "nullable",
    "unit",
    "Temperature",
    "degreeCelsius",
    "SemanticType",
    "dtmi:dtdl:context;2",
    "dtmi:dtdl:context;3",
    "dtmi:dtdl:extension:quantitativeTypes;1",
    "dtmi:dtdl:extension:historization;1",
    "dtmi:dtdl:extension:annotation;1",
    "Historized",
    "ValueAnnotation",
    "annotates",
    "double",
    "float",
    "integer",
    "long",
    "string",
    "boolean",
    "date",
    "dateTime",
    "duration",
    "time",
    "byte",
    "bytes",
    "decimal",
    "short",
    "uuid",
    "unsignedInteger",
    "point",
    "dtmi:com:example:Base;1",
    "dtmi:com:example:Thermostat;1",
    "dtmi:com:example:Room;1",
    "dtmi:com:example:Sensor;1",
    "dtmi:com:example:Room:schema;1",
    "dtmi:contosocom:DigitalTwins:Space;1",
    "dtmi:contosocom:DigitalTwins:Thermostat;2",
];

fn hand_seeds() -> Vec<Value> {
    vec![
        json!({
            "@context": "dtmi:dtdl:context;3",
            "@id": "dtmi:com:example:Base;1",
            "@type": "Interface",
            "displayName": {"en": "Base", "de": "Basis"},
            "contents": [
                {"@type": "Property", "name": "serial", "schema": "string", "writable": true},
                {"@type": "Telemetry", "name": "uptime", "schema": "duration"}
            ]
        }),
        json!({
            "@context": ["dtmi:dtdl:context;3", "dtmi:dtdl:extension:quantitativeTypes;1"],
            "@id": "dtmi:com:example:Thermostat;1",
            "@type": "Interface",
            "extends": "dtmi:com:example:Base;1",
            "contents": [
                {"@type": ["Property", "Temperature"], "name": "Temperature", "schema": "double", "unit": "degreeCelsius", "writable": true},
                {"@type": "Property", "name": "mode", "schema": {
                    "@type": "Enum", "valueSchema": "string",
                    "enumValues": [{"name": "heat", "enumValue": "heat"}, {"name": "cool", "enumValue": "cool"}]
                }},
                {"@type": "Property", "name": "limits", "schema": {
                    "@type": "Object",
                    "fields": [{"name": "low", "schema": "integer"}, {"name": "high", "schema": "long"}, {"name": "at", "schema": "dateTime"}]
                }},
                {"@type": "Property", "name": "tags", "schema": {
                    "@type": "Map",
                    "mapKey": {"name": "k", "schema": "string"},
                    "mapValue": {"name": "v", "schema": {"@type": "Array", "elementSchema": "boolean"}}
                }},
                {"@type": "Command", "name": "reboot",
                 "request": {"name": "delay", "schema": "time"},
                 "response": {"name": "ok", "schema": "boolean"}},
                {"@type": "Component", "name": "c1", "schema": "dtmi:com:example:Sensor;1"},
                {"@type": "Relationship", "name": "feeds", "target": "dtmi:com:example:Room;1",
                 "maxMultiplicity": 5, "properties": [{"@type": "Property", "name": "since", "schema": "date"}]}
            ]
        }),
        json!({
            "@context": "dtmi:dtdl:context;2",
            "@id": "dtmi:com:example:Sensor;1",
            "@type": "Interface",
            "schemas": [{"@id": "dtmi:com:example:Room:schema;1", "@type": "Object", "fields": [{"name": "x", "schema": "float"}]}],
            "contents": [
                {"@type": "Property", "name": "target", "schema": "dtmi:com:example:Room:schema;1"},
                {"@type": "Telemetry", "name": "reading", "schema": "double"}
            ]
        }),
        json!([
            {
                "@context": "dtmi:dtdl:context;2",
                "@id": "dtmi:com:example:Room;1",
                "@type": "Interface",
                "extends": ["dtmi:com:example:Base;1"],
                "contents": [{"@type": "Relationship", "name": "contains"}]
            },
            {
                "@context": "dtmi:dtdl:context;2",
                "@id": "dtmi:com:example:Floor;1",
                "@type": "Interface",
                "extends": {"@id": "dtmi:com:example:Floor:inline;1", "@type": "Interface"},
                "contents": [{"@type": "Component", "name": "room", "schema": "dtmi:com:example:Room;1"}]
            }
        ]),
    ]
}

/// The conformance suite's inputs (`tests/data/dtdl-conformance/`, copied into the repository
/// with its licence).
fn conformance_seeds() -> Vec<Value> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/dtdl-conformance");
    let mut out = vec![];
    for version in ["v2", "v3"] {
        let Ok(entries) = std::fs::read_dir(dir.join(version)) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(bytes) = std::fs::read(entry.path()) else {
                continue;
            };
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            let Ok(Value::Array(cases)) = serde_json::from_slice::<Value>(bytes) else {
                continue;
            };
            for case in cases {
                if let Some(Value::Array(input)) = case.get("input") {
                    out.extend(input.iter().cloned());
                }
            }
        }
    }
    out
}

/// One case: documents plus values to push through each property's schema.
#[derive(Debug, Clone)]
struct Case {
    docs: Vec<Value>,
    allow_undefined_extensions: bool,
    values: Vec<Value>,
}

fn input() -> BoxedStrategy<Case> {
    let mut seeds = vec![
        mutate::repo_json("models/ThermostatModel.json"),
        mutate::repo_json("models/SpaceModel.json"),
    ];
    seeds.extend(hand_seeds());
    let seeds = Arc::new(seeds);
    let conformance = conformance_seeds();
    let suite = if conformance.is_empty() {
        mutate::json_mutated(seeds.clone(), TERMS, 6)
    } else {
        mutate::json_mutated(Arc::new(conformance), TERMS, 4)
    };
    let text_seeds: Arc<Vec<Vec<u8>>> = Arc::new(
        seeds
            .iter()
            .take(8)
            .map(|v| serde_json::to_vec_pretty(v).unwrap_or_default())
            .collect(),
    );
    let doc = prop_oneof![
        5 => mutate::json_mutated(seeds.clone(), TERMS, 6),
        4 => suite,
        1 => mutate::mutated(text_seeds, TERMS, 4).prop_filter_map("not JSON", |b: Bytes| {
            serde_json::from_slice::<Value>(&b.0).ok()
        }),
        1 => mutate::json_value(TERMS),
    ];
    let typical = Arc::new(vec![
        json!(21.5),
        json!(1),
        json!(-2147483649i64),
        json!(1e300),
        json!("21.5"),
        json!("1"),
        json!("heat"),
        json!("true"),
        json!(true),
        json!(null),
        json!({"low": 1, "high": "2", "at": "2021-05-02T17:22:30Z"}),
        json!({"a": [true, "false"], "b": []}),
        json!({"x": "1.5"}),
        json!([true, false, 1]),
        json!("2021-05-02"),
        json!("2021-02-30"),
        json!("PT1H30M"),
        json!("P1Y2M3DT4H5M6.5S"),
        json!("12:00:00"),
        json!("24:00:00"),
    ]);
    let value = prop_oneof![
        2 => mutate::json_mutated(typical, TERMS, 1),
        1 => mutate::json_value(TERMS),
    ];
    let docs = prop_oneof![
        3 => prop::collection::vec(doc.clone(), 1..=1),
        1 => prop::collection::vec(doc, 2..=3),
    ];
    (docs, any::<bool>(), prop::collection::vec(value, 0..6))
        .prop_map(|(docs, allow_undefined_extensions, values)| Case {
            docs,
            allow_undefined_extensions,
            values,
        })
        .boxed()
}

fn check_schema(schema: &Schema, values: &[Value]) -> Result<(), TestCaseError> {
    let _ = schema.type_name();
    for v in values {
        let _ = schema.check(v);
        if let Ok(c) = schema.coerce(v) {
            harness::reached("coerced");
            check!(
                schema.check(&c).is_ok(),
                "coerce({v}) = {c} fails check for {}: {:?}",
                schema.type_name(),
                schema.check(&c)
            );
            check!(
                schema.coerce(&c).as_ref() == Ok(&c),
                "coerce is not idempotent on {v} -> {c} ({})",
                schema.type_name()
            );
        }
    }
    Ok(())
}

/// Whether `to` is among the (transitive) dependencies of `from`.
fn reaches(set: &ModelSet, from: &str, to: &str) -> bool {
    let mut seen = std::collections::HashSet::new();
    let mut stack = vec![from.to_string()];
    while let Some(id) = stack.pop() {
        if id == to {
            return true;
        }
        if seen.insert(id.clone()) {
            stack.extend(set.dependencies(&id));
        }
    }
    false
}

fn check_set(set: &ModelSet, values: &[Value]) -> Result<(), TestCaseError> {
    let order = set.dependency_order();
    let position: HashMap<&str, usize> = order
        .iter()
        .enumerate()
        .map(|(i, d)| (d.as_str(), i))
        .collect();
    check!(
        position.len() == order.len(),
        "dependency order repeats a model: {order:?}"
    );
    for it in set.interfaces() {
        let _ = set.ancestors(&it.id);
        let _ = (set.relationships(&it.id), set.components(&it.id));
        if it.top_level {
            let Some(&at) = position.get(it.id.as_str()) else {
                return Err(TestCaseError::fail(format!(
                    "{} is missing from the dependency order {order:?}",
                    it.id
                )));
            };
            for d in set.dependencies(&it.id) {
                if let Some(&dep_at) = position.get(d.as_str()) {
                    // Top-level models can depend on each other through inline interfaces
                    // (A extends an interface defined inside B, B has a component of schema A):
                    // no order satisfies a cycle, so only acyclic pairs are checked.
                    check!(
                        dep_at < at || reaches(set, &d, &it.id),
                        "{} comes before its dependency {d} in {order:?}",
                        it.id
                    );
                }
            }
        }
        for p in set.properties(&it.id) {
            check_schema(&p.schema, values)?;
        }
        for t in set.telemetry(&it.id) {
            check_schema(&t.schema, values)?;
        }
    }
    Ok(())
}

#[test]
fn dtdl_documents() {
    harness::run("dtdl_documents", 300, input(), |case: Case| {
        let sources: Vec<ModelSource> = case
            .docs
            .iter()
            .enumerate()
            .map(|(i, v)| ModelSource {
                name: format!("doc{i}.json"),
                value: v.clone(),
            })
            .collect();
        let opts = ParseOptions {
            allow_undefined_extensions: case.allow_undefined_extensions,
        };
        match parse(&sources, opts) {
            Ok(set) => {
                harness::reached("valid");
                check_set(&set, &case.values)
            }
            Err(diags) => {
                check!(!diags.is_empty(), "an error without diagnostics");
                for d in &diags {
                    check!(!d.to_string().is_empty(), "an empty diagnostic");
                }
                Ok(())
            }
        }
    });
}

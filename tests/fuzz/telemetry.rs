//! Target `telemetry_mapping`: what `sync-telemetry` does with an event it has decoded: which
//! twin it is for (`sync::twin_id`) and which twin updates its body becomes
//! (`sync::mapping::map`, in the auto, sample and mapping-file modes, typed by the twin's DTDL
//! model). The body is device data. Seeds: the bodies in examples/events.ndjson, telemetry for
//! the models in models/, the rules of examples/mapping.toml (plus generated rules and mapping
//! files, which are also fuzzed as TOML); mutated as JSON trees. Properties: no panic; every
//! update targets a twin path (`/...`) the model defines when a model is known, its value passes
//! that property's schema, and a value is never `null` unless the body had `null` there.
use crate::check;
use crate::harness;
use crate::mutate::{self, Bytes};
use proptest::prelude::*;
use serde_json::{Value, json};
use std::sync::Arc;
use twinbridge::dtdl::{ModelSet, ModelSource, ParseOptions};
use twinbridge::events::Event;
use twinbridge::sync::mapping::{Mapped, MappingFile, Mode, SourceTime, map};
use twinbridge::sync::schema::TwinSchema;
use twinbridge::sync::twin_id;

const THERMOSTAT: &str = "dtmi:contosocom:DigitalTwins:Thermostat;2";
const SPACE: &str = "dtmi:contosocom:DigitalTwins:Space;1";

const KEYS: &[&str] = &[
    "Temperature",
    "ComfortIndex",
    "DisplayName",
    "Location",
    "FirmwareVersion",
    "HubRegistrationId",
    "temperature",
    "fahrenheit",
    "firmware",
    "timestamp",
    "dtId",
    "twinId",
    "c1/target",
    "a~b",
    "$metadata",
    "/Temperature",
    "21.5",
    "1e309",
    "-1e309",
    "inf",
    "NaN",
    " 7 ",
    "0x10",
];

fn models() -> ModelSet {
    let sources = [
        ModelSource {
            name: "ThermostatModel.json".into(),
            value: mutate::repo_json("models/ThermostatModel.json"),
        },
        ModelSource {
            name: "SpaceModel.json".into(),
            value: mutate::repo_json("models/SpaceModel.json"),
        },
    ];
    twinbridge::dtdl::parse(&sources, ParseOptions::default()).expect("the sample models parse")
}

#[derive(Debug, Clone)]
struct Case {
    body: Value,
    mode: u8,
    model: u8,
    /// A mapping file: the example's, generated, or mutated text.
    mapping: Bytes,
    properties: Vec<String>,
    twin_id_from: String,
    event_props: Value,
}

const MAPPING_DICT: &[&str] = &[
    "[[model]]\n",
    "[[model.rule]]\n",
    "model = \"*\"\n",
    "model = \"dtmi:contosocom:*\"\n",
    "from = \"/temperature\"\n",
    "from = \"/a/0\"\n",
    "from = \"\"\n",
    "to = \"/Temperature\"\n",
    "to = \"/Nope\"\n",
    "to = \"/c1/target\"\n",
    "scale = 1e308\n",
    "scale = nan\n",
    "scale = inf\n",
    "offset = -1e308\n",
    "offset = 0.5\n",
    "source-time = \"enqueued\"\n",
    "source-time = \"/timestamp\"\n",
    "source-time = \"\"\n",
];

fn input() -> BoxedStrategy<Case> {
    let events = mutate::repo_file("examples/events.ndjson");
    let mut bodies: Vec<Value> = events
        .split(|b| *b == b'\n')
        .filter_map(|l| serde_json::from_slice::<Value>(l).ok())
        .filter_map(|v| v.get("body").cloned())
        .collect();
    bodies.extend([
        json!({"Temperature": 21.5, "ComfortIndex": "0.7", "DisplayName": 5, "timestamp": "2026-11-27T10:00:00Z"}),
        json!({"temperature": {"fahrenheit": 70.7}, "firmware": "1.2", "timestamp": "2026-11-27T10:00:00Z"}),
        json!({"temperature": {"fahrenheit": "1e309"}, "firmware": null}),
        json!({"temperature": {"fahrenheit": " 7 "}, "Temperature": "warm"}),
        json!({"Location": {"x": 1}, "HubRegistrationId": ["a"]}),
    ]);
    let bodies = Arc::new(bodies);
    let mapping_seeds = Arc::new(vec![
        mutate::repo_file("examples/mapping.toml"),
        b"[[model]]\nmodel = \"*\"\nsource-time = \"/timestamp\"\n[[model.rule]]\nfrom = \"/temperature/fahrenheit\"\nto = \"/Temperature\"\nscale = 0.5\noffset = -17.7\n".to_vec(),
    ]);
    (
        mutate::json_mutated(bodies, KEYS, 4),
        (any::<u8>(), any::<u8>()),
        prop_oneof![
            3 => mutate::mutated(mapping_seeds.clone(), MAPPING_DICT, 0),
            3 => mutate::mutated(mapping_seeds, MAPPING_DICT, 5),
            1 => mutate::token_soup(MAPPING_DICT),
        ],
        prop::collection::vec(mutate::json_string(KEYS), 0..4),
        prop_oneof![
            Just("property:dtId,device-id".to_string()),
            Just("body:/twinId,system:iothub-connection-device-id".to_string()),
            "[a-z:/,-]{0,30}",
        ],
        mutate::json_value(KEYS),
    )
        .prop_map(
            |(body, (mode, model), mapping, properties, twin_id_from, event_props)| Case {
                body,
                mode,
                model,
                mapping,
                properties,
                twin_id_from,
                event_props,
            },
        )
        .boxed()
}

fn check_updates(
    case: &Case,
    mode: &Mode,
    schema: Option<&TwinSchema>,
) -> Result<(), TestCaseError> {
    let Mapped::Updates { updates, .. } =
        map(mode, &case.body, schema, Some("2026-11-27T10:00:00.000Z"))
    else {
        return Ok(());
    };
    harness::reached("updates");
    for u in &updates {
        check!(
            u.path.starts_with('/'),
            "an update path that is not a pointer: {u:?}"
        );
        if let (Some(s), false) = (schema, matches!(mode, Mode::Sample { .. })) {
            let Some(sch) = s.schema(&u.path) else {
                return Err(TestCaseError::fail(format!(
                    "{} has no property at {}: {u:?}",
                    s.model, u.path
                )));
            };
            check!(
                sch.check(&u.value).is_ok(),
                "{u:?} fails its schema {}: {:?}",
                sch.type_name(),
                sch.check(&u.value)
            );
        }
        if u.value.is_null() {
            let source_null = match mode {
                Mode::File(f) => f
                    .for_model(schema.map(|s| s.model.as_str()).unwrap_or(""))
                    .is_some_and(|r| {
                        r.rules.iter().any(|rule| {
                            rule.to == u.path
                                && case.body.pointer(&rule.from).is_some_and(Value::is_null)
                        })
                    }),
                _ => case
                    .body
                    .as_object()
                    .is_some_and(|o| o.values().any(Value::is_null)),
            };
            check!(
                source_null,
                "an update to null the body did not send: {u:?}"
            );
        }
    }
    Ok(())
}

#[test]
fn telemetry_mapping() {
    let set = models();
    let schemas = [
        TwinSchema::build(&set, THERMOSTAT),
        TwinSchema::build(&set, SPACE),
    ];
    harness::run("telemetry_mapping", 800, input(), |case: Case| {
        // Which twin.
        if let Ok(sources) = twin_id::parse_sources(&case.twin_id_from) {
            let mut e = Event::json(&case.body);
            if let Value::Object(props) = &case.event_props {
                e.properties = props.clone();
                e.system_properties = props.clone();
            }
            let _ = twin_id::resolve(&sources, &e, Some(&case.body));
        }
        // Which updates.
        let schema = match case.model % 3 {
            0 => Some(&schemas[0]),
            1 => Some(&schemas[1]),
            _ => None,
        };
        let mode = match case.mode % 4 {
            0 => Mode::Auto {
                source_time: SourceTime::None,
            },
            1 => Mode::Auto {
                source_time: SourceTime::Body("/timestamp".into()),
            },
            2 => Mode::Sample {
                properties: case.properties.clone(),
            },
            _ => match MappingFile::parse(&case.mapping.text()) {
                Ok(f) => {
                    harness::reached("mapping-file");
                    Mode::File(f)
                }
                Err(_) => return Ok(()),
            },
        };
        check_updates(&case, &mode, schema)
    });
}

//! Mapping unit tests.
use super::*;
use crate::dtdl::{ModelSource, ParseOptions, parse};
use serde_json::json;

fn thermostat() -> TwinSchema {
    let m = json!({"@id": "dtmi:t:Thermo;1", "@type": "Interface", "@context": "dtmi:dtdl:context;2", "contents": [
        {"@type": "Property", "name": "Temperature", "schema": "double"},
        {"@type": "Property", "name": "Count", "schema": "integer"},
        {"@type": "Component", "name": "fan", "schema": "dtmi:t:Fan;1"}]});
    let fan = json!({"@id": "dtmi:t:Fan;1", "@type": "Interface", "@context": "dtmi:dtdl:context;2",
        "contents": [{"@type": "Property", "name": "rpm", "schema": "double"}]});
    let set = parse(
        &[
            ModelSource {
                name: "a".into(),
                value: m,
            },
            ModelSource {
                name: "b".into(),
                value: fan,
            },
        ],
        ParseOptions::default(),
    )
    .unwrap();
    TwinSchema::build(&set, "dtmi:t:Thermo;1")
}

#[test]
fn auto_maps_model_properties_and_coerces() {
    let s = thermostat();
    let body = json!({"Temperature": "21.5", "Count": 3, "Humidity": 40});
    let Mapped::Updates { updates, ignored } = map(
        &Mode::Auto {
            source_time: SourceTime::Enqueued,
        },
        &body,
        Some(&s),
        Some("2026-01-01T00:00:00Z"),
    ) else {
        panic!("mapped")
    };
    assert_eq!(ignored, 1);
    assert_eq!(
        updates[0],
        PropertyUpdate {
            path: "/Temperature".into(),
            value: json!(21.5),
            op: Op::Add,
            source_time: Some("2026-01-01T00:00:00Z".into())
        }
    );
    assert_eq!(updates[1].value, json!(3));
}

#[test]
fn wrong_types_and_non_objects_are_rejected_with_a_reason() {
    let s = thermostat();
    let Mapped::Reject(why) = map(
        &Mode::Auto {
            source_time: SourceTime::None,
        },
        &json!({"Temperature": "abc"}),
        Some(&s),
        None,
    ) else {
        panic!()
    };
    assert!(why.contains("/Temperature") && why.contains("abc"), "{why}");
    let Mapped::Reject(why) = map(
        &Mode::Auto {
            source_time: SourceTime::None,
        },
        &json!([1, 2]),
        Some(&s),
        None,
    ) else {
        panic!()
    };
    assert!(why.contains("not an object"), "{why}");
}

#[test]
fn sample_mode_replaces_one_property_uncoerced() {
    let mode = Mode::Sample {
        properties: vec!["Temperature".into()],
    };
    let Mapped::Updates { updates, ignored } =
        map(&mode, &json!({"Temperature": 25.3, "x": 1}), None, None)
    else {
        panic!()
    };
    assert_eq!((updates.len(), ignored), (1, 1));
    assert_eq!(updates[0].op, Op::Replace);
    let Mapped::Updates { updates, .. } = map(&mode, &json!({"x": 1}), None, None) else {
        panic!()
    };
    assert!(updates.is_empty());
}

/// Found by the `telemetry_mapping` fuzz target: with a sample property listed twice
/// (`Temperature,Temperature`) and a body of one field, the count of ignored fields underflowed
/// (a panic in debug builds, a huge count in release) and the property was written twice.
#[test]
fn sample_mode_with_a_property_listed_twice() {
    let mode = Mode::Sample {
        properties: vec!["Temperature".into(), "Temperature".into()],
    };
    let Mapped::Updates { updates, ignored } =
        map(&mode, &json!({"Temperature": 21.5}), None, None)
    else {
        panic!()
    };
    assert_eq!((updates.len(), ignored), (1, 0));
}

/// Found by the `telemetry_mapping` fuzz target: a number sent as a string ("1e309", "NaN")
/// that a rule scales to a non-finite value became `null` and was written to the twin (or
/// refused as a null); a number does not, it is refused as non-finite.
#[test]
fn a_string_scaled_to_a_non_finite_number_is_refused_not_null() {
    let file = MappingFile::parse(
        "[[model]]\nmodel = \"*\"\n[[model.rule]]\nfrom = \"/t\"\nto = \"/Temperature\"\nscale = 2.0\n",
    )
    .unwrap();
    for t in ["1e309", "NaN", "-inf", " 1e308 "] {
        for schema in [None, Some(thermostat())] {
            match map(
                &Mode::File(file.clone()),
                &json!({ "t": t }),
                schema.as_ref(),
                None,
            ) {
                Mapped::Reject(why) => assert!(why.contains("non-finite"), "{t}: {why}"),
                other => panic!("{t}: {other:?}"),
            }
        }
    }
}

#[test]
fn mapping_file_rules_scale_components_and_source_time() {
    let file = MappingFile::parse(
        r#"
        [[model]]
        model = "dtmi:t:*"
        source-time = "/ts"
        [[model.rule]]
        from = "/temp/f"
        to = "/Temperature"
        scale = 0.5555555555555556
        offset = -17.77777777777778
        [[model.rule]]
        from = "/fan"
        to = "/fan/rpm"
    "#,
    )
    .unwrap();
    let s = thermostat();
    let body = json!({"temp": {"f": 212.0}, "fan": "1200", "ts": "2026-05-01T10:00:00Z"});
    let Mapped::Updates { updates, .. } = map(&Mode::File(file.clone()), &body, Some(&s), None)
    else {
        panic!()
    };
    assert!((updates[0].value.as_f64().unwrap() - 100.0).abs() < 1e-9);
    assert_eq!(
        updates[1],
        PropertyUpdate {
            path: "/fan/rpm".into(),
            value: json!(1200.0),
            op: Op::Add,
            source_time: Some("2026-05-01T10:00:00Z".into())
        }
    );
    let bad = MappingFile::parse(
        "[[model]]\nmodel = \"*\"\n[[model.rule]]\nfrom = \"/a\"\nto = \"/Nope\"\n",
    )
    .unwrap();
    assert!(matches!(
        map(&Mode::File(bad), &json!({"a": 1}), Some(&s), None),
        Mapped::Reject(_)
    ));
    assert!(
        MappingFile::parse("[[model]]\nmodel = \"*\"\nbogus = 1\n")
            .unwrap_err()
            .contains("bogus")
    );
}

#[test]
fn the_example_mapping_file_parses() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/mapping.toml");
    let file = MappingFile::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert!(
        file.for_model("dtmi:contosocom:DigitalTwins:Thermostat;2")
            .is_some()
    );
    assert!(
        file.for_model("dtmi:contosocom:DigitalTwins:Space;1")
            .is_some()
    );
}

#[test]
fn component_properties_map_to_their_path_with_their_schema_and_unknown_keys_are_ignored() {
    let s = thermostat();
    let auto = Mode::Auto {
        source_time: SourceTime::None,
    };
    let paths = |body: Value| match map(&auto, &body, Some(&s), None) {
        Mapped::Updates { updates, ignored } => (
            updates
                .into_iter()
                .map(|u| (u.path, u.value))
                .collect::<Vec<_>>(),
            ignored,
        ),
        Mapped::Reject(why) => panic!("{why}"),
    };
    // "component/property" as one key, coerced with the component property's schema
    assert_eq!(
        paths(json!({"Temperature": 20.5, "fan/rpm": "1200"})),
        (
            vec![
                ("/Temperature".to_string(), json!(20.5)),
                ("/fan/rpm".to_string(), json!(1200.0))
            ],
            0
        )
    );
    // nested under the component's name
    assert_eq!(
        paths(json!({"fan": {"rpm": 900, "colour": "red"}})),
        (vec![("/fan/rpm".to_string(), json!(900))], 1)
    );
    // never a path the model does not define (and never an escaped `~1` path)
    assert_eq!(
        paths(json!({"fan/nope": 1, "fan~1rpm": 1, "nope/rpm": 1, "fan": 3, "fan/rpm/x": 1})),
        (vec![], 5)
    );
    // a component property's value of the wrong type is this event's fault
    assert!(matches!(
        map(&auto, &json!({"fan/rpm": "fast"}), Some(&s), None),
        Mapped::Reject(why) if why.contains("/fan/rpm")
    ));
}

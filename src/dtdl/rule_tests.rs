//! Unit tests for the rules added on top of the element checks: the `extends` hierarchy in
//! linear time (deep chains, cycles, inherited name clashes, nested components), the
//! completeness report and the specification's recommendations (warnings). Inputs are built
//! in the test; nothing is read from disk.

use serde_json::{Value, json};

use super::*;

fn src(value: Value) -> Vec<ModelSource> {
    vec![ModelSource {
        name: "m.json".to_string(),
        value,
    }]
}

fn report(value: Value) -> Report {
    validate(&src(value), ParseOptions::default())
}

fn rules(r: &Report) -> Vec<&str> {
    r.warnings
        .iter()
        .flat_map(|w| w.rules.iter().map(String::as_str))
        .collect()
}

/// `n` v3 Interfaces, each extending the previous one, each with one Property.
fn chain(n: usize) -> Value {
    let models: Vec<Value> = (0..n)
        .map(|i| {
            let mut m = json!({"@context": "dtmi:dtdl:context;3", "@id": format!("dtmi:x:I{i};1"),
                "@type": "Interface",
                "contents": [{"@type": "Property", "name": format!("p{i}"), "schema": "double"}]});
            if i > 0 {
                m["extends"] = json!(format!("dtmi:x:I{};1", i - 1));
            }
            m
        })
        .collect();
    Value::Array(models)
}

#[test]
fn a_10000_deep_extends_chain_gives_one_error_where_the_limit_is_first_exceeded() {
    let r = report(chain(10_000));
    assert!(r.models.is_none());
    assert_eq!(
        r.errors.len(),
        1,
        "{:?}",
        &r.errors[..r.errors.len().min(3)]
    );
    let d = &r.errors[0];
    assert_eq!(d.pointer, "/11/extends");
    assert_eq!(d.dtmi.as_deref(), Some("dtmi:x:I11;1"));
    assert!(d.message.contains("11 deep"), "{}", d.message);
    assert!(r.unresolved.is_empty());
}

#[test]
fn a_chain_at_the_depth_limit_is_valid_and_keeps_its_inherited_contents() {
    let r = report(chain(11));
    let set = r.models.expect("10 extends deep is allowed");
    assert_eq!(set.properties("dtmi:x:I10;1").len(), 11);
    assert_eq!(set.ancestors("dtmi:x:I10;1").len(), 11);
}

#[test]
fn an_extends_cycle_is_one_error_and_interfaces_extending_it_add_none() {
    let m = json!([
        {"@context": "dtmi:dtdl:context;3", "@id": "dtmi:x:A;1", "@type": "Interface", "extends": "dtmi:x:C;1"},
        {"@context": "dtmi:dtdl:context;3", "@id": "dtmi:x:B;1", "@type": "Interface", "extends": "dtmi:x:A;1"},
        {"@context": "dtmi:dtdl:context;3", "@id": "dtmi:x:C;1", "@type": "Interface", "extends": "dtmi:x:B;1"},
        {"@context": "dtmi:dtdl:context;3", "@id": "dtmi:x:D;1", "@type": "Interface", "extends": "dtmi:x:C;1"}
    ]);
    let r = report(m);
    assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
    let msg = &r.errors[0].message;
    assert!(
        msg.starts_with("dtmi:x:A;1 extends itself through"),
        "{msg}"
    );
    assert!(
        msg.contains("dtmi:x:B;1") && msg.contains("dtmi:x:C;1"),
        "{msg}"
    );
    assert!(!msg.contains("dtmi:x:D;1"), "{msg}");
    let selfish = json!({"@context": "dtmi:dtdl:context;2", "@id": "dtmi:x:S;1", "@type": "Interface",
        "extends": "dtmi:x:S;1"});
    let r = report(selfish);
    assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
    assert!(r.errors[0].message.contains("extends itself"));
}

#[test]
fn an_inherited_name_clash_is_reported_once_where_it_arises() {
    // Base has `x`; Mid redeclares `x` (the mistake); Leaf extends Mid and adds nothing.
    let mut models = vec![
        json!({"@context": "dtmi:dtdl:context;3", "@id": "dtmi:x:Base;1", "@type": "Interface",
            "contents": [{"@type": "Property", "name": "x", "schema": "double"}]}),
        json!({"@context": "dtmi:dtdl:context;3", "@id": "dtmi:x:Mid;1", "@type": "Interface",
            "extends": "dtmi:x:Base;1",
            "contents": [{"@type": "Telemetry", "name": "x", "schema": "double"}]}),
    ];
    for i in 0..5 {
        let base = if i == 0 {
            "dtmi:x:Mid;1".to_string()
        } else {
            format!("dtmi:x:L{};1", i - 1)
        };
        models.push(
            json!({"@context": "dtmi:dtdl:context;3", "@id": format!("dtmi:x:L{i};1"),
            "@type": "Interface", "extends": base}),
        );
    }
    let r = report(Value::Array(models));
    assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
    assert_eq!(r.errors[0].pointer, "/1/contents/0");
    assert!(r.errors[0].message.contains("also in dtmi:x:Base;1"));
}

#[test]
fn a_diamond_clash_is_reported_where_the_two_branches_meet() {
    let m = json!([
        {"@context": "dtmi:dtdl:context;3", "@id": "dtmi:x:L;1", "@type": "Interface",
            "contents": [{"@type": "Property", "name": "x", "schema": "double"}]},
        {"@context": "dtmi:dtdl:context;3", "@id": "dtmi:x:R;1", "@type": "Interface",
            "contents": [{"@type": "Property", "name": "x", "schema": "string"}]},
        {"@context": "dtmi:dtdl:context;3", "@id": "dtmi:x:Both;1", "@type": "Interface",
            "extends": ["dtmi:x:L;1", "dtmi:x:R;1"]},
        {"@context": "dtmi:dtdl:context;3", "@id": "dtmi:x:Shared;1", "@type": "Interface",
            "contents": [{"@type": "Property", "name": "y", "schema": "double"}]},
        {"@context": "dtmi:dtdl:context;3", "@id": "dtmi:x:Twice;1", "@type": "Interface",
            "extends": ["dtmi:x:Shared;1", "dtmi:x:Both;1"]}
    ]);
    let r = report(m);
    assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
    assert_eq!(r.errors[0].pointer, "/2/extends");
    let ok = json!([
        {"@context": "dtmi:dtdl:context;3", "@id": "dtmi:x:Top;1", "@type": "Interface",
            "contents": [{"@type": "Property", "name": "x", "schema": "double"}]},
        {"@context": "dtmi:dtdl:context;3", "@id": "dtmi:x:A;1", "@type": "Interface", "extends": "dtmi:x:Top;1"},
        {"@context": "dtmi:dtdl:context;3", "@id": "dtmi:x:B;1", "@type": "Interface", "extends": "dtmi:x:Top;1"},
        {"@context": "dtmi:dtdl:context;3", "@id": "dtmi:x:D;1", "@type": "Interface",
            "extends": ["dtmi:x:A;1", "dtmi:x:B;1"]}
    ]);
    let r = report(ok);
    assert!(
        r.errors.is_empty(),
        "one element inherited twice is no clash: {:?}",
        r.errors
    );
}

#[test]
fn a_component_whose_schema_inherits_a_component_is_nested() {
    let m = json!([
        {"@context": "dtmi:dtdl:context;3", "@id": "dtmi:x:Part;1", "@type": "Interface"},
        {"@context": "dtmi:dtdl:context;3", "@id": "dtmi:x:Base;1", "@type": "Interface",
            "contents": [{"@type": "Component", "name": "inner", "schema": "dtmi:x:Part;1"}]},
        {"@context": "dtmi:dtdl:context;3", "@id": "dtmi:x:Mid;1", "@type": "Interface",
            "extends": "dtmi:x:Base;1"},
        {"@context": "dtmi:dtdl:context;3", "@id": "dtmi:x:Dev;1", "@type": "Interface",
            "contents": [{"@type": "Component", "name": "outer", "schema": "dtmi:x:Mid;1"}]}
    ]);
    let r = report(m);
    assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
    assert_eq!(r.errors[0].pointer, "/3/contents/0/schema");
    assert!(r.errors[0].message.contains("'inner'"));
}

#[test]
fn missing_definitions_make_the_input_incomplete_not_otherwise_invalid() {
    let m = json!({"@context": "dtmi:dtdl:context;3", "@id": "dtmi:x:A;1", "@type": "Interface",
        "extends": ["dtmi:x:B;1", "dtmi:x:C;1"],
        "contents": [{"@type": "Property", "name": "p", "schema": "dtmi:x:B;1"},
            {"@type": "Relationship", "name": "r", "target": "dtmi:x:Elsewhere;1"}]});
    let r = report(m);
    assert!(r.models.is_none());
    assert_eq!(r.unresolved, vec!["dtmi:x:B;1", "dtmi:x:C;1"]);
    assert_eq!(r.incomplete, 3);
    assert!(r.only_incomplete(), "{:?}", r.errors);
    let broken = json!({"@context": "dtmi:dtdl:context;3", "@id": "dtmi:x:A;1", "@type": "Interface",
        "extends": "dtmi:x:B;1", "contents": [{"@type": "Property", "name": "1p", "schema": "double"}]});
    let r = report(broken);
    assert_eq!(r.unresolved, vec!["dtmi:x:B;1"]);
    assert!(!r.only_incomplete());
}

#[test]
fn dtmis_where_terms_exist_are_valid_but_advised_against() {
    let m = json!({"@context": "dtmi:dtdl:context;2", "@id": "dtmi:x:A;1",
        "@type": "dtmi:dtdl:class:Interface;2",
        "contents": [
            {"@type": ["Telemetry", "dtmi:standard:class:Temperature;2"], "name": "t",
                "dtmi:dtdl:property:schema;2": "dtmi:dtdl:instance:Schema:double;2",
                "unit": "dtmi:standard:unit:degreeCelsius;2"},
            {"@type": "Command", "name": "c", "commandType": "synchronous"},
            {"@type": ["Property", "Property"], "name": "p", "schema": "double"},
            {"@type": "Telemetry", "name": "at", "schema": "dtmi:standard:schema:geospatial:point;2"}]});
    let r = report(m);
    assert!(r.models.is_some(), "{:?}", r.errors);
    let got = rules(&r);
    for want in [
        "ClassInterfaceTypePreferTermToDtmi",
        "ClassTelemetrySemanticTypePreferTermToDtmi",
        "ClassTelemetryPropertySchemaTerm",
        "ClassTelemetryPropertySchemaPreferTermToDtmi",
        "ValuePrimitiveSchemaTerm",
        "ClassTelemetryCotypePropertyValuePreferTermToDtmi",
        "ClassCommandPropertyCommandTypeDeprecated",
        "ClassPropertyTypeDuplicatesMaterial",
        "ValueGeospatialSchemaTerm",
    ] {
        assert!(got.contains(&want), "{want} missing from {got:?}");
    }
    let w = r
        .warnings
        .iter()
        .find(|w| w.rules.iter().any(|x| x == "ValuePrimitiveSchemaTerm"))
        .expect("schema warning");
    assert_eq!(w.pointer, "/contents/0/dtmi:dtdl:property:schema;2");
    assert!(w.message.contains("\"double\""), "{}", w.message);
}

#[test]
fn plain_models_get_no_warnings() {
    let m = json!({"@context": "dtmi:dtdl:context;3", "@id": "dtmi:x:A;1", "@type": "Interface",
        "displayName": {"en": "A", "de": "A"}, "description": ["an A", {"@value": "ein A", "@language": "de"}],
        "contents": [{"@type": "Property", "name": "p", "schema": "double", "writable": true},
            {"@type": "Relationship", "name": "r", "maxMultiplicity": {"@value": 3, "@type": "xsd:integer"}}]});
    let r = report(m);
    assert!(r.models.is_some(), "{:?}", r.errors);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

#[test]
fn context_and_value_object_advice() {
    let m = json!({"@context": ["dtmi:iotcentral:context;2", "dtmi:dtdl:context;2", "dtmi:dtdl:context;2"],
        "@id": "dtmi:x:A;1", "@type": "Interface", "@language": "en",
        "displayName": [{"@value": "A"}],
        "contents": [{"@type": "Property", "name": {"@value": "p", "@type": "xsd:string", "@foo": 1},
            "schema": "double", "writable": {"@value": true}}]});
    let r = report(m);
    assert!(r.models.is_some(), "{:?}", r.errors);
    let got = rules(&r);
    for want in [
        "ContextDtdlOnlyOne",
        "ContextUniqueValues",
        "ContextDtdlPrecedesOrOnlyException",
        "ClassInterfaceInvalidKeywords",
        "LocalizableStringArrayElementHasLanguage",
        "RepresentationalStringOnlyValueAndType",
        "RepresentationalBooleanHasType",
    ] {
        assert!(got.contains(&want), "{want} missing from {got:?}");
    }
    let v3 = json!({"@context": "dtmi:dtdl:context;3", "@id": "dtmi:x:A;1", "@type": "Interface",
        "displayName": [{"@value": "A", "@type": "xsd:string"}]});
    assert!(
        report(v3).models.is_none(),
        "v3 forbids other keywords in a localized value object"
    );
}

#[test]
fn a_v2_property_holds_no_array_even_inside_an_object_or_a_map() {
    let m = json!({"@context": "dtmi:dtdl:context;2", "@id": "dtmi:x:A;1", "@type": "Interface",
        "schemas": [{"@id": "dtmi:x:O;1", "@type": "Object",
            "fields": [{"name": "f", "schema": {"@type": "Array", "elementSchema": "double"}}]}],
        "contents": [
            {"@type": "Property", "name": "p", "schema": "dtmi:x:O;1"},
            {"@type": "Property", "name": "q", "schema": {"@type": "Map",
                "mapKey": {"name": "k", "schema": "string"},
                "mapValue": {"name": "v", "schema": "point"}}},
            {"@type": "Telemetry", "name": "t", "schema": "dtmi:x:O;1"}]});
    let r = report(m);
    let pointers: Vec<&str> = r.errors.iter().map(|d| d.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        vec!["/contents/0/schema", "/contents/1/schema"],
        "{:?}",
        r.errors
    );
    assert!(
        r.errors[1].message.contains("'point'"),
        "{}",
        r.errors[1].message
    );
}

#[test]
fn language_codes_follow_the_specification() {
    let with = |dn: Value| {
        report(
            json!({"@context": "dtmi:dtdl:context;3", "@id": "dtmi:x:A;1", "@type": "Interface",
            "displayName": dn}),
        )
    };
    assert!(
        with(json!({"en": "a", "zh-Hant-TW": "b", "es-419": "c"}))
            .models
            .is_some()
    );
    assert!(with(json!({"en-us": "a"})).models.is_none());
    assert!(with(json!({"": "a"})).models.is_none());
    assert!(
        with(json!(["a", {"@value": "b", "@language": "en"}]))
            .models
            .is_none()
    );
    assert!(
        with(json!(["a", {"@value": "b", "@language": "en-GB"}]))
            .models
            .is_some()
    );
}

//! Unit tests for the DTDL module: real models (RealEstateCore, the seed sample), inheritance
//! queries, dependency order, diagnostics locations and value checks. Reads the repository's
//! `models/` and `tests/data/realestatecore/` from disk (tests only).

use std::path::{Path, PathBuf};
use std::time::Instant;

use serde_json::{Value, json};

use super::*;

/// The repository root: the sample's models are in `models/`, the fixtures in `tests/data/`.
fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read_json(path: &Path) -> Value {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let text = String::from_utf8_lossy(&bytes);
    serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .unwrap_or_else(|e| panic!("parse {}: {e}", path.display()))
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let rd = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("read dir {}: {e}", dir.display()));
    for entry in rd.flatten() {
        let p = entry.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
}

fn sources_in(dir: &Path) -> Vec<ModelSource> {
    assert!(dir.is_dir(), "model directory {} is missing", dir.display());
    let mut files = vec![];
    collect(dir, &mut files);
    files.sort();
    files
        .iter()
        .map(|p| ModelSource {
            name: p.display().to_string(),
            value: read_json(p),
        })
        .collect()
}

fn rec_sources() -> Vec<ModelSource> {
    sources_in(&repo().join("tests/data/realestatecore/Ontology"))
}

fn must_parse(sources: &[ModelSource]) -> ModelSet {
    match parse(sources, ParseOptions::default()) {
        Ok(m) => m,
        Err(d) => {
            let shown: Vec<String> = d.iter().take(10).map(ToString::to_string).collect();
            panic!("{} diagnostics, first:\n{}", d.len(), shown.join("\n"));
        }
    }
}

fn src(name: &str, value: Value) -> ModelSource {
    ModelSource {
        name: name.to_string(),
        value,
    }
}

#[test]
fn realestatecore_parses_without_diagnostics() {
    let sources = rec_sources();
    assert!(
        sources.len() > 700,
        "expected the whole ontology, got {} files",
        sources.len()
    );
    let start = Instant::now();
    let set = must_parse(&sources);
    eprintln!(
        "RealEstateCore: {} files, {} interfaces parsed in {:?}",
        sources.len(),
        set.len(),
        start.elapsed()
    );
    assert!(set.len() >= 760);
    let order = set.dependency_order();
    assert_eq!(
        order.len(),
        set.interfaces().filter(|i| i.top_level).count()
    );
    for (pos, id) in order.iter().enumerate() {
        for dep in set.dependencies(id) {
            let dpos = order
                .iter()
                .position(|x| *x == dep)
                .expect("dependency in order");
            assert!(dpos < pos, "{dep} must come before {id}");
        }
    }
}

#[test]
fn realestatecore_deep_subclass_inherits_properties() {
    let set = must_parse(&rec_sources());
    // the deepest interface in the hierarchy
    let deepest = set
        .interfaces()
        .max_by_key(|i| set.ancestors(&i.id).len())
        .expect("interfaces");
    let ancestors = set.ancestors(&deepest.id);
    assert!(
        ancestors.len() >= 4,
        "{} has only {} ancestors",
        deepest.id,
        ancestors.len()
    );
    assert_eq!(ancestors[0], deepest.id);
    let props = set.properties(&deepest.id);
    let own = deepest.properties.len();
    assert!(
        props.len() > own,
        "{} should inherit properties",
        deepest.id
    );
    for p in &props {
        assert!(
            ancestors.contains(&p.defined_in),
            "{} defined in {}",
            p.name,
            p.defined_in
        );
    }
    // every Space has the inherited Space properties, e.g. Room
    let room = "dtmi:digitaltwins:rec_3_3:core:Room;1";
    if set.get(room).is_some() {
        assert!(
            set.ancestors(room)
                .iter()
                .any(|a| a.ends_with("core:Space;1"))
        );
        assert!(!set.relationships(room).is_empty());
    }
}

#[test]
fn seed_sample_models_parse() {
    let sources = sources_in(&repo().join("models"));
    let set = must_parse(&sources);
    let t = set
        .get("dtmi:contosocom:DigitalTwins:Thermostat;2")
        .expect("thermostat");
    assert_eq!(t.dtdl_version, 2);
    let temp = set
        .properties(&t.id)
        .into_iter()
        .find(|p| p.name == "Temperature")
        .expect("Temperature");
    assert_eq!(temp.schema, Schema::Double);
    let rels = set.relationships(&t.id);
    assert_eq!(rels.len(), 2);
    assert_eq!(rels[0].properties.len(), 2);
}

#[test]
fn broken_thermostat_points_at_the_schema() {
    let path = repo().join("models/ThermostatModel.json");
    let mut value = read_json(&path);
    value["contents"][3]["schema"] = json!("doubel");
    let name = path.display().to_string();
    let diags = parse(&[src(&name, value)], ParseOptions::default()).expect_err("invalid");
    assert_eq!(diags.len(), 1, "{diags:?}");
    let d = &diags[0];
    assert_eq!(d.file, name);
    assert_eq!(d.pointer, "/contents/3/schema");
    assert_eq!(
        d.dtmi.as_deref(),
        Some("dtmi:contosocom:DigitalTwins:Thermostat;2")
    );
    assert!(d.message.contains("doubel"), "{}", d.message);
    assert!(
        d.to_string()
            .starts_with(&format!("{name}:/contents/3/schema: "))
    );
}

#[test]
fn missing_reference_names_the_dtmi() {
    let a = json!({"@context": "dtmi:dtdl:context;3", "@id": "dtmi:x:A;1", "@type": "Interface",
        "extends": "dtmi:x:Base;1"});
    let diags = parse(&[src("a.json", a)], ParseOptions::default()).expect_err("invalid");
    assert_eq!(diags[0].pointer, "/extends");
    assert!(
        diags[0]
            .message
            .contains("dtmi:x:Base;1 is referenced by extends but is not defined")
    );
}

#[test]
fn dependencies_and_order_across_files() {
    let base = json!({"@context": "dtmi:dtdl:context;3", "@id": "dtmi:x:Base;1", "@type": "Interface",
        "schemas": [{"@id": "dtmi:x:Mode;1", "@type": "Enum", "valueSchema": "string",
            "enumValues": [{"name": "on", "enumValue": "on"}]}],
        "contents": [{"@type": "Property", "name": "mode", "schema": "dtmi:x:Mode;1", "writable": true}]});
    let part = json!({"@context": "dtmi:dtdl:context;2", "@id": "dtmi:x:Part;1", "@type": "Interface",
        "contents": [{"@type": "Telemetry", "name": "t", "schema": "double"}]});
    let dev = json!([{"@context": "dtmi:dtdl:context;3", "@id": "dtmi:x:Dev;1", "@type": "Interface",
        "extends": "dtmi:x:Base;1",
        "contents": [{"@type": "Component", "name": "part", "schema": "dtmi:x:Part;1"},
            {"@type": "Relationship", "name": "feeds", "target": "dtmi:x:Dev;1"}]}]);
    let set = must_parse(&[
        src("dev.json", dev),
        src("base.json", base),
        src("part.json", part),
    ]);
    let mut deps = set.dependencies("dtmi:x:Dev;1");
    deps.sort();
    assert_eq!(deps, vec!["dtmi:x:Base;1", "dtmi:x:Part;1"]);
    let order = set.dependency_order();
    let pos = |id: &str| order.iter().position(|x| x == id).expect("present");
    assert!(pos("dtmi:x:Base;1") < pos("dtmi:x:Dev;1"));
    assert!(pos("dtmi:x:Part;1") < pos("dtmi:x:Dev;1"));
    let props = set.properties("dtmi:x:Dev;1");
    assert_eq!(props.len(), 1);
    assert_eq!(props[0].defined_in, "dtmi:x:Base;1");
    assert!(props[0].writable);
    assert!(matches!(props[0].schema, Schema::Enum { .. }));
    assert_eq!(set.components("dtmi:x:Dev;1")[0].schema, "dtmi:x:Part;1");
    assert_eq!(set.telemetry("dtmi:x:Part;1").len(), 1);
    assert_eq!(
        set.ancestors("dtmi:x:Dev;1"),
        vec!["dtmi:x:Dev;1", "dtmi:x:Base;1"]
    );
}

#[test]
fn all_errors_are_reported() {
    let a = json!({"@context": "dtmi:dtdl:context;2", "@id": "dtmi:x:A;1", "@type": "Interface",
        "contents": [{"@type": "Property", "name": "1bad", "schema": "double"},
            {"@type": "Property", "name": "ok", "schema": {"@type": "Array", "elementSchema": "double"}},
            {"@type": "Telemetry", "name": "t"}]});
    let diags = parse(&[src("a.json", a)], ParseOptions::default()).expect_err("invalid");
    let pointers: Vec<&str> = diags.iter().map(|d| d.pointer.as_str()).collect();
    assert!(pointers.contains(&"/contents/0/name"), "{pointers:?}");
    assert!(pointers.contains(&"/contents/1/schema"), "{pointers:?}");
    assert!(pointers.contains(&"/contents/2"), "{pointers:?}");
}

#[test]
fn schema_check_values() {
    assert!(Schema::Integer.check(&json!(5)).is_ok());
    assert!(Schema::Integer.check(&json!(3_000_000_000_i64)).is_err());
    assert!(Schema::Long.check(&json!(3_000_000_000_i64)).is_ok());
    assert!(Schema::Integer.check(&json!(1.5)).is_err());
    assert!(Schema::Double.check(&json!(1.5)).is_ok());
    assert!(Schema::Double.check(&json!("1.5")).is_err());
    assert!(Schema::Date.check(&json!("2024-02-29")).is_ok());
    assert!(Schema::Date.check(&json!("2023-02-29")).is_err());
    assert!(
        Schema::DateTime
            .check(&json!("2024-05-01T10:20:30.5Z"))
            .is_ok()
    );
    assert!(
        Schema::DateTime
            .check(&json!("2024-05-01T10:20:30+02:00"))
            .is_ok()
    );
    assert!(
        Schema::DateTime
            .check(&json!("2024-05-01 10:20:30"))
            .is_err()
    );
    assert!(Schema::Time.check(&json!("10:20:30Z")).is_ok());
    assert!(Schema::Time.check(&json!("25:20:30Z")).is_err());
    assert!(Schema::Duration.check(&json!("P1DT2H")).is_ok());
    assert!(Schema::Duration.check(&json!("PT0.5S")).is_ok());
    assert!(Schema::Duration.check(&json!("P")).is_err());
    assert!(Schema::Duration.check(&json!("PT")).is_err());
    assert!(Schema::Duration.check(&json!("P1H")).is_err());
    let e = Schema::Enum {
        value_schema: Box::new(Schema::String),
        values: vec![("on".into(), json!("on")), ("off".into(), json!("off"))],
    };
    assert!(e.check(&json!("on")).is_ok());
    assert!(e.check(&json!("dim")).unwrap_err().contains("\"dim\""));
    let o = Schema::Object {
        fields: vec![
            ("lat".into(), Schema::Double),
            ("label".into(), Schema::String),
        ],
    };
    assert!(o.check(&json!({"lat": 1.0})).is_ok());
    let err = o.check(&json!({"lat": "x"})).unwrap_err();
    assert!(err.contains("/lat") && err.contains("double"), "{err}");
    assert!(o.check(&json!({"nope": 1})).is_err());
    let m = Schema::Map {
        key: Box::new(Schema::String),
        value: Box::new(Schema::Integer),
    };
    assert!(m.check(&json!({"a": 1, "b": 2})).is_ok());
    assert!(m.check(&json!({"a": 1.5})).unwrap_err().contains("/a"));
    assert_eq!(m.type_name(), "Map<string,integer>");
    let a = Schema::Array {
        element: Box::new(Schema::Boolean),
    };
    assert!(a.check(&json!([true, false])).is_ok());
    assert!(a.check(&json!([true, 1])).unwrap_err().contains("/1"));
    assert_eq!(a.type_name(), "Array<boolean>");
}

#[test]
fn schema_coerce_values() {
    assert_eq!(Schema::Double.coerce(&json!("21.5")).unwrap(), json!(21.5));
    assert_eq!(Schema::Float.coerce(&json!(3)).unwrap(), json!(3));
    assert_eq!(Schema::Integer.coerce(&json!("42")).unwrap(), json!(42));
    assert_eq!(Schema::Long.coerce(&json!(" 7 ")).unwrap(), json!(7));
    assert_eq!(Schema::Boolean.coerce(&json!("true")).unwrap(), json!(true));
    let err = Schema::Double.coerce(&json!("abc")).unwrap_err();
    assert!(err.contains("abc") && err.contains("double"), "{err}");
    assert!(Schema::Integer.coerce(&json!("4.5")).is_err());
    let o = Schema::Object {
        fields: vec![("t".into(), Schema::Double)],
    };
    assert_eq!(o.coerce(&json!({"t": "1.25"})).unwrap(), json!({"t": 1.25}));
    assert_eq!(Schema::String.coerce(&json!("x")).unwrap(), json!("x"));
}

#[test]
fn v2_and_v3_rules_differ() {
    let v2 = json!({"@context": "dtmi:dtdl:context;2", "@id": "dtmi:x:A;1", "@type": "Interface",
        "contents": [{"@type": "Property", "name": "p", "schema": {"@type": "Array", "elementSchema": "double"}}]});
    assert!(parse(&[src("a", v2)], ParseOptions::default()).is_err());
    let v3 = json!({"@context": "dtmi:dtdl:context;3", "@id": "dtmi:x:A", "@type": "Interface",
        "contents": [{"@type": "Property", "name": "p", "schema": {"@type": "Array", "elementSchema": "double"}}]});
    let set = must_parse(&[src("a", v3)]);
    assert_eq!(
        set.properties("dtmi:x:A")[0].schema.type_name(),
        "Array<double>"
    );
    let ext = json!({"@context": ["dtmi:dtdl:context;3", "dtmi:com:acme:ext;1"], "@id": "dtmi:x:B;1",
        "@type": "Interface", "contents": [{"@type": ["Property", "Secret"], "name": "p", "schema": "string", "vault": "kv"}]});
    assert!(parse(&[src("b", ext.clone())], ParseOptions::default()).is_err());
    let allow = ParseOptions {
        allow_undefined_extensions: true,
    };
    assert!(parse(&[src("b", ext)], allow).is_ok());
}

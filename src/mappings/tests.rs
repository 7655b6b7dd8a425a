use super::fix::{Step, plan, step_count};
use super::*;
use serde_json::json;

const T: &str = "dtmi:contosocom:DigitalTwins:Thermostat;2";
const S: &str = "dtmi:contosocom:DigitalTwins:Space;1";

fn dev(id: &str, dt_id: Option<&str>, dtmi: Option<&str>) -> Device {
    Device {
        id: id.into(),
        dt_id: dt_id.map(str::to_string),
        dtmi: dtmi.map(str::to_string),
        etag: Some("AAAAAAAAAAI=".into()),
    }
}

fn twin(id: &str, model: &str) -> Twin {
    Twin {
        id: id.into(),
        model: Some(model.into()),
        last_update: None,
    }
}

fn twins(list: &[Twin]) -> HashMap<String, Twin> {
    list.iter().map(|t| (t.id.clone(), t.clone())).collect()
}

fn fleet() -> (Vec<Device>, HashMap<String, Twin>) {
    let devices = vec![
        dev("ok-1", Some("ok-1"), Some(T)),
        dev("gone-1", Some("gone-1"), Some(T)),
        dev("mis-1", Some("mis-1"), Some(T)),
        dev("untagged-1", None, None),
        dev("untagged-2", None, Some(T)),
        dev("nomodel-1", Some("nomodel-1"), None),
    ];
    let t = twins(&[
        twin("ok-1", T),
        twin("mis-1", S),
        twin("untagged-1", T),
        twin("nomodel-1", T),
        twin("stray-1", T),
    ]);
    (devices, t)
}

#[test]
fn every_status_from_one_join() {
    let (devices, t) = fleet();
    let rows = join("hub.azure-devices.net", &devices, &t);
    let got: Vec<(&str, Status)> = rows
        .iter()
        .map(|r| (r.device_id.as_deref().unwrap(), r.status))
        .collect();
    assert_eq!(
        got,
        vec![
            ("ok-1", Status::Ok),
            ("gone-1", Status::TwinMissing),
            ("mis-1", Status::ModelMismatch),
            ("untagged-1", Status::NoDtIdTag),
            ("untagged-2", Status::NoDtIdTag),
            ("nomodel-1", Status::NoDtmiTag),
        ]
    );
    let mis = &rows[2];
    assert_eq!(mis.twin_model.as_deref(), Some(S));
    assert_eq!(mis.device_model.as_deref(), Some(T));
    assert_eq!(mis.model.as_deref(), Some(S));
    let hinted = &rows[3];
    assert_eq!(hinted.twin_id, None);
    assert_eq!(hinted.hint_twin_id.as_deref(), Some("untagged-1"));
    assert_eq!(hinted.hint_twin_model.as_deref(), Some(T));
    assert_eq!(rows[4].hint_twin_id, None);
    assert!(!all_ok(&rows));
    assert!(all_ok(&rows[..1]));
    let c = counts(&rows);
    assert_eq!(c["ok"], 1);
    assert_eq!(c["no-dtid-tag"], 2);
    assert_eq!(c["orphan"], 0);
    assert_eq!(c.len(), Status::ALL.len());
}

#[test]
fn lookups_cover_tags_and_hints_once() {
    let devices = vec![
        dev("a", Some("twin-a"), Some(T)),
        dev("b", None, None),
        dev("c", Some("twin-a"), Some(T)),
    ];
    assert_eq!(twin_ids_to_fetch(&devices), vec!["twin-a", "b"]);
}

#[test]
fn orphans_are_unclaimed_twins_of_device_models() {
    let (devices, t) = fleet();
    let rows = join("h", &devices, &t);
    let models = device_models(&rows);
    assert!(models.contains(T) && models.contains(S), "{models:?}");
    // The hinted twin (untagged-1) is claimed by its device, not an orphan.
    let candidates = vec![
        twin("ok-1", T),
        twin("untagged-1", T),
        twin("stray-1", T),
        twin("stray-1", T),
    ];
    let o = orphans(&devices, &candidates);
    assert_eq!(o.len(), 1);
    assert_eq!(o[0].twin_id.as_deref(), Some("stray-1"));
    assert_eq!(o[0].status, Status::Orphan);
    assert_eq!(o[0].device_id, None);
}

#[test]
fn filters_by_status_model_and_glob() {
    let (devices, t) = fleet();
    let mut rows = join("h", &devices, &t);
    rows.extend(orphans(&devices, &[twin("stray-1", T)]));
    let shown = |f: &Filter| -> Vec<String> {
        rows.iter()
            .filter(|r| f.matches(r))
            .map(|r| r.device_id.clone().or(r.twin_id.clone()).unwrap())
            .collect()
    };
    let f = Filter {
        statuses: vec![Status::TwinMissing, Status::Orphan],
        ..Filter::default()
    };
    assert_eq!(shown(&f), vec!["gone-1", "stray-1"]);
    let f = Filter {
        model: Some(S.into()),
        ..Filter::default()
    };
    assert_eq!(shown(&f), vec!["mis-1"]);
    let f = Filter {
        device: Some(Glob::new("untagged-?")),
        ..Filter::default()
    };
    assert_eq!(shown(&f), vec!["untagged-1", "untagged-2"]);
    assert!(f.keeps_device("untagged-9") && !f.keeps_device("ok-1"));
    let f = Filter {
        device: Some(Glob::new("stray*")),
        ..Filter::default()
    };
    assert_eq!(shown(&f), vec!["stray-1"], "orphans match by twin id");
    assert_eq!(shown(&Filter::default()).len(), 7);
}

#[test]
fn last_update_is_the_newest_property_time_including_components() {
    let t = json!({
        "$dtId": "x",
        "$metadata": {
            "$model": T,
            "$lastUpdateTime": "2030-01-01T00:00:00Z",
            "Temperature": {"lastUpdateTime": "2024-05-01T10:00:00.1234567Z"},
            "Humidity": {"lastUpdateTime": "2024-05-01T09:00:00Z"}
        },
        "thermostat": {"$metadata": {"target": {"lastUpdateTime": "2024-05-01T10:00:01Z"}}}
    });
    assert_eq!(last_update(&t).as_deref(), Some("2024-05-01T10:00:01Z"));
    let parsed = Twin::from_adt(&t).unwrap();
    assert_eq!(parsed.model.as_deref(), Some(T));
    let bare = json!({"$dtId": "y", "$metadata": {"$model": T, "$lastUpdateTime": "2024-01-01T00:00:00Z"}});
    assert_eq!(last_update(&bare), None, "creation alone is not an update");
}

#[test]
fn ages_are_short() {
    let now = OffsetDateTime::parse("2024-05-03T10:00:00Z", &Rfc3339).unwrap();
    let cases = [
        ("2024-05-03T09:59:18Z", "42s"),
        ("2024-05-03T09:55:00Z", "5m"),
        ("2024-05-03T07:00:00Z", "3h"),
        ("2024-05-01T10:00:00Z", "2d"),
        ("2024-05-04T10:00:00Z", "0s"),
    ];
    for (ts, want) in cases {
        assert_eq!(age(ts, now).as_deref(), Some(want), "{ts}");
    }
    assert_eq!(age("yesterday", now), None);
}

#[test]
fn registry_twins_parse_tags_ignoring_blank_ones() {
    let d = Device::from_registry(
        &json!({"deviceId": "d", "etag": "e", "tags": {"dtId": "t", "dtmi": " "}}),
    )
    .unwrap();
    assert_eq!(d, dev_with_etag("d", Some("t"), None, "e"));
    assert!(Device::from_registry(&json!({"tags": {}})).is_none());
    let d = Device::from_registry(&json!({"deviceId": "d", "tags": {"dtId": 5}})).unwrap();
    assert_eq!(d.dt_id, None);
}

fn dev_with_etag(id: &str, dt_id: Option<&str>, dtmi: Option<&str>, etag: &str) -> Device {
    Device {
        etag: Some(etag.into()),
        ..dev(id, dt_id, dtmi)
    }
}

#[test]
fn the_fix_plan_creates_twins_sets_tags_and_never_touches_mismatches() {
    let (devices, t) = fleet();
    let mut rows = join("h", &devices, &t);
    rows.extend(orphans(&devices, &[twin("stray-1", T)]));
    let p = plan(&rows);
    let by = |id: &str| {
        p.iter()
            .find(|i| i.device_id.as_deref() == Some(id) || i.twin_id.as_deref() == Some(id))
            .unwrap()
    };
    assert!(p.iter().all(|i| i.device_id.as_deref() != Some("ok-1")));
    assert_eq!(
        by("gone-1").steps,
        vec![Step::CreateTwin {
            twin_id: "gone-1".into(),
            model: T.into()
        }]
    );
    assert!(by("mis-1").steps.is_empty());
    assert!(
        by("mis-1")
            .skipped
            .as_ref()
            .unwrap()
            .contains("never fixed")
    );
    match &by("untagged-1").steps[..] {
        [
            Step::SetTags {
                device_id,
                tags,
                etag,
            },
        ] => {
            assert_eq!(device_id, "untagged-1");
            assert_eq!(tags["dtId"], "untagged-1");
            assert_eq!(tags["dtmi"], T);
            assert_eq!(etag.as_deref(), Some("AAAAAAAAAAI="));
        }
        other => panic!("{other:?}"),
    }
    match &by("untagged-2").steps[..] {
        [
            Step::CreateTwin { twin_id, model },
            Step::SetTags { tags, .. },
        ] => {
            assert_eq!((twin_id.as_str(), model.as_str()), ("untagged-2", T));
            assert_eq!(tags.len(), 1);
            assert_eq!(tags["dtId"], "untagged-2");
        }
        other => panic!("{other:?}"),
    }
    match &by("nomodel-1").steps[..] {
        [Step::SetTags { tags, .. }] => assert_eq!(tags["dtmi"], T),
        other => panic!("{other:?}"),
    }
    assert!(by("stray-1").skipped.is_some());
    assert_eq!(step_count(&p), 5);
    let desc = by("untagged-1").steps[0].describe();
    assert!(desc.contains("dtId=untagged-1"), "{desc}");
}

#[test]
fn unfixable_rows_say_why() {
    let devices = vec![
        dev("a", Some("a"), None),
        dev("b", None, None),
        dev("c", None, Some(S)),
    ];
    let t = twins(&[twin("c", T)]);
    let rows = join("h", &devices, &t);
    let p = plan(&rows);
    assert_eq!(rows[0].status, Status::TwinMissing);
    assert!(p[0].skipped.as_ref().unwrap().contains("no dtmi tag"));
    assert!(p[1].skipped.as_ref().unwrap().contains("re-provision"));
    assert!(p[2].skipped.as_ref().unwrap().contains("mismatch"), "{p:?}");
    assert_eq!(step_count(&p), 0);
}

#[test]
fn queries_quote_only_safe_ids() {
    assert!(query_safe("thermo-1") && query_safe("a:b;c@d"));
    assert!(!query_safe("it's") && !query_safe("a\"b") && !query_safe("a\\b") && !query_safe(""));
    assert_eq!(
        twins_by_id_query(&["a".into(), "b".into()]),
        "SELECT * FROM digitaltwins WHERE $dtId IN ['a', 'b']"
    );
    assert!(
        twins_of_model_query(T)
            .unwrap()
            .ends_with(&format!("= '{T}'"))
    );
    assert_eq!(twins_of_model_query("x'y"), None);
}

#[test]
fn json_rows_use_stable_keys() {
    let rows = join("h", &[dev("d", None, None)], &HashMap::new());
    let v = serde_json::to_value(&rows[0]).unwrap();
    assert_eq!(v["status"], "no-dtid-tag");
    assert!(v.get("etag").is_none());
    assert!(v.get("hint_twin_id").is_none());
    assert_eq!(v["twin_id"], Value::Null);
}

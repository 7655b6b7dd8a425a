//! The lifecycle engine against the emulator: delete (relationships both ways, all pages),
//! detach, log, --allow-model, repeated delivery, RelationshipsNotDeleted retries, event shapes.
use super::support::*;
use axum::http::Method;
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use twinbridge::adt::{AdtClient, CascadeOptions};
use twinbridge::emulator::{Emulator, EmulatorConfig};
use twinbridge::events::Event;
use twinbridge::events::outcome::Outcomes;
use twinbridge::lifecycle::engine::{LifecycleEngine, LifecycleOptions, OnCreate, OnDelete};

fn delete_event(device: &str, seq: i64, tags: Value) -> Event {
    let mut e = Event::json(
        &json!({"deviceId": device, "etag": "AAAAAAAAAAM=", "version": 4, "tags": tags}),
    );
    for (k, v) in [
        ("opType", "deleteDeviceIdentity"),
        ("deviceId", device),
        ("hubName", "myhub"),
        ("iothub-message-schema", "deviceLifecycleNotification"),
    ] {
        e.properties.insert(k.into(), json!(v));
    }
    e.system_properties
        .insert("iothub-connection-device-id".into(), json!(device));
    e.system_properties.insert(
        "iothub-message-source".into(),
        json!("deviceLifecycleEvents"),
    );
    e.partition = Some("0".into());
    e.sequence_number = Some(seq);
    e
}

fn opts(on_delete: OnDelete) -> LifecycleOptions {
    LifecycleOptions {
        on_delete,
        on_create: OnCreate::Ignore,
        // every model: an empty allow-list allows nothing
        allow_models: vec!["*".into()],
        modules: false,
        dry_run: false,
        concurrency: 4,
        cascade: CascadeOptions {
            not_deleted_attempts: 4,
            not_deleted_backoff: std::time::Duration::from_millis(10),
            parallelism: 4,
        },
    }
}

/// An emulator whose relationship lists page by 2, with the sample's models, and a device twin
/// with 3 outgoing and 2 incoming relationships.
async fn graph() -> (Emulator, AdtClient) {
    let mut cfg = EmulatorConfig::for_tests();
    cfg.list_page_size = 2;
    let emu = Emulator::start(cfg).await.unwrap();
    let adt = client_for(&emu.adt_url());
    adt.create_models(&sample_models()).await.unwrap();
    adt.put_twin("thermo-1", &thermostat(20.0), false)
        .await
        .unwrap();
    adt.put_twin("room", &space(), false).await.unwrap();
    for i in 0..3 {
        adt.put_twin(&format!("other-{i}"), &thermostat(0.0), false)
            .await
            .unwrap();
        adt.put_relationship(
            "thermo-1",
            &format!("serves-{i}"),
            &json!({"$targetId": format!("other-{i}"), "$relationshipName": "serves"}),
            false,
        )
        .await
        .unwrap();
    }
    adt.put_relationship(
        "room",
        "contains-thermo",
        &json!({"$targetId": "thermo-1", "$relationshipName": "contains"}),
        false,
    )
    .await
    .unwrap();
    adt.put_relationship(
        "other-0",
        "serves-thermo",
        &json!({"$targetId": "thermo-1", "$relationshipName": "serves"}),
        false,
    )
    .await
    .unwrap();
    (emu, adt)
}

#[tokio::test]
async fn delete_removes_every_relationship_then_the_twin_and_repeats_harmlessly() {
    let (emu, adt) = graph().await;
    let eng = LifecycleEngine::new(adt.clone(), opts(OnDelete::Delete));
    let out = Outcomes::new(None);
    let e = delete_event(
        "thermo-1",
        0,
        json!({"dtId": "thermo-1", "dtmi": THERMOSTAT}),
    );
    out.delivered(std::slice::from_ref(&e));
    let actions = eng.handle(vec![e.clone()], &out).await.unwrap();
    assert_eq!(actions[0].result, "ok", "{actions:?}");
    assert!(
        actions[0].detail.contains("3 outgoing + 2 incoming"),
        "{}",
        actions[0].detail
    );
    assert!(adt.get_twin("thermo-1").await.unwrap_err().is_not_found());
    assert!(
        adt.list_relationships("room", None)
            .await
            .unwrap()
            .is_empty()
    );
    // a second delivery of the same event
    let mut again = e.clone();
    again.sequence_number = Some(1);
    out.delivered(std::slice::from_ref(&again));
    let actions = eng.handle(vec![again], &out).await.unwrap();
    assert_eq!(actions[0].result, "gone");
    assert_eq!(out.tracker.lock().unwrap().outstanding(), 0);
    emu.stop().await;
}

#[tokio::test]
async fn detach_keeps_the_twin_and_log_changes_nothing() {
    let (emu, adt) = graph().await;
    let detach = OnDelete::Detach {
        path: "/FirmwareVersion".into(),
        value: json!("deleted"),
    };
    let eng = LifecycleEngine::new(adt.clone(), opts(detach));
    let out = Outcomes::new(None);
    let e = delete_event("thermo-1", 0, json!({"dtId": "thermo-1"}));
    out.delivered(std::slice::from_ref(&e));
    let a = eng.handle(vec![e.clone()], &out).await.unwrap();
    assert_eq!(
        (a[0].action.as_str(), a[0].result.as_str()),
        ("detach", "ok"),
        "{a:?}"
    );
    let twin = adt.get_twin("thermo-1").await.unwrap();
    assert_eq!(twin["FirmwareVersion"], "deleted");
    assert!(
        adt.list_relationships("thermo-1", None)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        adt.list_incoming_relationships("thermo-1")
            .await
            .unwrap()
            .is_empty()
    );
    emu.stop().await;

    let (emu, adt) = graph().await;
    let eng = LifecycleEngine::new(adt.clone(), opts(OnDelete::Log));
    let out = Outcomes::new(None);
    out.delivered(std::slice::from_ref(&e));
    let a = eng.handle(vec![e], &out).await.unwrap();
    assert_eq!(a[0].action, "log");
    assert_eq!(
        adt.list_relationships("thermo-1", None)
            .await
            .unwrap()
            .len(),
        3,
        "log touched nothing"
    );
    emu.stop().await;
}

#[tokio::test]
async fn allow_model_protects_other_twins_and_dry_run_touches_nothing() {
    let (emu, adt) = graph().await;
    let mut o = opts(OnDelete::Delete);
    o.allow_models = vec!["dtmi:contosocom:DigitalTwins:Thermostat;*".into()];
    let dir = tempfile::tempdir().unwrap();
    let dl = dir.path().join("dl.ndjson");
    let out = Outcomes::new(Some(
        twinbridge::events::deadletter::DeadLetters::open(&dl).unwrap(),
    ));
    let eng = LifecycleEngine::new(adt.clone(), o.clone());
    // a device that happens to share its id with a Space twin
    let e = delete_event("room", 0, json!({}));
    out.delivered(std::slice::from_ref(&e));
    let a = eng.handle(vec![e], &out).await.unwrap();
    assert_eq!(a[0].result, "dead-lettered");
    assert!(adt.get_twin("room").await.is_ok(), "the Space survived");
    assert!(
        std::fs::read_to_string(&dl)
            .unwrap()
            .contains("--allow-model")
    );
    o.dry_run = true;
    let eng = LifecycleEngine::new(adt.clone(), o);
    let e = delete_event("thermo-1", 1, json!({"dtId": "thermo-1"}));
    out.delivered(std::slice::from_ref(&e));
    let a = eng.handle(vec![e], &out).await.unwrap();
    assert_eq!(
        (a[0].action.as_str(), a[0].result.as_str()),
        ("would delete", "dry-run")
    );
    assert!(
        a[0].detail.contains("3 outgoing + 2 incoming"),
        "{}",
        a[0].detail
    );
    assert!(adt.get_twin("thermo-1").await.is_ok());
    emu.stop().await;
}

#[tokio::test]
async fn relationships_not_deleted_twice_then_accepted() {
    let (emu, _) = graph().await;
    let refusals = Arc::new(AtomicUsize::new(0));
    let r = refusals.clone();
    let url = fault_proxy(
        emu.adt_url(),
        Arc::new(move |m, path| {
            (*m == Method::DELETE && path == "/digitaltwins/thermo-1" && r.fetch_add(1, Ordering::SeqCst) < 2).then(|| {
                (400, json!({"error": {"code": "RelationshipsNotDeleted", "message": "Twin thermo-1 has active relationships."}}))
            })
        }),
    )
    .await;
    let adt = client_for(&url);
    let eng = LifecycleEngine::new(adt.clone(), opts(OnDelete::Delete));
    let out = Outcomes::new(None);
    let e = delete_event("thermo-1", 0, json!({"dtId": "thermo-1"}));
    out.delivered(std::slice::from_ref(&e));
    let a = eng.handle(vec![e], &out).await.unwrap();
    assert_eq!(a[0].result, "ok", "{a:?}");
    assert!(a[0].detail.contains("retried 2x"), "{}", a[0].detail);
    assert!(adt.get_twin("thermo-1").await.unwrap_err().is_not_found());
    emu.stop().await;
}

#[tokio::test]
async fn event_shapes_are_handled_as_specified() {
    let (emu, adt) = graph().await;
    let mut o = opts(OnDelete::Delete);
    o.on_create = OnCreate::EnsureTwin;
    let eng = LifecycleEngine::new(adt.clone(), o);
    let out = Outcomes::new(None);
    // module delete (both forms) is ignored without --modules
    let mut module_a = delete_event("thermo-1", 0, json!({"dtId": "thermo-1"}));
    module_a.properties.insert("moduleId".into(), json!("m1"));
    let mut module_b = delete_event("thermo-1", 1, json!({"dtId": "thermo-1"}));
    module_b
        .properties
        .insert("opType".into(), json!("deleteModuleIdentity"));
    module_b.properties.insert("moduleId".into(), json!("m1"));
    // a twin-change event routed to the same hub
    let mut twin_change = Event::json(&json!({"version": 7, "tags": {"x": 1}}));
    twin_change
        .properties
        .insert("opType".into(), json!("updateTwin"));
    twin_change.partition = Some("0".into());
    twin_change.sequence_number = Some(2);
    // a create with tags.dtmi ensures the twin
    let mut create = delete_event("new-dev", 3, json!({"dtId": "new-dev", "dtmi": THERMOSTAT}));
    create
        .properties
        .insert("opType".into(), json!("createDeviceIdentity"));
    // a delete with a body that is not JSON: the deviceId property names the twin
    let mut not_json = delete_event("other-2", 4, json!({}));
    not_json.body = b"\x00garbage".to_vec();
    let events = vec![module_a, module_b, twin_change, create, not_json];
    out.delivered(&events);
    let a = eng.handle(events, &out).await.unwrap();
    let by_seq = |n: i64| a.iter().find(|x| x.sequence_number == n).unwrap();
    assert_eq!(by_seq(0).result, "skipped");
    assert!(by_seq(1).detail.contains("--modules"));
    assert_eq!(by_seq(2).detail, "twin-change event");
    assert_eq!(
        (by_seq(3).action.as_str(), by_seq(3).result.as_str()),
        ("create", "ok")
    );
    assert_eq!(
        adt.get_twin("new-dev").await.unwrap()["$metadata"]["$model"],
        THERMOSTAT
    );
    assert_eq!(by_seq(4).result, "ok", "{:?}", by_seq(4));
    assert!(adt.get_twin("other-2").await.unwrap_err().is_not_found());
    assert!(
        adt.get_twin("thermo-1").await.is_ok(),
        "module events did not touch the device twin"
    );
    assert_eq!(out.tracker.lock().unwrap().outstanding(), 0);
    emu.stop().await;
}

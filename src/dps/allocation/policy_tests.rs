//! Unit tests of the pure policy: templates, patterns, hub selection, response shape.
use super::*;
use serde_json::json;

fn req(v: Value) -> AllocationRequest {
    AllocationRequest::from_value(v, false).expect("valid request")
}

fn device(id: &str, model: Option<&str>, hubs: &[&str]) -> AllocationRequest {
    let mut ctx = json!({ "registrationId": id });
    if let Some(m) = model {
        ctx["payload"] = json!({ "modelId": m });
    }
    req(json!({ "deviceRuntimeContext": ctx, "linkedHubs": hubs }))
}

fn allow_all() -> AllocationPolicy {
    AllocationPolicy {
        allowed_models: vec![ModelPattern::Any],
        ..AllocationPolicy::default()
    }
}

static TURN: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
const T: &str = "dtmi:contosocom:DigitalTwins:Thermostat;2";

#[test]
fn model_patterns() {
    assert_eq!(ModelPattern::parse("*").unwrap(), ModelPattern::Any);
    let p = ModelPattern::parse("dtmi:contosocom:*").unwrap();
    assert!(p.matches(T) && !p.matches("dtmi:other:X;1"));
    let e = ModelPattern::parse(T).unwrap();
    assert!(e.matches(T) && !e.matches("dtmi:contosocom:DigitalTwins:Thermostat;3"));
    assert!(ModelPattern::parse("contosocom:*").is_err());
    assert!(ModelPattern::parse("dtmi:a*b").is_err());
    assert!(ModelPattern::parse("dtmi:bad segment;1").is_err());
    assert_eq!(p.to_string(), "dtmi:contosocom:*");
}

#[test]
fn twin_id_template_renders_and_validates() {
    let r = req(json!({
        "enrollmentGroup": { "enrollmentGroupId": "floor3" },
        "deviceRuntimeContext": { "registrationId": "dev-7", "payload": { "room": "r12", "n": 4 } },
        "linkedHubs": ["h"]
    }));
    let t = TwinIdTemplate::parse(
        "{enrollmentGroupId}-{registrationId}-{payload.room}-{payload.n}{{x}}",
    )
    .unwrap();
    assert_eq!(t.render(&r).unwrap(), "floor3-dev-7-r12-4{x}");
    assert_eq!(TwinIdTemplate::default().render(&r).unwrap(), "dev-7");
    assert!(
        TwinIdTemplate::parse("{nope}")
            .unwrap_err()
            .contains("unknown placeholder")
    );
    assert!(TwinIdTemplate::parse("a}b").is_err());
    assert!(TwinIdTemplate::parse("").is_err());
    let missing = TwinIdTemplate::parse("{payload.absent}").unwrap();
    assert!(matches!(
        missing.render(&r),
        Err(AllocationError::InvalidTwinId { .. })
    ));
    // a payload value that makes an invalid twin id is refused
    let r2 = req(json!({
        "deviceRuntimeContext": { "registrationId": "d", "payload": { "room": "a/b" } },
        "linkedHubs": ["h"]
    }));
    let t2 = TwinIdTemplate::parse("{payload.room}").unwrap();
    let err = t2.render(&r2).unwrap_err();
    assert_eq!(err.status(), 400);
    assert!(err.to_string().contains("'/'"), "{err}");
}

#[test]
fn plan_takes_payload_model_else_default_and_checks_allow_list() {
    let mut p = AllocationPolicy {
        allowed_models: vec![ModelPattern::parse("dtmi:contosocom:*").unwrap()],
        ..AllocationPolicy::default()
    };
    let plan = p.plan(&device("d1", Some(T), &["h"])).unwrap();
    assert_eq!(plan.model, T);
    assert_eq!(plan.twin_id, "d1");
    assert!(matches!(
        p.plan(&device("d1", None, &["h"])),
        Err(AllocationError::NoModel)
    ));
    p.default_model = Some(T.into());
    assert_eq!(p.plan(&device("d1", None, &["h"])).unwrap().model, T);
    let refused = p
        .plan(&device("d1", Some("dtmi:evil:Thing;1"), &["h"]))
        .unwrap_err();
    assert_eq!(refused.status(), 403);
    assert!(
        refused.to_string().contains("dtmi:contosocom:*"),
        "{refused}"
    );
    let not_dtmi = p
        .plan(&device("d1", Some("thermostat"), &["h"]))
        .unwrap_err();
    assert_eq!(not_dtmi.status(), 400);
    assert!(not_dtmi.to_string().contains("DTMI"), "{not_dtmi}");
    // the default policy allows nothing
    let none = AllocationPolicy::default()
        .plan(&device("d1", Some(T), &["h"]))
        .unwrap_err();
    assert!(none.to_string().contains("none configured"), "{none}");
}

#[test]
fn hub_selection_policies() {
    let hubs = [
        "a.azure-devices.net",
        "b.azure-devices.net",
        "c.azure-devices.net",
    ];
    let mut p = allow_all();
    p.hub_policy = HubPolicy::First;
    assert_eq!(
        p.select_hub(&device("d", Some(T), &hubs), T, &TURN)
            .unwrap(),
        hubs[0]
    );

    p.hub_policy = HubPolicy::Hash;
    let mut seen = std::collections::HashSet::new();
    for i in 0..60 {
        let r = device(&format!("dev-{i}"), Some(T), &hubs);
        let h = p.select_hub(&r, T, &TURN).unwrap();
        assert_eq!(h, p.select_hub(&r, T, &TURN).unwrap(), "stable");
        // stable under reordering of the linked hubs
        let rev: Vec<&str> = hubs.iter().rev().copied().collect();
        assert_eq!(
            h,
            p.select_hub(&device(&format!("dev-{i}"), Some(T), &rev), T, &TURN)
                .unwrap()
        );
        seen.insert(h);
    }
    assert_eq!(seen.len(), 3, "hash spreads devices over every hub");

    p.hub_policy = HubPolicy::RoundRobin;
    let picks: Vec<String> = (0..3)
        .map(|_| {
            p.select_hub(&device("d", Some(T), &hubs), T, &TURN)
                .unwrap()
        })
        .collect();
    let mut sorted = picks.clone();
    sorted.sort();
    assert_eq!(sorted, hubs.to_vec());

    p.hub_policy = HubPolicy::Map(vec![(
        ModelPattern::parse(T).unwrap(),
        "C.azure-devices.net".into(),
    )]);
    assert_eq!(
        p.select_hub(&device("d", Some(T), &hubs), T, &TURN)
            .unwrap(),
        hubs[2]
    );
    let other = "dtmi:x:Y;1";
    assert!(
        hubs.contains(
            &p.select_hub(&device("d", Some(other), &hubs), other, &TURN)
                .unwrap()
                .as_str()
        )
    );
    p.hub_policy = HubPolicy::Map(vec![
        (ModelPattern::Any, "a.azure-devices.net".into()),
        (
            ModelPattern::parse("dtmi:contosocom:*").unwrap(),
            "b.azure-devices.net".into(),
        ),
        (
            ModelPattern::parse("dtmi:contosocom:DigitalTwins:*").unwrap(),
            "c.azure-devices.net".into(),
        ),
    ]);
    assert_eq!(
        p.select_hub(&device("d", Some(T), &hubs), T, &TURN)
            .unwrap(),
        hubs[2],
        "longest prefix wins"
    );
    let o = "dtmi:contosocom:Other;1";
    assert_eq!(
        p.select_hub(&device("d", Some(o), &hubs), o, &TURN)
            .unwrap(),
        hubs[1]
    );
    assert_eq!(
        p.select_hub(&device("d", Some(other), &hubs), other, &TURN)
            .unwrap(),
        hubs[0]
    );
    p.hub_policy = HubPolicy::Map(vec![(ModelPattern::Any, "z.azure-devices.net".into())]);
    let e = p
        .select_hub(&device("d", Some(T), &hubs), T, &TURN)
        .unwrap_err();
    assert_eq!(e.status(), 422);
}

#[test]
fn re_registering_device_stays_on_its_hub_while_linked() {
    let mut p = allow_all();
    p.hub_policy = HubPolicy::First;
    let r = req(json!({
        "deviceRuntimeContext": { "registrationId": "d", "currentIotHubHostName": "b.azure-devices.net" },
        "linkedHubs": ["a.azure-devices.net", "b.azure-devices.net"]
    }));
    assert_eq!(p.select_hub(&r, T, &TURN).unwrap(), "b.azure-devices.net");
    p.sticky_hub = false;
    assert_eq!(p.select_hub(&r, T, &TURN).unwrap(), "a.azure-devices.net");
    p.sticky_hub = true;
    let unlinked = req(json!({
        "deviceRuntimeContext": { "registrationId": "d", "currentIotHubHostName": "gone.azure-devices.net" },
        "linkedHubs": ["a.azure-devices.net"]
    }));
    assert_eq!(
        p.select_hub(&unlinked, T, &TURN).unwrap(),
        "a.azure-devices.net"
    );
}

#[test]
fn response_has_the_documented_shape() {
    let mut p = allow_all();
    p.response_payload = false;
    let r = p.response("dev1", T, "h.azure-devices.net");
    assert_eq!(
        serde_json::to_value(&r).unwrap(),
        json!({
            "iotHubHostName": "h.azure-devices.net",
            "initialTwin": { "tags": { "dtmi": T, "dtId": "dev1" }, "properties": { "desired": {} } }
        })
    );
    p.response_payload = true;
    p.extra_tags.insert("site".into(), json!("north"));
    p.extra_tags.insert("dtId".into(), json!("ignored"));
    p.desired_properties.insert("interval".into(), json!(5));
    let v = serde_json::to_value(p.response("dev1", T, "h")).unwrap();
    assert_eq!(
        v["initialTwin"]["tags"],
        json!({ "dtmi": T, "dtId": "dev1", "site": "north" })
    );
    assert_eq!(
        v["initialTwin"]["properties"]["desired"],
        json!({ "interval": 5 })
    );
    assert_eq!(v["payload"], json!({ "dtId": "dev1", "dtmi": T }));
}

#[test]
fn parent_sources() {
    assert_eq!(
        ParentSource::parse("payload.parentId").unwrap(),
        ParentSource::Payload("parentId".into())
    );
    assert_eq!(
        ParentSource::parse("twin:floor-1").unwrap(),
        ParentSource::Twin("floor-1".into())
    );
    assert!(ParentSource::parse("parentId").is_err());
    assert!(ParentSource::parse("twin:").is_err());
    let mut p = allow_all();
    p.parent = Some(ParentSource::Payload("parentId".into()));
    let r = req(json!({
        "deviceRuntimeContext": { "registrationId": "d", "payload": { "modelId": T, "parentId": "room-1" } },
        "linkedHubs": ["h"]
    }));
    assert_eq!(p.plan(&r).unwrap().parent.as_deref(), Some("room-1"));
    assert_eq!(p.plan(&device("d", Some(T), &["h"])).unwrap().parent, None);
    let bad = req(json!({
        "deviceRuntimeContext": { "registrationId": "d", "payload": { "modelId": T, "parentId": 3 } },
        "linkedHubs": ["h"]
    }));
    assert_eq!(p.plan(&bad).unwrap_err().status(), 400);
}

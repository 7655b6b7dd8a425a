//! The allocation logic against the real emulator: create, reuse, mismatch policies, allow-list
//! and unknown-model refusals, hub policies, parent relationships, concurrent duplicates, bad
//! input writing nothing, ADT throttling becoming 429, and the protocol reference's requests.
use super::support::*;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;
use twinbridge::adt::AdtClient;
use twinbridge::dps::allocation::{
    AllocationError, AllocationPolicy, AllocationRequest, Allocator, HubPolicy, MismatchPolicy,
    ModelPattern, ParentLink, ParentSource, TwinAction, allocate,
};

const HUB1: &str = "hub1.azure-devices.net";
const HUB2: &str = "hub2.azure-devices.net";

pub fn policy() -> AllocationPolicy {
    AllocationPolicy {
        allowed_models: vec![ModelPattern::parse("dtmi:contosocom:*").unwrap()],
        ..AllocationPolicy::default()
    }
}

pub fn request(id: &str, payload: Value) -> AllocationRequest {
    AllocationRequest::from_value(
        json!({
            "enrollmentGroup": { "enrollmentGroupId": "group1", "allocationPolicy": "custom" },
            "deviceRuntimeContext": { "registrationId": id, "symmetricKey": {}, "payload": payload },
            "linkedHubs": [HUB1, HUB2]
        }),
        false,
    )
    .expect("valid request")
}

fn thermo(id: &str) -> AllocationRequest {
    request(id, json!({ "modelId": THERMOSTAT }))
}

async fn twin_count(adt: &AdtClient) -> usize {
    adt.query_all("SELECT * FROM digitaltwins", None, None, |_, _| {})
        .await
        .unwrap()
        .0
        .len()
}

#[tokio::test]
async fn first_registration_creates_the_twin_with_the_documented_response() {
    let (emu, adt) = sample_instance().await;
    let mut p = policy();
    p.hub_policy = HubPolicy::First;
    p.response_payload = false;
    let a = allocate(&thermo("thermostat-67"), &p, &adt).await.unwrap();
    assert_eq!(a.action, TwinAction::Created);
    assert_eq!(
        serde_json::to_value(&a.response).unwrap(),
        json!({
            "iotHubHostName": HUB1,
            "initialTwin": {
                "tags": { "dtmi": THERMOSTAT, "dtId": "thermostat-67" },
                "properties": { "desired": {} }
            }
        })
    );
    let twin = adt.get_twin("thermostat-67").await.unwrap();
    assert_eq!(twin["$metadata"]["$model"], THERMOSTAT);
    // with the default payload, the device learns its twin id
    let a = allocate(&thermo("thermostat-68"), &policy(), &adt)
        .await
        .unwrap();
    assert_eq!(
        a.response.payload,
        Some(json!({ "dtId": "thermostat-68", "dtmi": THERMOSTAT }))
    );
    emu.stop().await;
}

#[tokio::test]
async fn re_registration_reuses_the_twin() {
    let (emu, adt) = sample_instance().await;
    let first = allocate(&thermo("dev-r"), &policy(), &adt).await.unwrap();
    let etag = adt.get_twin("dev-r").await.unwrap()["$etag"].clone();
    let again = allocate(&thermo("dev-r"), &policy(), &adt).await.unwrap();
    assert_eq!(again.action, TwinAction::Reused);
    assert_eq!(again.adt_calls, 1, "one GET, no write");
    assert_eq!(first.response, again.response);
    assert_eq!(
        adt.get_twin("dev-r").await.unwrap()["$etag"],
        etag,
        "twin untouched"
    );
    // a cached allocator answers from the cache without calling ADT
    let alloc = Allocator::new(policy(), adt.clone());
    alloc.allocate(&thermo("dev-r")).await.unwrap();
    let hit = alloc.allocate(&thermo("dev-r")).await.unwrap();
    assert!(hit.cached && hit.adt_calls == 0 && hit.action == TwinAction::Reused);
    emu.stop().await;
}

#[tokio::test]
async fn model_mismatch_under_each_policy() {
    let (emu, adt) = sample_instance().await;
    adt.put_twin("dev-m", &space(), false).await.unwrap();
    let req = thermo("dev-m");

    let err = allocate(&req, &policy(), &adt).await.unwrap_err();
    assert_eq!(err.status(), 409);
    let msg = err.to_string();
    assert!(msg.contains(SPACE) && msg.contains(THERMOSTAT), "{msg}");
    assert_eq!(
        adt.get_twin("dev-m").await.unwrap()["$metadata"]["$model"],
        SPACE
    );

    let mut keep = policy();
    keep.on_model_mismatch = MismatchPolicy::Keep;
    let a = allocate(&req, &keep, &adt).await.unwrap();
    assert_eq!(a.action, TwinAction::Kept);
    assert_eq!(a.model, SPACE);
    assert_eq!(a.response.initial_twin.unwrap().tags["dtmi"], SPACE);
    assert_eq!(
        adt.get_twin("dev-m").await.unwrap()["$metadata"]["$model"],
        SPACE
    );

    let mut replace = policy();
    replace.on_model_mismatch = MismatchPolicy::Replace;
    let a = allocate(&req, &replace, &adt).await.unwrap();
    assert_eq!(a.action, TwinAction::Replaced);
    assert_eq!(
        adt.get_twin("dev-m").await.unwrap()["$metadata"]["$model"],
        THERMOSTAT
    );
    emu.stop().await;
}

#[tokio::test]
async fn disallowed_and_unknown_models_are_refused_and_nothing_is_created() {
    let (emu, adt) = sample_instance().await;
    let mut p = policy();
    p.allowed_models = vec![ModelPattern::parse(THERMOSTAT).unwrap()];
    let err = allocate(&request("dev-x", json!({ "modelId": SPACE })), &p, &adt)
        .await
        .unwrap_err();
    assert!(matches!(err, AllocationError::ModelNotAllowed { .. }));
    assert_eq!(err.status(), 403);

    let unknown = "dtmi:contosocom:DigitalTwins:Toaster;1";
    let err = allocate(
        &request("dev-y", json!({ "modelId": unknown })),
        &policy(),
        &adt,
    )
    .await
    .unwrap_err();
    assert!(matches!(err, AllocationError::UnknownModel { .. }), "{err}");
    assert_eq!(err.status(), 422);
    assert!(err.to_string().contains(unknown));
    assert_eq!(twin_count(&adt).await, 0, "no twin was created");
    emu.stop().await;
}

#[tokio::test]
async fn hub_policies_against_the_emulator() {
    let (emu, adt) = sample_instance().await;
    let mut p = policy();
    p.hub_policy = HubPolicy::Hash;
    let mut hubs = std::collections::HashSet::new();
    for i in 0..20 {
        let id = format!("hash-{i}");
        let a = allocate(&thermo(&id), &p, &adt).await.unwrap();
        let b = allocate(&thermo(&id), &p, &adt).await.unwrap();
        assert_eq!(a.hub, b.hub, "a device keeps its hub");
        hubs.insert(a.hub);
    }
    assert_eq!(hubs.len(), 2);

    p.hub_policy = HubPolicy::RoundRobin;
    let alloc = Allocator::new(p.clone(), adt.clone());
    let a = alloc.allocate(&thermo("rr-1")).await.unwrap().hub;
    let b = alloc.allocate(&thermo("rr-2")).await.unwrap().hub;
    assert_ne!(a, b);

    p.hub_policy = HubPolicy::Map(vec![(ModelPattern::parse(SPACE).unwrap(), HUB2.into())]);
    let a = allocate(&request("map-1", json!({ "modelId": SPACE })), &p, &adt)
        .await
        .unwrap();
    assert_eq!(a.hub, HUB2);

    // a re-registering device stays where it is, unless sticky-hub is off
    p.hub_policy = HubPolicy::First;
    let mut raw = thermo("sticky").raw;
    raw["deviceRuntimeContext"]["currentIotHubHostName"] = json!(HUB2);
    let req = AllocationRequest::from_value(raw, false).unwrap();
    assert_eq!(allocate(&req, &p, &adt).await.unwrap().hub, HUB2);
    p.sticky_hub = false;
    assert_eq!(allocate(&req, &p, &adt).await.unwrap().hub, HUB1);
    emu.stop().await;
}

#[tokio::test]
async fn parent_relationship_is_created_when_the_parent_exists() {
    let (emu, adt) = sample_instance().await;
    adt.put_twin("room-1", &space(), false).await.unwrap();
    let mut p = policy();
    p.parent = Some(ParentSource::Payload("parentId".into()));
    let with_parent =
        |id: &str, parent: &str| request(id, json!({ "modelId": THERMOSTAT, "parentId": parent }));
    let a = allocate(&with_parent("t-1", "room-1"), &p, &adt)
        .await
        .unwrap();
    assert_eq!(a.parent, Some(("room-1".into(), ParentLink::Linked)));
    let rels = adt
        .list_relationships("room-1", Some("contains"))
        .await
        .unwrap();
    assert_eq!(rels.len(), 1);
    assert_eq!(rels[0]["$targetId"], "t-1");
    assert_eq!(rels[0]["$relationshipId"], "contains-t-1");

    let again = allocate(&with_parent("t-1", "room-1"), &p, &adt)
        .await
        .unwrap();
    assert_eq!(
        again.parent,
        Some(("room-1".into(), ParentLink::AlreadyLinked))
    );
    assert_eq!(
        adt.list_relationships("room-1", None).await.unwrap().len(),
        1
    );

    let missing = allocate(&with_parent("t-2", "no-such-room"), &p, &adt)
        .await
        .unwrap();
    assert_eq!(
        missing.parent,
        Some(("no-such-room".into(), ParentLink::ParentMissing))
    );
    assert_eq!(
        missing.action,
        TwinAction::Created,
        "allocated without the parent"
    );

    // a relationship the parent's model does not define is refused (422)
    let mut wrong = p.clone();
    wrong.parent_relationship = "feeds".into();
    let err = allocate(&with_parent("t-3", "room-1"), &wrong, &adt)
        .await
        .unwrap_err();
    assert_eq!(err.status(), 422, "{err}");
    assert!(err.to_string().contains("feeds"), "{err}");

    // a fixed parent twin for every device
    p.parent = Some(ParentSource::parse("twin:room-1").unwrap());
    allocate(&thermo("t-4"), &p, &adt).await.unwrap();
    assert_eq!(
        adt.list_relationships("room-1", None).await.unwrap().len(),
        2
    );
    emu.stop().await;
}

#[tokio::test]
async fn fifty_concurrent_duplicate_registrations_create_one_twin() {
    let (emu, adt) = sample_instance().await;
    let alloc = Arc::new(Allocator::new(policy(), adt.clone()));
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let alloc = alloc.clone();
            tokio::spawn(async move { alloc.allocate(&thermo("dup-1")).await })
        })
        .collect();
    let mut created = 0;
    for t in tasks {
        let a = t.await.unwrap().expect("every duplicate succeeds");
        assert_eq!(a.twin_id, "dup-1");
        if a.action == TwinAction::Created {
            created += 1;
        }
    }
    assert_eq!(created, 1);
    let puts: u64 = alloc
        .stats()
        .adt_calls()
        .iter()
        .filter(|(op, _, _)| *op == "put_twin")
        .map(|(_, _, n)| n)
        .sum();
    assert_eq!(puts, 1, "one PUT for fifty registrations");
    assert_eq!(twin_count(&adt).await, 1);

    // two replicas (no shared cache) racing on the same id: both succeed, one twin
    let (a, b) = (
        Allocator::new(policy(), adt.clone()).with_cache_ttl(Duration::ZERO),
        Allocator::new(policy(), adt.clone()).with_cache_ttl(Duration::ZERO),
    );
    let req = thermo("dup-2");
    let (ra, rb) = tokio::join!(a.allocate(&req), b.allocate(&req));
    let actions = [ra.unwrap().action, rb.unwrap().action];
    assert_eq!(
        actions
            .iter()
            .filter(|x| **x == TwinAction::Created)
            .count(),
        1
    );
    assert_eq!(twin_count(&adt).await, 2);
    emu.stop().await;
}

#[tokio::test]
async fn a_burst_of_new_devices_looks_their_model_up_once() {
    let (emu, adt) = sample_instance().await;
    let alloc = Arc::new(Allocator::new(policy(), adt.clone()));
    let tasks: Vec<_> = (0..40)
        .map(|i| {
            let alloc = alloc.clone();
            tokio::spawn(async move { alloc.allocate(&thermo(&format!("burst-{i}"))).await })
        })
        .collect();
    for t in tasks {
        assert_eq!(
            t.await
                .unwrap()
                .expect("every new device is allocated")
                .action,
            TwinAction::Created
        );
    }
    let calls = |op: &str| -> u64 {
        alloc
            .stats()
            .adt_calls()
            .iter()
            .filter(|(o, _, _)| *o == op)
            .map(|(_, _, n)| n)
            .sum()
    };
    assert_eq!(
        calls("get_model"),
        1,
        "single-flight: {:?}",
        alloc.stats().adt_calls()
    );
    assert_eq!(calls("put_twin"), 40);
    assert_eq!(twin_count(&adt).await, 40);
    emu.stop().await;
}

#[tokio::test]
async fn bad_input_gets_4xx_and_writes_nothing() {
    let (emu, adt) = sample_instance().await;
    let alloc = Allocator::new(policy(), adt.clone());
    let cases: Vec<(&[u8], &str)> = vec![
        (b"{not json", "not valid JSON"),
        (br#"{"deviceRuntimeContext":{},"linkedHubs":["h"]}"#, "registrationId is missing"),
        (br#"{"deviceRuntimeContext":{"registrationId":"d1"},"linkedHubs":[]}"#, "linkedHubs is empty"),
        (br#"{"deviceRuntimeContext":{"registrationId":"bad id!"},"linkedHubs":["h"]}"#, "DPS allows only"),
        (br#"{"deviceRuntimeContext":{"registrationId":"d1","payload":{"modelId":"thermostat"}},"linkedHubs":["h"]}"#, "not a DTMI"),
        (br#"{"deviceRuntimeContext":{"registrationId":"d1","payload":{"modelId":7}},"linkedHubs":["h"]}"#, "must be a DTMI string"),
    ];
    for (body, needle) in cases {
        let err = alloc.allocate_json(body).await.unwrap_err();
        assert!((400..429).contains(&err.status()), "{err}");
        assert!(err.to_string().contains(needle), "{needle}: {err}");
    }
    // An undocumented field: refused in strict mode; by default accepted (this request then
    // fails for its missing model, not for the field).
    let surprise: &[u8] =
        br#"{"deviceRuntimeContext":{"registrationId":"d1"},"linkedHubs":["h"],"surprise":true}"#;
    let strict = Allocator::new(
        AllocationPolicy {
            allow_unknown_fields: false,
            ..policy()
        },
        adt.clone(),
    );
    let err = strict.allocate_json(surprise).await.unwrap_err();
    assert_eq!(err.status(), 400);
    assert!(err.to_string().contains("unexpected field"), "{err}");
    let err = alloc.allocate_json(surprise).await.unwrap_err();
    assert!(!err.to_string().contains("unexpected field"), "{err}");
    assert_eq!(strict.stats().adt_total(), 0, "no ADT call for bad input");
    assert_eq!(alloc.stats().adt_total(), 0, "no ADT call for bad input");
    assert_eq!(twin_count(&adt).await, 0);
    emu.stop().await;
}

/// A fake ADT that throttles every request (an exact fault the emulator does not produce).
async fn throttling_adt() -> (String, tokio::task::JoinHandle<()>) {
    use axum::response::IntoResponse;
    let app = axum::Router::new().fallback(|| async {
        (
            axum::http::StatusCode::TOO_MANY_REQUESTS,
            [("retry-after", "2"), ("content-type", "application/json")],
            r#"{"error":{"code":"TooManyRequests","message":"Rate limit exceeded."}}"#,
        )
            .into_response()
    });
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", l.local_addr().unwrap());
    (
        url,
        tokio::spawn(async move { axum::serve(l, app).await.unwrap() }),
    )
}

pub async fn throttled_client() -> (AdtClient, tokio::task::JoinHandle<()>) {
    let (url, task) = throttling_adt().await;
    let mut cfg = twinbridge::adt::AdtConfig::new(url.parse().unwrap());
    cfg.retry = twinbridge::retry::RetryPolicy {
        max_retries: 1,
        base: Duration::from_millis(1),
        cap: Duration::from_millis(5),
    };
    let client = AdtClient::new(cfg, Arc::new(twinbridge::auth::StaticToken("t".into()))).unwrap();
    (client, task)
}

#[tokio::test]
async fn adt_throttling_becomes_429_so_dps_retries() {
    let (client, task) = throttled_client().await;
    let err = allocate(&thermo("dev-t"), &policy(), &client)
        .await
        .unwrap_err();
    assert!(matches!(err, AllocationError::Throttled { .. }), "{err}");
    assert_eq!(err.status(), 429);
    assert!(err.dps_retries());
    assert_eq!(err.retry_after(), Some(2), "ADT's Retry-After is passed on");
    task.abort();

    // the emulator's random 429/503 faults also make DPS retry
    let emu = twinbridge::emulator::Emulator::start(twinbridge::emulator::EmulatorConfig {
        realism: twinbridge::emulator::Realism::new(Duration::ZERO, 1.0, false),
        ..twinbridge::emulator::EmulatorConfig::for_tests()
    })
    .await
    .unwrap();
    let mut cfg = twinbridge::adt::AdtConfig::new(emu.adt_url().parse().unwrap());
    cfg.retry.max_retries = 0;
    let faulty = AdtClient::new(cfg, Arc::new(twinbridge::auth::StaticToken("t".into()))).unwrap();
    let err = allocate(&thermo("dev-f"), &policy(), &faulty)
        .await
        .unwrap_err();
    assert!(err.status() >= 429, "{err}");
    emu.stop().await;
}

#[tokio::test]
async fn protocol_reference_requests_are_accepted() {
    let (emu, adt) = sample_instance().await;
    // The real request captured in DPS-TUT: a re-registration with a payload but no modelId.
    let captured = r#"{"enrollmentGroup":{"enrollmentGroupId":"contoso-custom-allocated-devices","attestation":{"type":"symmetricKey"},
  "capabilities":{"iotEdge":false},"etag":"\"0000f176-0000-0700-0000-62eaad1e0000\"","provisioningStatus":"enabled",
  "reprovisionPolicy":{"updateHubAssignment":true,"migrateDeviceData":true},
  "createdDateTimeUtc":"2022-08-03T17:15:10.8464255Z","lastUpdatedDateTimeUtc":"2022-08-03T17:15:10.8464255Z",
  "allocationPolicy":"custom","iotHubs":["contoso-toasters-hub-1098.azure-devices.net","contoso-heatpumps-hub-1098.azure-devices.net"],
  "customAllocationDefinition":{"webhookUrl":"https://contoso-function-app-1098.azurewebsites.net/api/HttpTrigger1?****","apiVersion":"2021-10-01"}},
 "deviceRuntimeContext":{"registrationId":"breakroom499-contoso-tstrsd-007",
  "currentIotHubHostName":"contoso-toasters-hub-1098.azure-devices.net","currentDeviceId":"breakroom499-contoso-tstrsd-007",
  "symmetricKey":{},"payload":{"MyDeviceFirmwareVersion":"12.0.2.5","MyDeviceProvisioningVersion":"1.0.0.0"}},
 "linkedHubs":["contoso-toasters-hub-1098.azure-devices.net","contoso-heatpumps-hub-1098.azure-devices.net"]}"#;
    let mut p = policy();
    p.default_model = Some(THERMOSTAT.into());
    let a = Allocator::new(p, adt.clone())
        .allocate_json(captured.as_bytes())
        .await
        .unwrap();
    assert_eq!(a.twin_id, "breakroom499-contoso-tstrsd-007");
    assert_eq!(
        a.hub, "contoso-toasters-hub-1098.azure-devices.net",
        "stays on its current hub"
    );
    assert_eq!(a.action, TwinAction::Created);

    // The sample's request: payload {"modelId": ...}; and the checked-in example file.
    let sample = json!({
        "deviceRuntimeContext": { "registrationId": "thermostat-1", "payload": { "modelId": THERMOSTAT } },
        "linkedHubs": ["HUB_NAME.azure-devices.net"]
    });
    let a = allocate(
        &AllocationRequest::from_value(sample, false).unwrap(),
        &policy(),
        &adt,
    )
    .await
    .unwrap();
    assert_eq!(a.response.iot_hub_host_name, "HUB_NAME.azure-devices.net");
    let example = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/allocation-request.json"),
    )
    .unwrap();
    let a = Allocator::new(policy(), adt.clone())
        .allocate_json(&example)
        .await
        .unwrap();
    assert_eq!(a.model, THERMOSTAT);
    emu.stop().await;
}

//! The device clients (DPS over HTTPS and MQTT, IoT Hub telemetry over MQTT and HTTPS, the
//! registry service API) against the emulator's DPS and IoT Hub surfaces over TLS on loopback.
use super::support::*;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;
use twinbridge::dps::register::{
    DpsError, DpsOptions, RegisterRequest, https::HttpsRegistrar, mqtt,
};
use twinbridge::emulator::dps::{DEFAULT_ID_SCOPE, WELL_KNOWN_GROUP_KEY};
use twinbridge::emulator::{Emulator, EmulatorConfig};
use twinbridge::events::Event;
use twinbridge::hub::{DeviceIdentity, Endpoint, HubOptions, Message, tls};

pub fn all_events(emu: &Emulator, hub: &str) -> Vec<Event> {
    let n = emu.events.partitions(hub).unwrap();
    (0..n)
        .flat_map(|p| emu.events.read(hub, p, -1, 100_000).unwrap())
        .collect()
}

pub fn dps_options(emu: &Emulator) -> DpsOptions {
    let tls = tls::client_config(Some(emu.devices.ca_pem.as_bytes())).unwrap();
    let mut o = DpsOptions::new(Endpoint::parse(&emu.devices.endpoint()).unwrap(), tls);
    o.timeout = Duration::from_secs(10);
    o
}

pub fn request(reg: &str, group_key: &str, payload: Option<Value>) -> RegisterRequest {
    RegisterRequest {
        id_scope: DEFAULT_ID_SCOPE.into(),
        registration_id: reg.into(),
        device_key: twinbridge::sas::derive_device_key(group_key, reg).unwrap(),
        payload,
    }
}

pub async fn emulator_with(f: impl FnOnce(&mut EmulatorConfig)) -> Emulator {
    let mut cfg = EmulatorConfig::for_tests();
    cfg.devices.dps.retry_after = Duration::from_millis(200);
    f(&mut cfg);
    Emulator::start(cfg).await.expect("emulator starts")
}

#[tokio::test(flavor = "multi_thread")]
async fn provision_over_both_transports_then_send_telemetry_over_both() {
    let emu = emulator_with(|_| {}).await;
    let opts = dps_options(&emu);
    let payload = json!({"modelId": THERMOSTAT});
    let https = HttpsRegistrar::new(opts.clone()).unwrap();
    let a = https
        .register(&request(
            "dev-https",
            WELL_KNOWN_GROUP_KEY,
            Some(payload.clone()),
        ))
        .await
        .unwrap();
    assert_eq!(a.device_id, "dev-https");
    assert_eq!(a.assigned_hub, emu.devices.hub.host);
    assert_eq!(a.substatus.as_deref(), Some("initialAssignment"));
    let b = mqtt::register(
        &opts,
        &request("dev-mqtt", WELL_KNOWN_GROUP_KEY, Some(payload)),
    )
    .await
    .unwrap();
    assert_eq!(b.device_id, "dev-mqtt");
    // Re-registering keeps the device (data migrated).
    let again = mqtt::register(&opts, &request("dev-mqtt", WELL_KNOWN_GROUP_KEY, None))
        .await
        .unwrap();
    assert_eq!(again.substatus.as_deref(), Some("deviceDataMigrated"));

    let tls = tls::client_config(Some(emu.devices.ca_pem.as_bytes())).unwrap();
    let hub_opts = HubOptions::new(tls);
    let identity = |r: &twinbridge::dps::register::Registration| DeviceIdentity {
        hub: r.assigned_hub.clone(),
        device_id: r.device_id.clone(),
        key: twinbridge::sas::derive_device_key(WELL_KNOWN_GROUP_KEY, &r.device_id).unwrap(),
    };
    let mut dev = twinbridge::hub::mqtt::MqttDevice::connect(identity(&b), hub_opts.clone())
        .await
        .unwrap();
    let mut msg = Message::json(&json!({"Temperature": 25.5}));
    msg.properties.push(("k".into(), "v w".into()));
    dev.send(&msg).await.unwrap();
    dev.disconnect().await;
    let sender = twinbridge::hub::https::HttpsSender::new(hub_opts).unwrap();
    sender
        .send(&identity(&a), &Message::json(&json!({"Temperature": 21.0})))
        .await
        .unwrap();

    let events = all_events(&emu, "deviceevents");
    assert_eq!(events.len(), 2, "{events:?}");
    let mqtt_ev = events
        .iter()
        .find(|e| e.device_id() == Some("dev-mqtt"))
        .unwrap();
    assert_eq!(mqtt_ev.body_json(), Some(json!({"Temperature": 25.5})));
    assert_eq!(mqtt_ev.content_type.as_deref(), Some("application/json"));
    assert_eq!(mqtt_ev.content_encoding.as_deref(), Some("utf-8"));
    assert_eq!(mqtt_ev.message_id, msg.message_id);
    assert_eq!(mqtt_ev.property_str("k"), Some("v w"));
    assert_eq!(mqtt_ev.property_str("dtId"), Some("dev-mqtt"));
    assert_eq!(mqtt_ev.property_str("dtmi"), Some(THERMOSTAT));
    assert_eq!(
        mqtt_ev.system_properties["iothub-message-source"],
        json!("Telemetry")
    );
    assert!(mqtt_ev.system_properties["iothub-enqueuedtime"].is_i64());
    assert!(
        mqtt_ev.system_properties["iothub-connection-auth-method"]
            .as_str()
            .unwrap()
            .contains("\"type\":\"sas\"")
    );
    assert!(
        mqtt_ev
            .system_properties
            .contains_key("iothub-connection-auth-generation-id")
    );
    let https_ev = events
        .iter()
        .find(|e| e.device_id() == Some("dev-https"))
        .unwrap();
    assert_eq!(https_ev.content_type.as_deref(), Some("application/json"));
    assert_eq!(https_ev.property_str("dtId"), Some("dev-https"));
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_credentials_and_unknown_scope_are_dps_errors() {
    let emu = emulator_with(|_| {}).await;
    let opts = dps_options(&emu);
    let https = HttpsRegistrar::new(opts.clone()).unwrap();
    let wrong_key = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    let e = https
        .register(&request("d1", wrong_key, None))
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            DpsError::Unauthorized {
                code: Some(401002),
                ..
            }
        ),
        "{e:?}"
    );
    let mut unknown = request("d1", WELL_KNOWN_GROUP_KEY, None);
    unknown.id_scope = "0ne99999999".into();
    let e = https.register(&unknown).await.unwrap_err();
    assert!(
        matches!(
            e,
            DpsError::NotFound {
                code: Some(404201),
                ..
            }
        ),
        "{e:?}"
    );
    let e = mqtt::register(&opts, &request("d1", wrong_key, None))
        .await
        .unwrap_err();
    assert!(matches!(e, DpsError::Unauthorized { .. }), "{e:?}");
    let e = mqtt::register(&opts, &unknown).await.unwrap_err();
    assert!(matches!(e, DpsError::Unauthorized { .. }), "{e:?}");
    // A device unknown to the hub cannot connect.
    let tls = tls::client_config(Some(emu.devices.ca_pem.as_bytes())).unwrap();
    let ghost = DeviceIdentity {
        hub: emu.devices.hub.host.clone(),
        device_id: "ghost".into(),
        key: wrong_key.into(),
    };
    let e = twinbridge::hub::mqtt::MqttDevice::connect(ghost.clone(), HubOptions::new(tls.clone()))
        .await
        .err()
        .unwrap();
    assert!(
        matches!(e, twinbridge::hub::HubError::Unauthorized(_)),
        "{e:?}"
    );
    let e = twinbridge::hub::https::HttpsSender::new(HubOptions::new(tls))
        .unwrap()
        .send(&ghost, &Message::json(&json!({})))
        .await
        .unwrap_err();
    assert!(
        matches!(e, twinbridge::hub::HubError::Unauthorized(_)),
        "{e:?}"
    );
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn untrusted_certificate_is_a_transport_error() {
    let emu = emulator_with(|_| {}).await;
    let mut opts = dps_options(&emu);
    opts.tls = tls::client_config(None).unwrap();
    let e = HttpsRegistrar::new(opts)
        .unwrap()
        .register(&request("d1", WELL_KNOWN_GROUP_KEY, None))
        .await
        .unwrap_err();
    assert!(matches!(e, DpsError::Transport { .. }), "{e:?}");
    assert!(e.remedy().unwrap().contains("--ca-cert"));
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn registry_service_api_lists_shows_and_deletes_with_a_lifecycle_event() {
    let emu = emulator_with(|_| {}).await;
    let opts = dps_options(&emu);
    mqtt::register(
        &opts,
        &request(
            "t-1",
            WELL_KNOWN_GROUP_KEY,
            Some(json!({"modelId": THERMOSTAT})),
        ),
    )
    .await
    .unwrap();
    let conn =
        twinbridge::sas::ConnectionString::parse(&emu.devices.hub_connection_string()).unwrap();
    let svc = twinbridge::hub::service::ServiceClient::new(
        conn,
        tls::client_config(Some(emu.devices.ca_pem.as_bytes())).unwrap(),
        Duration::from_secs(10),
        twinbridge::retry::RetryPolicy::with_retries(0),
    )
    .unwrap();
    let twins = svc.query("SELECT * FROM devices").await.unwrap();
    assert_eq!(twins.len(), 1);
    assert_eq!(twins[0]["tags"]["dtId"], "t-1");
    let twin = svc.twin("t-1").await.unwrap();
    assert_eq!(twin["tags"]["dtmi"], THERMOSTAT);
    svc.create_device("manual", None).await.unwrap();
    svc.delete_device("t-1").await.unwrap();
    assert!(matches!(
        svc.delete_device("t-1").await,
        Err(twinbridge::hub::service::ServiceError::NotFound(_))
    ));
    let life = all_events(&emu, "lifecycleevents");
    let ops: Vec<_> = life
        .iter()
        .map(|e| {
            (
                e.property_str("opType").unwrap().to_string(),
                e.property_str("deviceId").unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        ops.contains(&("createDeviceIdentity".into(), "t-1".into())),
        "{ops:?}"
    );
    assert!(
        ops.contains(&("createDeviceIdentity".into(), "manual".into())),
        "{ops:?}"
    );
    let del = life
        .iter()
        .find(|e| e.property_str("opType") == Some("deleteDeviceIdentity"))
        .unwrap();
    let body = del.body_json().unwrap();
    assert_eq!(body["tags"]["dtId"], "t-1");
    assert_eq!(body["tags"]["dtmi"], THERMOSTAT);
    assert_eq!(body["deviceId"], "t-1");
    assert_eq!(
        del.property_str("iothub-message-schema"),
        Some("deviceLifecycleNotification")
    );
    assert_eq!(del.property_str("hubName"), Some("localhost"));
    assert!(del.property_str("operationTimestamp").is_some());
    assert_eq!(
        del.system_properties["iothub-message-source"],
        json!("deviceLifecycleEvents")
    );
    assert_eq!(
        del.system_properties["iothub-connection-device-id"],
        json!("t-1")
    );
    let _ = Arc::new(());
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn throttled_registrations_are_retried_after_retry_after() {
    let emu = emulator_with(|c| c.devices.dps.registrations_per_minute = Some(120)).await;
    let opts = dps_options(&emu);
    let https = HttpsRegistrar::new(opts.clone()).unwrap();
    let mut tasks = Vec::new();
    for i in 0..6 {
        let (https, opts) = (https.clone(), opts.clone());
        tasks.push(tokio::spawn(async move {
            let req = request(&format!("thr-{i}"), WELL_KNOWN_GROUP_KEY, None);
            if i % 2 == 0 {
                https.register(&req).await
            } else {
                mqtt::register(&opts, &req).await
            }
        }));
    }
    let mut throttled = 0;
    for t in tasks {
        let r = t.await.unwrap().expect("registered despite throttling");
        throttled += r.throttled;
    }
    assert!(
        throttled > 0,
        "some registrations met a 429 and were retried"
    );
    assert_eq!(emu.devices.hub.registry.list().len(), 6);
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dropped_connection_is_reconnected_and_the_message_resent() {
    let emu = emulator_with(|_| {}).await;
    let r = mqtt::register(
        &dps_options(&emu),
        &request("re-1", WELL_KNOWN_GROUP_KEY, None),
    )
    .await
    .unwrap();
    let id = DeviceIdentity {
        hub: r.assigned_hub,
        device_id: r.device_id,
        key: twinbridge::sas::derive_device_key(WELL_KNOWN_GROUP_KEY, "re-1").unwrap(),
    };
    let tls = tls::client_config(Some(emu.devices.ca_pem.as_bytes())).unwrap();
    let mut opts = HubOptions::new(tls);
    opts.timeout = Duration::from_secs(2);
    let mut a = twinbridge::hub::mqtt::MqttDevice::connect(id.clone(), opts.clone())
        .await
        .unwrap();
    // A second connection for the same device makes the hub drop the first one.
    let b = twinbridge::hub::mqtt::MqttDevice::connect(id, opts)
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    a.send(&Message::json(&json!({"n": 1}))).await.unwrap();
    assert!(a.reconnects >= 1, "the first device reconnected");
    assert_eq!(all_events(&emu, "deviceevents").len(), 1);
    a.disconnect().await;
    b.disconnect().await;
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn enrollment_groups_through_the_service_api() {
    let emu = emulator_with(|_| {}).await;
    let tls = tls::client_config(Some(emu.devices.ca_pem.as_bytes())).unwrap();
    let http = reqwest::Client::builder()
        .use_preconfigured_tls((*tls).clone())
        .build()
        .unwrap();
    let base = format!("https://{}", emu.devices.endpoint());
    let token = twinbridge::sas::generate_token(
        &emu.devices.endpoint(),
        twinbridge::emulator::iothub::WELL_KNOWN_OWNER_KEY,
        4_000_000_000,
        Some("provisioningserviceowner"),
    )
    .unwrap();
    let key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    let body = json!({"enrollmentGroupId": "off", "attestation": {"type": "symmetricKey", "symmetricKey": {"primaryKey": key}}, "provisioningStatus": "disabled"});
    let r = http
        .put(format!(
            "{base}/enrollmentGroups/off?api-version=2021-10-01"
        ))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401, "no token");
    let r = http
        .put(format!(
            "{base}/enrollmentGroups/off?api-version=2021-10-01"
        ))
        .header("Authorization", &token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r: Value = http
        .get(format!("{base}/enrollmentGroups/off"))
        .header("Authorization", &token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(r["provisioningStatus"], "disabled");
    let e = mqtt::register(&dps_options(&emu), &request("d-off", key, None))
        .await
        .unwrap_err();
    assert_eq!(e, DpsError::Disabled);
    let r = http
        .delete(format!("{base}/enrollmentGroups/off"))
        .header("Authorization", &token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let e = HttpsRegistrar::new(dps_options(&emu))
        .unwrap()
        .register(&request("d-off", key, None))
        .await
        .unwrap_err();
    assert!(matches!(e, DpsError::Unauthorized { .. }), "{e:?}");
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn in_process_allocation_creates_the_twin_in_the_emulators_adt() {
    let emu = emulator_with(|c| {
        c.devices.dps.in_process = Some(twinbridge::dps::allocation::AllocationPolicy {
            allowed_models: vec![twinbridge::dps::allocation::ModelPattern::Any],
            ..Default::default()
        });
    })
    .await;
    let adt = client_for(&emu.adt_url());
    adt.create_models(&sample_models()).await.unwrap();
    let https = HttpsRegistrar::new(dps_options(&emu)).unwrap();
    let r = https
        .register(&request(
            "thermo-in-process",
            WELL_KNOWN_GROUP_KEY,
            Some(json!({"modelId": THERMOSTAT})),
        ))
        .await
        .unwrap();
    assert_eq!(r.device_id, "thermo-in-process");
    let twin = adt.get_twin("thermo-in-process").await.unwrap();
    assert_eq!(twin["$metadata"]["$model"], THERMOSTAT);
    let device = emu.devices.hub.registry.get("thermo-in-process").unwrap();
    assert_eq!(device.tags["dtId"], "thermo-in-process");
    assert_eq!(device.tags["dtmi"], THERMOSTAT);
    // an unknown model is refused, and DPS reports the custom allocation failure
    let e = https
        .register(&request(
            "thermo-bad",
            WELL_KNOWN_GROUP_KEY,
            Some(json!({"modelId": "dtmi:nope:Thing;1"})),
        ))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("400207"), "{e}");
    assert!(adt.get_twin("thermo-bad").await.unwrap_err().is_not_found());
    emu.stop().await;
}

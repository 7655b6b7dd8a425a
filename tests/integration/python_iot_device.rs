//! The emulator's DPS and IoT Hub checked by a peer nobody here wrote: Microsoft's Python
//! `azure-iot-device` SDK provisions over MQTT with `server_verification_cert` and sends
//! telemetry that lands in `deviceevents` with IoT Hub's properties. The SDK hard-codes port
//! 8883, so this is the one test that binds it (and the hub is advertised as plain `localhost`).
use serde_json::json;
use std::path::PathBuf;
use twinbridge::emulator::dps::{DEFAULT_ID_SCOPE, WELL_KNOWN_GROUP_KEY};
use twinbridge::emulator::{Emulator, EmulatorConfig};

const THERMOSTAT: &str = "dtmi:contosocom:DigitalTwins:Thermostat;2";

#[tokio::test(flavor = "multi_thread")]
async fn official_python_device_sdk_provisions_and_sends_telemetry() {
    let Some(python) = super::peers::python() else {
        return;
    };
    let mut cfg = EmulatorConfig::for_tests();
    cfg.device_port = twinbridge::emulator::gateway::DEFAULT_DEVICE_PORT;
    cfg.devices.hub_host = Some("localhost".into());
    let emu = Emulator::start(cfg)
        .await
        .expect("the emulator binds 127.0.0.1:8883 (is another emulator running?)");
    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, &emu.devices.ca_pem).unwrap();
    let reg = "py-thermostat-1";
    let key = twinbridge::sas::derive_device_key(WELL_KNOWN_GROUP_KEY, reg).unwrap();
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/peers/iot_device_peer.py");
    let out = tokio::time::timeout(
        std::time::Duration::from_secs(60),
        tokio::process::Command::new(&python)
            .arg(&script)
            .args(["localhost", DEFAULT_ID_SCOPE, reg, &key])
            .arg(&ca)
            .arg(THERMOSTAT)
            .output(),
    )
    .await
    .expect("the Python peer finishes within 60 s")
    .expect("python runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "peer failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains("OK"), "{stdout}");
    let result: serde_json::Value = serde_json::from_str(stdout.lines().next().unwrap()).unwrap();
    assert_eq!(result["assigned_hub"], "localhost");
    assert_eq!(result["device_id"], reg);

    let twin = emu
        .devices
        .hub
        .registry
        .get(reg)
        .expect("the device is in the hub registry");
    assert_eq!(
        twin.tags["dtmi"], THERMOSTAT,
        "built-in allocation tags from payload.modelId"
    );
    let events: Vec<_> = (0..4)
        .flat_map(|p| emu.events.read("deviceevents", p, -1, 100).unwrap())
        .collect();
    assert_eq!(events.len(), 1, "{events:?}");
    let e = &events[0];
    assert_eq!(e.device_id(), Some(reg));
    assert_eq!(e.body_json(), Some(json!({"Temperature": 22.5})));
    assert_eq!(e.message_id.as_deref(), Some("py-1"));
    assert_eq!(e.content_type.as_deref(), Some("application/json"));
    assert_eq!(e.content_encoding.as_deref(), Some("utf-8"));
    assert_eq!(e.property_str("source"), Some("python"));
    assert_eq!(e.property_str("dtId"), Some(reg));
    assert_eq!(e.property_str("dtmi"), Some(THERMOSTAT));
    assert_eq!(
        e.system_properties["iothub-message-source"],
        json!("Telemetry")
    );
    assert!(
        e.system_properties
            .contains_key("iothub-connection-auth-generation-id")
    );
    let created: Vec<_> = (0..4)
        .flat_map(|p| emu.events.read("lifecycleevents", p, -1, 100).unwrap())
        .filter(|e| e.property_str("opType") == Some("createDeviceIdentity"))
        .collect();
    assert_eq!(created.len(), 1);
    emu.stop().await;
}

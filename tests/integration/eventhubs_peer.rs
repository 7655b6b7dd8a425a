//! The emulator's Event Hubs surface checked by Microsoft's own Python client (`azure-eventhub`,
//! pure-Python AMQP): its producer sends (a batch and a keyed single event), its consumer
//! receives, and the Rust consumer reads what the Python producer sent, properties included.
use super::eventhubs::{collect, source_for};
use super::support::*;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::time::Duration;
use twinbridge::events::Event;
use twinbridge::events::eventhubs::StartPosition;

async fn peer(python: &std::path::Path, args: &[&str]) -> Vec<Value> {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/peers/eventhubs_peer.py");
    let out = tokio::time::timeout(
        Duration::from_secs(150),
        tokio::process::Command::new(python)
            .arg(&script)
            .args(args)
            .kill_on_drop(true)
            .output(),
    )
    .await
    .expect("the Python peer finishes")
    .expect("python runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "peer {args:?} failed:\n{stdout}\n{stderr}"
    );
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn python_producer_and_consumer_and_rust_consumer_agree() {
    let Some(python) = super::peers::python() else {
        return;
    };
    let emu = emulator().await;
    let cs = emu.eventhubs_connection_string("deviceevents");

    // Python producer: a batch of 3 to partition 1, and one event keyed "py-device".
    let sent = peer(&python, &["send", &cs, "3"]).await;
    assert_eq!(sent[0]["sent"], 4);
    assert_eq!(sent[0]["partition_ids"], json!(["0", "1", "2", "3"]));

    // The Rust consumer reads what Python sent, with its properties.
    let source = source_for(&emu, "deviceevents").await;
    let mut rx = source
        .open_partition("1", StartPosition::Earliest)
        .await
        .unwrap();
    let got = collect(&mut rx, 3, Duration::from_secs(20)).await;
    assert_eq!(got.len(), 3);
    for (i, e) in got.iter().enumerate() {
        assert_eq!(e.body_json().unwrap(), json!({ "Temperature": 20 + i }));
        assert_eq!(e.content_type.as_deref(), Some("application/json"));
        assert_eq!(e.message_id.as_deref(), Some(format!("py-{i}").as_str()));
        assert_eq!(e.properties["dtId"], "py-twin");
        assert_eq!(e.properties["n"], i as i64);
        assert_eq!(e.properties["source"], "python");
        assert_eq!(e.sequence_number, Some(i as i64));
    }
    rx.close().await;
    let keyed: Vec<Event> = (0..4)
        .flat_map(|p| emu.events.read("deviceevents", p, -1, 100).unwrap())
        .filter(|e| e.properties.get("kind") == Some(&json!("single")))
        .collect();
    assert_eq!(keyed.len(), 1, "the keyed single event was stored once");
    assert_eq!(keyed[0].body, b"plain text body");
    assert_eq!(
        keyed[0].system_properties["x-opt-partition-key"],
        "py-device"
    );

    // An IoT Hub-style event (annotations + enrichment) as the Python consumer sees it.
    let mut hub_event = Event::json(&json!({"Temperature": 30.5}));
    hub_event
        .properties
        .insert("dtId".into(), json!("thermostat-67"));
    hub_event
        .system_properties
        .insert("iothub-connection-device-id".into(), json!("thermostat-67"));
    hub_event
        .system_properties
        .insert("iothub-message-source".into(), json!("Telemetry"));
    emu.events
        .append("deviceevents", Some(2), None, vec![hub_event])
        .unwrap();
    let received = peer(&python, &["receive", &cs, "2", "1"]).await;
    let e = &received[0];
    assert_eq!(e["body"], "{\"Temperature\":30.5}");
    assert_eq!(e["properties"]["dtId"], "thermostat-67");
    assert_eq!(
        e["system_properties"]["iothub-connection-device-id"],
        "thermostat-67"
    );
    assert_eq!(e["system_properties"]["x-opt-sequence-number"], 0);
    assert_eq!(e["system_properties"]["x-opt-offset"], "0");
    assert!(
        e["system_properties"]["x-opt-enqueued-time"].is_i64(),
        "{e}"
    );
    assert_eq!(e["content_type"], "application/json");
    assert_eq!(received[1]["last_enqueued_sequence_number"], 0);

    // The Python consumer reads what the Python producer sent.
    let received = peer(&python, &["receive", &cs, "1", "3"]).await;
    assert_eq!(received[2]["properties"]["n"], 2);
    assert_eq!(received[3]["received"], 3);
    source.close().await;
    emu.stop().await;
}

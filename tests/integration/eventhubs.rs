//! The Rust Event Hubs source (azure_messaging_eventhubs 0.16) against the emulator's AMQP
//! endpoint over loopback: every start position, live events, reconnect after a restart on the
//! same state, and the HTTP inject endpoint.
use super::support::*;
use serde_json::{Value, json};
use std::time::{Duration, SystemTime};
use twinbridge::emulator::{Emulator, EmulatorConfig};
use twinbridge::events::Event;
use twinbridge::events::eventhubs::{
    EventHubsConfig, EventHubsSource, PartitionReceiver, StartPosition,
};

const HUB: &str = "deviceevents";

/// `RUST_LOG=...` shows the client's and the emulator's logs for a failing run.
pub fn trace() {
    if std::env::var_os("RUST_LOG").is_some() {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_writer(std::io::stderr)
            .try_init();
    }
}

pub async fn source_for(emu: &Emulator, hub: &str) -> EventHubsSource {
    let cfg = EventHubsConfig::from_connection_string(&emu.eventhubs_connection_string(hub), None)
        .expect("the emulator's connection string parses");
    EventHubsSource::connect(cfg)
        .await
        .expect("connects to the emulator")
}

/// Receive until `n` events arrived or `within` passed.
pub async fn collect(rx: &mut PartitionReceiver, n: usize, within: Duration) -> Vec<Event> {
    let deadline = tokio::time::Instant::now() + within;
    let mut out = Vec::new();
    while out.len() < n && tokio::time::Instant::now() < deadline {
        let batch = rx
            .next_batch(n - out.len(), Duration::from_millis(200))
            .await
            .expect("receiver alive");
        out.extend(batch);
    }
    out
}

fn telemetry(device: &str, n: i64) -> Event {
    let mut e = Event::json(&json!({ "Temperature": 20 + n }));
    e.message_id = Some(format!("{device}-{n}"));
    e.properties
        .insert("dtId".into(), json!(format!("twin-{device}")));
    e.properties.insert("n".into(), json!(n));
    e.system_properties
        .insert("iothub-connection-device-id".into(), json!(device));
    e.system_properties
        .insert("iothub-message-source".into(), json!("Telemetry"));
    e.system_properties.insert(
        "iothub-enqueuedtime".into(),
        json!(1_700_000_000_000i64 + n),
    );
    e
}

fn append(emu: &Emulator, partition: u32, events: Vec<Event>) -> Vec<Event> {
    emu.events
        .append(HUB, Some(partition), None, events)
        .expect("append")
}

fn seqs(events: &[Event]) -> Vec<i64> {
    events.iter().filter_map(|e| e.sequence_number).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn reads_from_every_start_position_and_live() {
    trace();
    let emu = emulator().await;
    append(&emu, 0, (0..3).map(|n| telemetry("dev-a", n)).collect());
    tokio::time::sleep(Duration::from_millis(30)).await;
    let cut = SystemTime::now();
    tokio::time::sleep(Duration::from_millis(30)).await;
    append(&emu, 0, (3..5).map(|n| telemetry("dev-a", n)).collect());

    let source = source_for(&emu, HUB).await;
    assert_eq!(source.hub(), HUB);
    assert_eq!(source.consumer_group(), "$Default");
    assert_eq!(source.fully_qualified_namespace(), "127.0.0.1");
    assert_eq!(source.partition_ids().await.unwrap(), ["0", "1", "2", "3"]);
    let props = source.partition_properties("0").await.unwrap();
    assert_eq!(
        (
            props.begin_sequence_number,
            props.last_enqueued_sequence_number,
            props.is_empty
        ),
        (0, 4, false)
    );
    assert_eq!(props.last_enqueued_offset, "4");
    assert!(props.last_enqueued_time.is_some());
    assert_eq!(props.lag(Some(2)), 2);
    assert!(source.partition_properties("3").await.unwrap().is_empty);

    // Earliest: everything, in order, with what IoT Hub stamps.
    let mut rx = source
        .open_partition("0", StartPosition::Earliest)
        .await
        .unwrap();
    let got = collect(&mut rx, 5, Duration::from_secs(20)).await;
    assert_eq!(seqs(&got), [0, 1, 2, 3, 4]);
    let e = &got[1];
    assert_eq!(e.body_json().unwrap(), json!({"Temperature": 21}));
    assert_eq!(e.content_type.as_deref(), Some("application/json"));
    assert_eq!(e.content_encoding.as_deref(), Some("utf-8"));
    assert_eq!(e.message_id.as_deref(), Some("dev-a-1"));
    assert_eq!(e.device_id(), Some("dev-a"));
    assert_eq!(e.property_str("dtId"), Some("twin-dev-a"));
    assert_eq!(e.properties["n"], 1);
    assert_eq!(
        e.system_properties["iothub-enqueuedtime"],
        1_700_000_000_001i64
    );
    assert_eq!(e.system_properties["iothub-message-source"], "Telemetry");
    assert_eq!(e.system_properties["x-opt-sequence-number"], 1);
    assert_eq!(e.system_properties["x-opt-offset"], "1");
    assert!(e.system_properties["x-opt-enqueued-time"].is_i64());
    assert_eq!(
        (e.partition.as_deref(), e.offset.as_deref()),
        (Some("0"), Some("1"))
    );
    assert!(e.enqueued_time.as_deref().is_some_and(|t| t.ends_with('Z')));

    // Live: an event appended after the receiver caught up arrives on the same receiver.
    append(&emu, 0, vec![telemetry("dev-a", 5)]);
    let live = collect(&mut rx, 1, Duration::from_secs(20)).await;
    assert_eq!(seqs(&live), [5]);
    rx.close().await;

    let mut after = source
        .open_partition("0", StartPosition::AfterSequenceNumber(2))
        .await
        .unwrap();
    assert_eq!(
        seqs(&collect(&mut after, 3, Duration::from_secs(20)).await),
        [3, 4, 5]
    );
    after.close().await;

    let mut by_offset = source
        .open_partition("0", StartPosition::AfterOffset("3".into()))
        .await
        .unwrap();
    assert_eq!(
        seqs(&collect(&mut by_offset, 2, Duration::from_secs(20)).await),
        [4, 5]
    );
    by_offset.close().await;

    let mut by_time = source
        .open_partition("0", StartPosition::EnqueuedTime(cut))
        .await
        .unwrap();
    assert_eq!(
        seqs(&collect(&mut by_time, 3, Duration::from_secs(20)).await),
        [3, 4, 5]
    );
    by_time.close().await;

    // Latest: nothing old, then what comes next.
    let mut latest = source
        .open_partition("0", StartPosition::Latest)
        .await
        .unwrap();
    assert!(
        latest
            .next_batch(10, Duration::from_millis(500))
            .await
            .unwrap()
            .is_empty()
    );
    append(&emu, 0, vec![telemetry("dev-a", 6), telemetry("dev-a", 7)]);
    assert_eq!(
        seqs(&collect(&mut latest, 2, Duration::from_secs(20)).await),
        [6, 7]
    );
    latest.close().await;

    let err = source
        .open_partition("9", StartPosition::Earliest)
        .await
        .err()
        .unwrap();
    assert!(
        err.is_config() && err.to_string().contains("\"9\""),
        "{err}"
    );
    source.close().await;
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_hub_is_a_clear_error() {
    trace();
    let emu = emulator().await;
    let mut cfg =
        EventHubsConfig::from_connection_string(&emu.eventhubs_connection_string("nope"), None)
            .unwrap();
    cfg.backoff.connect_attempts = 1;
    let err = EventHubsSource::connect(cfg).await.err().unwrap();
    assert!(
        err.to_string().contains("no event hub named \"nope\""),
        "{err}"
    );
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn reconnects_after_the_emulator_restarts_without_losing_position() {
    trace();
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = EmulatorConfig::for_tests();
    cfg.state = Some(dir.path().join("state.sqlite"));
    let emu = Emulator::start(cfg.clone()).await.unwrap();
    cfg.amqp_port = emu.amqp_addr().port();
    append(&emu, 2, (0..3).map(|n| telemetry("dev-r", n)).collect());
    let mut ehcfg =
        EventHubsConfig::from_connection_string(&emu.eventhubs_connection_string(HUB), None)
            .unwrap();
    ehcfg.backoff.initial = Duration::from_millis(50);
    ehcfg.backoff.max = Duration::from_millis(500);
    let source = EventHubsSource::connect(ehcfg).await.unwrap();
    let mut rx = source
        .open_partition("2", StartPosition::Earliest)
        .await
        .unwrap();
    assert_eq!(
        seqs(&collect(&mut rx, 3, Duration::from_secs(20)).await),
        [0, 1, 2]
    );

    emu.stop().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let emu = Emulator::start(cfg)
        .await
        .expect("restarts on the same port and state");
    append(&emu, 2, (3..6).map(|n| telemetry("dev-r", n)).collect());
    let got = collect(&mut rx, 3, Duration::from_secs(30)).await;
    assert_eq!(
        seqs(&got),
        [3, 4, 5],
        "no loss, no duplicates after the restart"
    );
    assert!(rx.reconnects() >= 1, "the receiver noticed the restart");
    assert!(
        rx.next_batch(10, Duration::from_millis(300))
            .await
            .unwrap()
            .is_empty()
    );
    rx.close().await;
    // management calls recover too
    assert_eq!(
        source
            .partition_properties("2")
            .await
            .unwrap()
            .last_enqueued_sequence_number,
        5
    );
    source.close().await;
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn inject_endpoint_stores_ndjson_and_answers_positions() {
    let emu = emulator().await;
    let http = reqwest::Client::new();
    let lines = [
        telemetry("dev-i", 0).to_ndjson(),
        telemetry("dev-i", 1).to_ndjson(),
        r#"{"body": "plain text", "properties": {"k": "v"}}"#.to_string(),
    ]
    .join("\n");
    // No api-version, no bearer: the inject endpoint is outside the ADT checks.
    let r = http
        .post(format!("{}?partition=1", emu.inject_url(HUB)))
        .body(lines.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["count"], 3);
    assert_eq!(v["events"][2]["partition"], "1");
    assert_eq!(v["events"][2]["sequence_number"], 2);
    assert_eq!(v["events"][2]["offset"], "2");

    // Without a partition, IoT Hub's rule: same device, same partition.
    let r = http
        .post(emu.inject_url(HUB))
        .body(lines)
        .send()
        .await
        .unwrap();
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["events"][0]["partition"], v["events"][1]["partition"]);

    // A bad line stores nothing and names the line.
    let before = emu.events.partition_info(HUB, 3).unwrap();
    let r = http
        .post(format!("{}?partition=3", emu.inject_url(HUB)))
        .body("{\"body\":1}\n{oops\n")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let text = r.text().await.unwrap();
    assert!(text.contains("line 2"), "{text}");
    assert_eq!(emu.events.partition_info(HUB, 3).unwrap(), before);

    let r = http
        .post(emu.inject_url("nohub"))
        .body("{\"body\":1}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let r = http
        .post(format!("{}?partition=7", emu.inject_url(HUB)))
        .body("{\"body\":1}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    // The ADT surface keeps its checks.
    let r = http
        .get(format!("{}/models", emu.adt_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);

    // What was injected is what a consumer reads.
    let source = source_for(&emu, HUB).await;
    let mut rx = source
        .open_partition("1", StartPosition::Earliest)
        .await
        .unwrap();
    let got = collect(&mut rx, 3, Duration::from_secs(20)).await;
    assert_eq!(
        got[1].system_properties["iothub-enqueuedtime"],
        1_700_000_000_001i64
    );
    assert_eq!(got[2].body, b"plain text");
    assert_eq!(got[2].properties["k"], "v");
    rx.close().await;
    source.close().await;
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn entra_id_credential_path_reaches_the_emulator() {
    let emu = emulator().await;
    append(&emu, 3, vec![telemetry("dev-e", 0)]);
    // Entra ID: namespace + hub + a TokenCredential (here `--auth none`'s placeholder); the
    // SDK sends a `jwt` put-token, which the emulator accepts.
    let credential = twinbridge::auth::token_credential(&twinbridge::settings::AuthSettings {
        mode: twinbridge::cli::AuthMode::None,
        tenant_id: None,
        client_id: None,
        client_secret: None,
        federated_token_file: None,
        managed_identity_env: false,
    });
    let cfg = EventHubsConfig::entra("127.0.0.1", HUB, credential)
        .with_custom_endpoint(format!("amqp://{}", emu.amqp_addr()))
        .with_consumer_group("twinbridge-sync");
    let source = EventHubsSource::connect(cfg).await.unwrap();
    assert_eq!(source.consumer_group(), "twinbridge-sync");
    let mut rx = source
        .open_partition("3", StartPosition::Earliest)
        .await
        .unwrap();
    let got = collect(&mut rx, 1, Duration::from_secs(20)).await;
    assert_eq!(got[0].device_id(), Some("dev-e"));
    rx.close().await;
    source.close().await;
    emu.stop().await;
}

//! `sync-telemetry` and `watch-lifecycle` as processes against the emulator's Event Hubs (AMQP)
//! and ADT: end to end, crash safety under kill -9, scale-out over a shared blob store on
//! Azurite, NDJSON input, bad input, and the lifecycle view under a pseudo-terminal.
use super::support::*;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::process::Stdio;
use twinbridge::adt::AdtClient;
use twinbridge::emulator::Emulator;
use twinbridge::events::Event;

fn telemetry(device: &str, t: f64) -> Event {
    let mut e = Event::json(&json!({"Temperature": t}));
    e.system_properties
        .insert("iothub-connection-device-id".into(), json!(device));
    e.system_properties
        .insert("iothub-message-source".into(), json!("Telemetry"));
    e.properties.insert("dtId".into(), json!(device));
    e
}

/// Send `per_device` events to each of `devices` devices (plus `bad` undecodable ones); returns
/// the last value per device.
fn send(
    emu: &Emulator,
    devices: usize,
    per_device: usize,
    bad: usize,
    base: f64,
) -> BTreeMap<String, f64> {
    let mut last = BTreeMap::new();
    for d in 0..devices {
        let dev = format!("dev-{d}");
        let events: Vec<Event> = (0..per_device)
            .map(|i| {
                let t = base + i as f64 / 10.0;
                last.insert(dev.clone(), t);
                telemetry(&dev, t)
            })
            .collect();
        emu.events
            .append("deviceevents", None, Some(&dev), events)
            .unwrap();
    }
    for b in 0..bad {
        let mut e = telemetry("dev-0", 0.0);
        e.body = format!("not json {b}").into_bytes();
        emu.events
            .append("deviceevents", None, Some("dev-0"), vec![e])
            .unwrap();
    }
    last
}

async fn assert_twins(adt: &AdtClient, last: &BTreeMap<String, f64>) {
    for (dev, t) in last {
        assert_eq!(
            adt.get_twin(dev).await.unwrap()["Temperature"],
            json!(t),
            "{dev}"
        );
    }
}

fn dead_letter_positions(path: &std::path::Path) -> BTreeSet<(String, i64)> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (
                v["event"]["partition"].as_str().unwrap().to_string(),
                v["event"]["sequence_number"].as_i64().unwrap(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn events_to_twins_end_to_end_coalesced() {
    let (emu, adt) = emulator_with_twins(20).await;
    let last = send(&emu, 20, 50, 3, 10.0);
    let tb = Tb::new().env("TWINBRIDGE_ADT_URL", &emu.adt_url()).env(
        "TWINBRIDGE_EVENTHUB_CONNECTION_STRING",
        &emu.eventhubs_connection_string("deviceevents"),
    );
    let o = run_async(
        &tb,
        &["sync-telemetry", "--until-idle", "2s", "--format", "json"],
    )
    .await;
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let lines: Vec<Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let summary = lines
        .iter()
        .find(|l| l["type"] == "summary")
        .expect("a summary line");
    assert_eq!(summary["events"], 1003);
    assert_eq!(summary["dead_lettered"], 3);
    assert!(
        summary["patches"].as_u64().unwrap() <= 60,
        "coalesced: {summary}"
    );
    assert_twins(&adt, &last).await;
    // a second run starts from the checkpoints: nothing to do
    let o = run_async(
        &tb,
        &["sync-telemetry", "--until-idle", "1s", "--format", "json"],
    )
    .await;
    let summary: Value = serde_json::from_str(stdout(&o).lines().last().unwrap()).unwrap();
    assert_eq!(summary["events"], 0, "{summary}");
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn kill_9_mid_stream_loses_nothing() {
    let (emu, adt) = emulator_with_twins(50).await;
    let last = send(&emu, 50, 400, 5, 0.0);
    let tb = Tb::new().env("TWINBRIDGE_ADT_URL", &emu.adt_url()).env(
        "TWINBRIDGE_EVENTHUB_CONNECTION_STRING",
        &emu.eventhubs_connection_string("deviceevents"),
    );
    let dl = tb.home.path().join("dl.ndjson");
    let dl_s = dl.display().to_string();
    // first process: killed with SIGKILL while the stream is being applied
    let mut child = tb
        .command(&[
            "sync-telemetry",
            "--owner-id",
            "instance-1",
            "--dead-letter",
            &dl_s,
            "--flush-interval",
            "200ms",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    child.kill().unwrap();
    child.wait().unwrap();
    // second process resumes from the last checkpoints and drains the rest
    let o = run_async(
        &tb,
        &[
            "sync-telemetry",
            "--owner-id",
            "instance-1",
            "--dead-letter",
            &dl_s,
            "--until-idle",
            "2s",
            "--format",
            "json",
        ],
    )
    .await;
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_twins(&adt, &last).await;
    // every bad event is in the dead-letter file (at least once, never missing)
    assert_eq!(dead_letter_positions(&dl).len(), 5);
    // and the checkpoints cover every event sent
    let o = run_async(
        &tb,
        &[
            "sync-telemetry",
            "--owner-id",
            "instance-1",
            "--dead-letter",
            &dl_s,
            "--until-idle",
            "1s",
            "--format",
            "json",
        ],
    )
    .await;
    let summary: Value = serde_json::from_str(stdout(&o).lines().last().unwrap()).unwrap();
    assert_eq!(
        summary["events"], 0,
        "everything was checkpointed: {summary}"
    );
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn ndjson_input_and_bad_events_are_dead_lettered_with_reasons() {
    let (emu, adt) = emulator_with_twins(2).await;
    let tb = Tb::new().env("TWINBRIDGE_ADT_URL", &emu.adt_url());
    let input = tb.home.path().join("events.ndjson");
    let lines = [
        json!({"body": {"Temperature": 21.5}, "system_properties": {"iothub-connection-device-id": "dev-0"}}).to_string(),
        "{this is not an event".to_string(),
        json!({"body": "plain text", "system_properties": {"iothub-connection-device-id": "dev-0"}}).to_string(),
        json!({"body": [1, 2], "system_properties": {"iothub-connection-device-id": "dev-0"}}).to_string(),
        json!({"body": {"Temperature": "warm"}, "system_properties": {"iothub-connection-device-id": "dev-1"}}).to_string(),
        json!({"body": {"Temperature": 1.0}}).to_string(),
        json!({"body": {"Temperature": 1.0}, "system_properties": {"iothub-connection-device-id": "nobody"}}).to_string(),
        json!({"body": {"Temperature": "22.5"}, "properties": {"dtId": "dev-1"}, "system_properties": {"iothub-connection-device-id": "other"}}).to_string(),
    ];
    std::fs::write(&input, lines.join("\n")).unwrap();
    let dl = tb.home.path().join("dl.ndjson");
    let o = run_async(
        &tb,
        &[
            "sync-telemetry",
            "--from-file",
            input.to_str().unwrap(),
            "--dead-letter",
            dl.to_str().unwrap(),
            "--until-idle",
        ],
    )
    .await;
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(adt.get_twin("dev-0").await.unwrap()["Temperature"], 21.5);
    assert_eq!(
        adt.get_twin("dev-1").await.unwrap()["Temperature"],
        22.5,
        "dtId enrichment wins, string coerced"
    );
    let reasons: Vec<String> = std::fs::read_to_string(&dl)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["reason"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(reasons.len(), 6, "{reasons:?}");
    for needle in [
        "line 2",
        "not JSON",
        "not an object",
        "warm",
        "no twin id",
        "nobody",
    ] {
        assert!(
            reasons.iter().any(|r| r.contains(needle)),
            "{needle} in {reasons:?}"
        );
    }
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn no_source_is_a_usage_error() {
    let o = Tb::new()
        .env("TWINBRIDGE_ADT_URL", "http://127.0.0.1:9")
        .run(&["sync-telemetry"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("EVENTHUB_CONNECTIONSTRING"),
        "{}",
        stderr(&o)
    );
    let o = Tb::new()
        .env("TWINBRIDGE_ADT_URL", "http://127.0.0.1:9")
        .run(&["sync-telemetry", "--connection-string", "Endpoint=nope"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
}

fn lifecycle_event(device: &str, op: &str, tags: Value) -> Event {
    let mut e = Event::json(&json!({"deviceId": device, "version": 3, "tags": tags}));
    e.properties.insert("opType".into(), json!(op));
    e.properties.insert("deviceId".into(), json!(device));
    e.properties.insert("hubName".into(), json!("emulatorhub"));
    e.system_properties
        .insert("iothub-connection-device-id".into(), json!(device));
    e.system_properties.insert(
        "iothub-message-source".into(),
        json!("deviceLifecycleEvents"),
    );
    e
}

#[tokio::test(flavor = "multi_thread")]
async fn watch_lifecycle_deletes_device_twins_and_leaves_others() {
    let (emu, adt) = emulator_with_twins(3).await;
    adt.put_twin(
        "room",
        &json!({"$metadata": {"$model": "dtmi:contosocom:DigitalTwins:Space;1"}}),
        false,
    )
    .await
    .unwrap();
    adt.put_relationship(
        "room",
        "c0",
        &json!({"$targetId": "dev-0", "$relationshipName": "contains"}),
        false,
    )
    .await
    .unwrap();
    let events = vec![
        lifecycle_event("dev-0", "deleteDeviceIdentity", json!({"dtId": "dev-0"})),
        lifecycle_event("room", "deleteDeviceIdentity", json!({})),
        lifecycle_event("dev-1", "createDeviceIdentity", json!({"dtId": "dev-1"})),
    ];
    emu.events
        .append("lifecycleevents", Some(0), None, events)
        .unwrap();
    let tb = Tb::new().env("TWINBRIDGE_ADT_URL", &emu.adt_url()).env(
        "TWINBRIDGE_EVENTHUB_CONNECTION_STRING",
        &emu.eventhubs_connection_string("lifecycleevents"),
    );
    // dry run first: nothing changes, nothing is checkpointed
    let o = run_async(
        &tb,
        &[
            "watch-lifecycle",
            "--dry-run",
            "--allow-model",
            "dtmi:contosocom:DigitalTwins:Thermostat;*",
            "--until-idle",
            "1s",
            "--format",
            "json",
        ],
    )
    .await;
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("would delete"), "{}", stdout(&o));
    assert!(adt.get_twin("dev-0").await.is_ok());
    let o = run_async(
        &tb,
        &[
            "watch-lifecycle",
            "--allow-model",
            "dtmi:contosocom:DigitalTwins:Thermostat;*",
            "--until-idle",
            "1s",
            "--format",
            "json",
        ],
    )
    .await;
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let lines: Vec<Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let summary = lines.iter().find(|l| l["type"] == "summary").unwrap();
    assert_eq!(
        (
            summary["events"].as_u64(),
            summary["deleted"].as_u64(),
            summary["dead_lettered"].as_u64(),
            summary["skipped"].as_u64()
        ),
        (Some(3), Some(1), Some(1), Some(1)),
        "{summary}"
    );
    assert!(adt.get_twin("dev-0").await.unwrap_err().is_not_found());
    assert!(
        adt.get_twin("room").await.is_ok(),
        "the Space was protected by --allow-model"
    );
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_lifecycle_view_renders_and_updates_under_a_pseudo_terminal() {
    let (emu, _adt) = emulator_with_twins(2).await;
    emu.events
        .append(
            "lifecycleevents",
            Some(0),
            None,
            vec![lifecycle_event(
                "dev-0",
                "deleteDeviceIdentity",
                json!({"dtId": "dev-0"}),
            )],
        )
        .unwrap();
    let tb = Tb::new().env("TWINBRIDGE_ADT_URL", &emu.adt_url()).env(
        "TWINBRIDGE_EVENTHUB_CONNECTION_STRING",
        &emu.eventhubs_connection_string("lifecycleevents"),
    );
    // python's pty module gives the process a real terminal (stdin, stdout, stderr)
    let script = r#"
import os, pty, sys, select, time
pid, fd = pty.fork()
if pid == 0:
    os.environ["COLUMNS"] = "120"; os.environ["LINES"] = "30"; os.environ["TERM"] = "xterm"
    os.execv(sys.argv[1], sys.argv[1:] + ["watch-lifecycle", "--until-idle", "3s", "--allow-model", "dtmi:contosocom:DigitalTwins:Thermostat;*"])
out = b""
deadline = time.time() + 30
while time.time() < deadline:
    r, _, _ = select.select([fd], [], [], 0.5)
    if r:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
sys.stdout.write(out.decode("utf-8", "replace"))
"#;
    let cmd = tb.command(&["-c", script, bin().to_str().unwrap()]);
    let mut cmd = {
        let mut c = std::process::Command::new("python3");
        // Only the environment the runner set up (not CI=true from the test's own environment).
        c.env_clear();
        c.args(["-c", script, bin().to_str().unwrap()]);
        for (k, v) in cmd.get_envs() {
            if let Some(v) = v {
                c.env(k, v);
            }
        }
        c
    };
    let _ = &mut cmd;
    let o = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    let screen = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(
        screen.contains("watch-lifecycle") && screen.contains("partitions 4"),
        "header:\n{screen}"
    );
    assert!(
        screen.contains("TIME") && screen.contains("RESULT"),
        "table header:\n{screen}"
    );
    assert!(
        screen.contains("dev-0") && screen.contains("delete"),
        "the event row:\n{screen}"
    );
    assert!(
        screen.matches("deleted 1").count() >= 1,
        "the counters updated:\n{screen}"
    );
    assert!(
        screen.contains("\x1b["),
        "drawn in place with terminal control sequences"
    );
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn two_processes_share_a_hub_through_blob_checkpoints_and_one_takes_over() {
    let Some(azurite) = super::azurite::Azurite::start().await else {
        return;
    };
    azurite.store_with_container("checkpoints").await;
    let spec = format!("{}ContainerName=checkpoints", azurite.connection_string());
    let (emu, adt) = emulator_with_twins(40).await;
    send(&emu, 40, 200, 0, 0.0);
    let tb = Tb::new().env("TWINBRIDGE_ADT_URL", &emu.adt_url()).env(
        "TWINBRIDGE_EVENTHUB_CONNECTION_STRING",
        &emu.eventhubs_connection_string("deviceevents"),
    );
    let start = |owner: &str| {
        tb.command(&[
            "sync-telemetry",
            "--checkpoint-store",
            &spec,
            "--owner-id",
            owner,
            "--ownership-expiry",
            "3s",
            "--flush-interval",
            "200ms",
            "--format",
            "json",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
    };
    let mut a = start("process-a");
    let mut b = start("process-b");
    // both hold partitions after a few balancing rounds
    let store = azurite.store("checkpoints");
    use twinbridge::events::checkpoint::CheckpointStore;
    let mut split = false;
    for _ in 0..240 {
        let owners: BTreeSet<String> = store
            .list_ownership("127.0.0.1", "deviceevents", "$default")
            .await
            .unwrap()
            .into_iter()
            .map(|o| o.owner_id)
            .collect();
        if owners.contains("process-a") && owners.contains("process-b") {
            split = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    assert!(split, "the two processes split the partitions");
    a.kill().unwrap(); // SIGKILL: its claims expire after 3 s
    a.wait().unwrap();
    // new values on every device: only a process holding every partition can apply them all
    let last = send(&emu, 40, 10, 0, 100.0);
    let mut done = false;
    for _ in 0..120 {
        let mut all = true;
        for (dev, t) in &last {
            if adt.get_twin(dev).await.unwrap()["Temperature"] != json!(t) {
                all = false;
                break;
            }
        }
        if all {
            done = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    // Ownership converges once process-a's claims expired (until then process-b may still be
    // reading a partition it has not noticed it lost: at-least-once, nothing lost).
    let mut owners: Vec<String> = Vec::new();
    for _ in 0..60 {
        owners = store
            .list_ownership("127.0.0.1", "deviceevents", "$default")
            .await
            .unwrap()
            .into_iter()
            .map(|o| o.owner_id)
            .collect();
        if owners.len() == 4 && owners.iter().all(|o| o == "process-b") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    std::process::Command::new("kill")
        .args(["-TERM", &b.id().to_string()])
        .status()
        .unwrap();
    let status = b.wait().unwrap();
    assert!(
        done,
        "process-b finished the stream (owners now {owners:?})"
    );
    assert!(
        owners.iter().all(|o| o == "process-b"),
        "process-b took every partition: {owners:?}"
    );
    assert_eq!(
        status.code(),
        Some(0),
        "SIGTERM flushes, checkpoints and exits 0"
    );
    emu.stop().await;
}

//! `twinbridge emulator` as a process: prints its endpoints as JSON, survives kill -9 with its
//! state intact, and stops cleanly on SIGTERM.
use super::support::*;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::Arc;
use twinbridge::adt::{AdtClient, AdtConfig};
use twinbridge::auth::StaticToken;

fn start(tb: &Tb, state: &std::path::Path) -> (Child, Value) {
    let mut child = tb
        .command(&[
            "emulator",
            "--adt-port",
            "0",
            "--amqp-port",
            "0",
            "--device-port",
            "0",
            "--state",
            state.to_str().unwrap(),
            "--format",
            "json",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    let v: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line:?}"));
    (child, v)
}

#[tokio::test(flavor = "multi_thread")]
async fn survives_kill_9_and_stops_on_sigterm() {
    let tb = Tb::new();
    let state = tb.home.path().join("emu.sqlite");
    let (mut child, info) = start(&tb, &state);
    assert_eq!(info["schema_version"], 1);
    let url = info["adt_url"].as_str().unwrap().to_string();
    assert!(url.starts_with("http://127.0.0.1:"));
    assert!(
        info["amqp_endpoint"]
            .as_str()
            .unwrap()
            .starts_with("amqp://127.0.0.1:")
    );
    let hubs: Vec<&str> = info["eventhubs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["name"].as_str().unwrap())
        .collect();
    assert_eq!(hubs, ["deviceevents", "lifecycleevents"]);
    let adt = AdtClient::new(
        AdtConfig::new(url.parse().unwrap()),
        Arc::new(StaticToken("t".into())),
    )
    .unwrap();
    let dir = models_dir();
    adt.create_models(&[read_json(&dir.join("SpaceModel.json"))])
        .await
        .unwrap();
    for i in 0..50 {
        adt.put_twin(
            &format!("s{i}"),
            &json!({"$metadata": {"$model": "dtmi:contosocom:DigitalTwins:Space;1"}}),
            false,
        )
        .await
        .unwrap();
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();

    let (mut child, info) = start(&tb, &state);
    let url = info["adt_url"].as_str().unwrap().to_string();
    let o = run_async(
        &Tb::new().env("TWINBRIDGE_ADT_URL", &url),
        &["twins", "list", "--format", "json"],
    )
    .await;
    assert_eq!(json_out(&o)["count"], 50, "{}", stderr(&o));
    let pid = child.id().to_string();
    std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
}

#[test]
fn hubs_and_connection_strings_are_printed() {
    let tb = Tb::new();
    let mut child = tb
        .command(&[
            "emulator",
            "--in-memory",
            "--adt-port",
            "0",
            "--amqp-port",
            "0",
            "--hub",
            "telemetry:2",
            "--hub",
            "lifecycle:1",
            "--format",
            "json",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    let v: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line:?}"));
    let port = v["amqp_endpoint"]
        .as_str()
        .unwrap()
        .rsplit(':')
        .next()
        .unwrap()
        .to_string();
    let hubs = v["eventhubs"].as_array().unwrap();
    assert_eq!(hubs.len(), 2);
    let telemetry = hubs.iter().find(|h| h["name"] == "telemetry").unwrap();
    assert_eq!(telemetry["partitions"], 2);
    assert_eq!(
        telemetry["connection_string"],
        format!(
            "Endpoint=sb://127.0.0.1:{port}/;SharedAccessKeyName=emulator;SharedAccessKey=ZW11bGF0b3I=;EntityPath=telemetry;UseDevelopmentEmulator=true"
        )
    );
    assert!(
        telemetry["inject_url"]
            .as_str()
            .unwrap()
            .ends_with("/eventhubs/telemetry/messages")
    );
}

#[test]
fn bad_hub_spec_is_a_usage_error() {
    let o = Tb::new().run(&["emulator", "--in-memory", "--hub", "telemetry"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("NAME:PARTITIONS"), "{}", stderr(&o));
}

#[test]
fn busy_amqp_port_is_a_clear_error() {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port().to_string();
    let o = Tb::new().run(&[
        "emulator",
        "--in-memory",
        "--adt-port",
        "0",
        "--amqp-port",
        &port,
    ]);
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).contains(&port) && stderr(&o).contains("--amqp-port"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn busy_port_is_a_clear_error() {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port().to_string();
    let o = Tb::new().run(&[
        "emulator",
        "--in-memory",
        "--adt-port",
        &port,
        "--amqp-port",
        "0",
        "--device-port",
        "0",
    ]);
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).contains(&port) && stderr(&o).contains("--adt-port"),
        "{}",
        stderr(&o)
    );
}

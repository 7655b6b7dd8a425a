//! `twinbridge simulate-device` and `twinbridge devices` as processes against the emulator's DPS
//! and IoT Hub, with a real allocation webhook (a small axum server in the test that creates the
//! twin in the emulator's ADT, as the sample's Azure Function does).
use super::support::*;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;
use twinbridge::adt::{AdtClient, AdtConfig};
use twinbridge::auth::StaticToken;
use twinbridge::emulator::dps::{DEFAULT_ID_SCOPE, EnrollmentGroup, WELL_KNOWN_GROUP_KEY};
use twinbridge::emulator::{Emulator, EmulatorConfig};
use twinbridge::events::Event;

const THERMOSTAT: &str = "dtmi:contosocom:DigitalTwins:Thermostat;2";

/// What the test webhook does.
#[derive(Clone)]
enum Mode {
    /// Find or create the twin in ADT, answer the hub and tags (the sample's function).
    Sample(Arc<AdtClient>),
    /// Answer this status.
    Status(u16),
}

async fn webhook(State(mode): State<Mode>, Json(req): Json<Value>) -> Response {
    match mode {
        Mode::Status(s) => (StatusCode::from_u16(s).unwrap(), "webhook says no").into_response(),
        Mode::Sample(adt) => {
            let reg = req["deviceRuntimeContext"]["registrationId"]
                .as_str()
                .unwrap_or_default();
            let model = req["deviceRuntimeContext"]["payload"]["modelId"]
                .as_str()
                .unwrap_or_default();
            let hub = req["linkedHubs"][0].as_str().unwrap_or_default();
            if reg.is_empty() || hub.is_empty() {
                return (
                    StatusCode::BAD_REQUEST,
                    "registrationId and linkedHubs are required",
                )
                    .into_response();
            }
            if adt.get_twin(reg).await.is_err() {
                let twin = json!({"$metadata": {"$model": model}});
                if let Err(e) = adt.put_twin(reg, &twin, false).await {
                    return (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response();
                }
            }
            Json(json!({"iotHubHostName": hub, "initialTwin": {"tags": {"dtmi": model, "dtId": reg}, "properties": {"desired": {}}}}))
                .into_response()
        }
    }
}

/// Serve the webhook on 127.0.0.1:0; returns its URL.
async fn serve_webhook(mode: Mode) -> String {
    let app = axum::Router::new()
        .route("/api/allocate", axum::routing::post(webhook))
        .with_state(mode);
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://{}/api/allocate?code=secret",
        l.local_addr().unwrap()
    );
    tokio::spawn(async move { axum::serve(l, app).await.unwrap() });
    url
}

fn adt(emu: &Emulator) -> AdtClient {
    AdtClient::new(
        AdtConfig::new(emu.adt_url().parse().unwrap()),
        Arc::new(StaticToken("t".into())),
    )
    .unwrap()
}

/// An emulator with the sample models, DPS answering quickly, webhooks retried quickly.
async fn emulator(webhook: Option<Mode>) -> Emulator {
    let mut cfg = EmulatorConfig::for_tests();
    cfg.devices.dps.retry_after = Duration::from_millis(200);
    cfg.devices.dps.webhook_retry = twinbridge::emulator::dps::allocation::WebhookRetry {
        retries: 2,
        initial: Duration::from_millis(20),
        increment: Duration::from_millis(20),
    };
    let emu = Emulator::start(cfg).await.unwrap();
    let dir = models_dir();
    adt(&emu)
        .create_models(&[
            read_json(&dir.join("SpaceModel.json")),
            read_json(&dir.join("ThermostatModel.json")),
        ])
        .await
        .unwrap();
    let mode = match webhook {
        Some(Mode::Sample(_)) => Some(Mode::Sample(Arc::new(adt(&emu)))),
        other => other,
    };
    if let Some(mode) = mode {
        let url = serve_webhook(mode).await;
        emu.devices
            .dps
            .put_group(EnrollmentGroup::new(
                "default",
                WELL_KNOWN_GROUP_KEY,
                Some(url),
            ))
            .unwrap();
    }
    emu
}

fn sim_args(emu: &Emulator, ca: &str, extra: &[&str]) -> Vec<String> {
    let endpoint = emu.devices.endpoint();
    let base = [
        ("--dps-endpoint", endpoint.as_str()),
        ("--ca-cert", ca),
        ("--scope", DEFAULT_ID_SCOPE),
        ("--group-key", WELL_KNOWN_GROUP_KEY),
        ("--dps-rate", "60000"),
    ];
    let mut v = vec!["simulate-device".to_string()];
    for (flag, value) in base {
        if !extra.contains(&flag) {
            v.push(flag.to_string());
            v.push(value.to_string());
        }
    }
    v.extend(extra.iter().map(|s| s.to_string()));
    v
}

fn write_ca(tb: &Tb, emu: &Emulator) -> String {
    let p = tb.home.path().join("ca.pem");
    std::fs::write(&p, &emu.devices.ca_pem).unwrap();
    p.display().to_string()
}

async fn run(tb: &Tb, args: Vec<String>) -> std::process::Output {
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    run_async(tb, &refs).await
}

fn events(emu: &Emulator, hub: &str) -> Vec<Event> {
    let n = emu.events.partitions(hub).unwrap();
    (0..n)
        .flat_map(|p| emu.events.read(hub, p, -1, 100_000).unwrap())
        .collect()
}

fn ndjson(o: &std::process::Output) -> Vec<Value> {
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

async fn hundred_devices(transport: &str) {
    let emu = emulator(Some(Mode::Sample(Arc::new(adt_placeholder())))).await;
    let tb = Tb::new();
    let ca = write_ca(&tb, &emu);
    let creds = tb.home.path().join("creds.json");
    let o = run(
        &tb,
        sim_args(
            &emu,
            &ca,
            &[
                "--registration-id",
                "thermo-{n:03}",
                "--count",
                "100",
                "--model",
                THERMOSTAT,
                "--transport",
                transport,
                "--messages",
                "2",
                "--interval",
                "300ms",
                "--save-credentials",
                creds.to_str().unwrap(),
                "--format",
                "json",
            ],
        ),
    )
    .await;
    assert_eq!(code(&o), 0, "stderr:\n{}", stderr(&o));
    let lines = ndjson(&o);
    let summary = lines.last().unwrap();
    assert_eq!(summary["type"], "summary");
    assert_eq!(summary["provisioned"], 100, "{summary}");
    assert_eq!(summary["sent"], 200, "{summary}");
    assert_eq!(
        lines.iter().filter(|l| l["type"] == "provisioned").count(),
        100
    );
    // Twins created in ADT by the allocation webhook.
    let twins = adt(&emu)
        .query_all("SELECT * FROM digitaltwins T WHERE IS_OF_MODEL('dtmi:contosocom:DigitalTwins:Thermostat;2')", None, None, |_, _| {})
        .await
        .unwrap()
        .0;
    assert_eq!(twins.len(), 100);
    // Telemetry in the event log with the dtId enrichment and IoT Hub's properties.
    let telemetry = events(&emu, "deviceevents");
    assert_eq!(telemetry.len(), 200);
    for e in &telemetry {
        let dev = e.device_id().unwrap();
        assert!(dev.starts_with("thermo-"));
        assert_eq!(e.property_str("dtId"), Some(dev));
        assert_eq!(e.property_str("dtmi"), Some(THERMOSTAT));
        assert_eq!(e.content_type.as_deref(), Some("application/json"));
        assert_eq!(
            e.system_properties["iothub-message-source"],
            json!("Telemetry")
        );
        let t = e.body_json().unwrap()["Temperature"].as_f64().unwrap();
        assert!((24.0..=26.0).contains(&t));
    }
    // The saved credentials skip DPS on the next run; keys were redacted.
    let saved = std::fs::read_to_string(&creds).unwrap();
    assert!(saved.contains("<redacted>") && !saved.contains(WELL_KNOWN_GROUP_KEY));
    let o = run(
        &tb,
        vec![
            "simulate-device".into(),
            "--from-credentials".into(),
            creds.display().to_string(),
            "--group-key".into(),
            WELL_KNOWN_GROUP_KEY.into(),
            "--ca-cert".into(),
            ca.clone(),
            "--transport".into(),
            transport.into(),
            "--messages".into(),
            "1".into(),
            "--format".into(),
            "json".into(),
        ],
    )
    .await;
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let lines = ndjson(&o);
    assert_eq!(
        lines.iter().filter(|l| l["type"] == "provisioned").count(),
        0
    );
    assert_eq!(lines.last().unwrap()["sent"], 100);
    assert_eq!(events(&emu, "deviceevents").len(), 300);
    emu.stop().await;
}

/// A stand-in replaced by the emulator's own ADT client in [`emulator`].
fn adt_placeholder() -> AdtClient {
    AdtClient::new(
        AdtConfig::new("http://127.0.0.1:9".parse().unwrap()),
        Arc::new(StaticToken("t".into())),
    )
    .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn hundred_devices_over_mqtt_provision_through_the_webhook_and_send_enriched_telemetry() {
    hundred_devices("mqtt").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn hundred_devices_over_https_provision_through_the_webhook_and_send_enriched_telemetry() {
    hundred_devices("https").await;
}

async fn failing(mode: Option<Mode>, extra: &[&str], transport: &str) -> (String, Vec<Value>) {
    let emu = emulator(mode).await;
    let tb = Tb::new();
    let ca = write_ca(&tb, &emu);
    let mut all = vec!["--count", "2", "--messages", "1", "--transport", transport];
    all.extend_from_slice(extra);
    let mut args = sim_args(&emu, &ca, &all);
    args.extend(["--format".to_string(), "json".to_string()]);
    let o = run(&tb, args).await;
    assert_eq!(
        code(&o),
        1,
        "stdout:\n{}\nstderr:\n{}",
        stdout(&o),
        stderr(&o)
    );
    let lines = ndjson(&o);
    emu.stop().await;
    (stderr(&o), lines)
}

#[tokio::test(flavor = "multi_thread")]
async fn webhook_failures_give_dps_errors_and_clear_messages() {
    for (status, code, transport) in [
        (400, 400207, "mqtt"),
        (500, 400207, "https"),
        (429, 400207, "mqtt"),
        (401, 400209, "https"),
    ] {
        let (err, lines) = failing(Some(Mode::Status(status)), &[], transport).await;
        let summary = lines.last().unwrap();
        assert_eq!(summary["failed"], 2, "{summary}");
        let cause = summary["failures"][0]["cause"].as_str().unwrap();
        assert_eq!(cause, format!("DPS: failed {code}"), "{status}: {summary}");
        assert!(err.contains("2 of 2 devices failed"), "{err}");
        assert!(
            err.contains(&format!("status code: {status}")),
            "{status}: {err}"
        );
        assert!(err.contains("webhook"), "{err}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_key_unknown_scope_and_disabled_enrollment_are_explained() {
    let (err, _) = failing(
        None,
        &[
            "--group-key",
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        ],
        "https",
    )
    .await;
    assert!(
        err.contains("DPS: unauthorized (401)") && err.contains("401002"),
        "{err}"
    );
    assert!(err.contains("--group-key"), "{err}");
    let (err, _) = failing(None, &["--scope", "0ne99999999"], "https").await;
    assert!(err.contains("404") && err.contains("0ne99999999"), "{err}");
    assert!(err.contains("--scope"), "{err}");
    let (err, _) = failing(None, &["--scope", "0ne99999999"], "mqtt").await;
    assert!(
        err.contains("wrong ID scope, registration id or key"),
        "{err}"
    );

    let emu = emulator(None).await;
    let mut g = EnrollmentGroup::new("default", WELL_KNOWN_GROUP_KEY, None);
    g.enabled = false;
    emu.devices.dps.put_group(g).unwrap();
    let tb = Tb::new();
    let ca = write_ca(&tb, &emu);
    let o = run(
        &tb,
        sim_args(&emu, &ca, &["--count", "1", "--messages", "1"]),
    )
    .await;
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("enrollment disabled"), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("enable the enrollment group"),
        "{}",
        stderr(&o)
    );
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn usage_errors_name_the_flag() {
    let tb = Tb::new();
    for (args, needle) in [
        (vec!["simulate-device", "--group-key", "AAAA"], "--scope"),
        (vec!["simulate-device", "--scope", "s"], "--group-key"),
        (
            vec![
                "simulate-device",
                "--scope",
                "s",
                "--group-key",
                "AAAA",
                "--count",
                "3",
                "--registration-id",
                "same",
            ],
            "{n}",
        ),
        (
            vec![
                "simulate-device",
                "--scope",
                "s",
                "--group-key",
                "not base64!",
            ],
            "--group-key",
        ),
        (
            vec![
                "simulate-device",
                "--scope",
                "s",
                "--group-key",
                "AAAA",
                "--model",
                "thermostat",
            ],
            "--model",
        ),
        (
            vec![
                "simulate-device",
                "--scope",
                "s",
                "--group-key",
                "AAAA",
                "--ca-cert",
                "/nonexistent.pem",
            ],
            "--ca-cert",
        ),
    ] {
        let o = tb.run(&args);
        assert_eq!(code(&o), 2, "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(needle), "{args:?}: {}", stderr(&o));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn devices_list_show_delete_and_the_lifecycle_event_carries_the_tags() {
    let emu = emulator(Some(Mode::Sample(Arc::new(adt_placeholder())))).await;
    let tb = Tb::new();
    let ca = write_ca(&tb, &emu);
    let o = run(
        &tb,
        sim_args(
            &emu,
            &ca,
            &[
                "--registration-id",
                "t-{n}",
                "--count",
                "2",
                "--model",
                THERMOSTAT,
                "--messages",
                "0",
            ],
        ),
    )
    .await;
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let tb = Tb::new()
        .env(
            "TWINBRIDGE_IOTHUB_CONNECTION_STRING",
            &emu.devices.hub_connection_string(),
        )
        .env("TWINBRIDGE_CA_CERT", &ca);
    let o = run_async(&tb, &["devices", "list", "--format", "json"]).await;
    let v = json_out(&o);
    assert_eq!(v["count"], 2, "{v}");
    assert_eq!(v["devices"][0]["tags"]["dtId"], "t-1");
    let o = run_async(&tb, &["devices", "list"]).await;
    assert!(
        stdout(&o).contains("t-2") && stdout(&o).contains(THERMOSTAT),
        "{}",
        stdout(&o)
    );
    let o = run_async(&tb, &["devices", "show", "t-1", "--format", "json"]).await;
    let v = json_out(&o);
    assert_eq!(v["twin"]["tags"]["dtmi"], THERMOSTAT);
    assert_eq!(
        v["device"]["authentication"]["symmetricKey"]["primaryKey"],
        "<redacted>"
    );
    assert!(!stdout(&o).contains(WELL_KNOWN_GROUP_KEY));
    let o = run_async(&tb, &["devices", "delete", "t-1"]).await;
    assert_eq!(code(&o), 2, "needs --yes off a terminal");
    let o = run_async(&tb, &["devices", "delete", "t-1", "--yes"]).await;
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = run_async(&tb, &["devices", "show", "t-1"]).await;
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).contains("not in the hub's registry"),
        "{}",
        stderr(&o)
    );
    let deleted: Vec<_> = events(&emu, "lifecycleevents")
        .into_iter()
        .filter(|e| e.property_str("opType") == Some("deleteDeviceIdentity"))
        .collect();
    assert_eq!(deleted.len(), 1);
    let body = deleted[0].body_json().unwrap();
    assert_eq!(body["tags"], json!({"dtmi": THERMOSTAT, "dtId": "t-1"}));
    assert_eq!(deleted[0].property_str("deviceId"), Some("t-1"));
    let o = run_async(&Tb::new(), &["devices", "list"]).await;
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("--connection-string"), "{}", stderr(&o));
    emu.stop().await;
}

/// The user's flow as processes: `twinbridge emulator` prints its DPS endpoint and writes its CA;
/// `simulate-device` runs against it until Ctrl-C, then disconnects and prints the summary.
#[tokio::test(flavor = "multi_thread")]
async fn emulator_process_then_simulate_device_until_ctrl_c() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let tb = Tb::new();
    let ca = tb.home.path().join("emu-ca.pem");
    let mut emu = tb
        .command(&[
            "emulator",
            "--in-memory",
            "--adt-port",
            "0",
            "--device-port",
            "0",
            "--ca-out",
            ca.to_str().unwrap(),
            "--format",
            "json",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(emu.stdout.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    let info: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"));
    assert!(
        std::fs::read_to_string(&ca)
            .unwrap()
            .contains("BEGIN CERTIFICATE")
    );
    assert_eq!(info["ca_cert"], ca.to_str().unwrap());
    assert_eq!(info["id_scope"], DEFAULT_ID_SCOPE);
    assert_eq!(info["enrollment_groups"][0]["id"], "default");
    let endpoint = info["dps_endpoint"].as_str().unwrap().to_string();
    assert!(
        info["iothub_connection_string"]
            .as_str()
            .unwrap()
            .starts_with("HostName=localhost:")
    );

    let mut sim = tb
        .command(&[
            "simulate-device",
            "--dps-endpoint",
            &endpoint,
            "--ca-cert",
            ca.to_str().unwrap(),
            "--scope",
            DEFAULT_ID_SCOPE,
            "--group-key",
            WELL_KNOWN_GROUP_KEY,
            "--count",
            "5",
            "--interval",
            "100ms",
            "--format",
            "json",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(sim.stdout.take().unwrap());
    let mut sent = 0;
    while sent < 10 {
        let mut l = String::new();
        assert!(
            out.read_line(&mut l).unwrap() > 0,
            "simulate-device ended early"
        );
        if l.contains("\"type\":\"sent\"") {
            sent += 1;
        }
    }
    std::process::Command::new("kill")
        .args(["-INT", &sim.id().to_string()])
        .status()
        .unwrap();
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut out, &mut rest).unwrap();
    let status = sim.wait().unwrap();
    assert_eq!(status.code(), Some(0), "Ctrl-C with nothing failed exits 0");
    let summary: Value = serde_json::from_str(rest.lines().last().unwrap()).unwrap();
    assert_eq!(summary["type"], "summary");
    assert_eq!(summary["interrupted"], true);
    assert_eq!(summary["connected"], 5);
    assert!(summary["sent"].as_u64().unwrap() >= 10);
    std::process::Command::new("kill")
        .args(["-TERM", &emu.id().to_string()])
        .status()
        .unwrap();
    assert_eq!(emu.wait().unwrap().code(), Some(0));
}

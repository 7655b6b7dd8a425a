//! The long-running commands as services, through the real binary against the emulator: the
//! probe endpoints and `/metrics` (parsed by the official Python `prometheus_client`, text and
//! OpenMetrics), SIGTERM draining with checkpoints and nothing lost, and logs for collectors
//! (JSON lines, no colour codes off a terminal, probes not in the access log).
use super::support::*;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Stdio};
use std::time::Duration;
use twinbridge::events::Event;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn telemetry(device: &str, t: f64) -> Event {
    let mut e = Event::json(&json!({"Temperature": t}));
    e.system_properties
        .insert("iothub-connection-device-id".into(), json!(device));
    e.properties.insert("dtId".into(), json!(device));
    e
}

async fn get(url: &str) -> (u16, String) {
    match reqwest::get(url).await {
        Ok(r) => (r.status().as_u16(), r.text().await.unwrap_or_default()),
        Err(_) => (0, String::new()),
    }
}

/// Poll `/readyz` until it answers 200 (bounded).
async fn wait_ready(base: &str) -> Vec<u16> {
    let mut seen = Vec::new();
    for _ in 0..240 {
        let (status, _) = get(&format!("{base}/readyz")).await;
        if seen.last() != Some(&status) {
            seen.push(status);
        }
        if status == 200 {
            return seen;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    panic!("/readyz never answered 200: {seen:?}");
}

/// `/metrics` scraped and parsed by the official Python client, both formats.
async fn scrape(python: &std::path::Path, base: &str) -> Value {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/peers/metrics_peer.py");
    let out = tokio::process::Command::new(python)
        .arg(script)
        .arg(format!("{base}/metrics"))
        .output()
        .await
        .expect("python runs");
    assert!(
        out.status.success(),
        "prometheus_client could not parse /metrics:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A sample's value from the OpenMetrics scrape (the later of the two), 0 when absent; a
/// sample present in one format is present in the other.
fn sample(doc: &Value, key: &str) -> f64 {
    let text = doc["text"].get(key);
    let om = doc["openmetrics"].get(key);
    assert_eq!(text.is_some(), om.is_some(), "{key} in both formats: {doc}");
    om.and_then(Value::as_f64).unwrap_or(0.0)
}

/// `promtool check metrics` (Debian's prometheus package), where installed, finds no problem
/// in the exposition (names, types, help, units).
fn promtool_lints(exposition: &str) {
    use std::io::Write;
    let Ok(mut child) = std::process::Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    else {
        return;
    };
    child
        .stdin
        .take()
        .unwrap()
        .write_all(exposition.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(
        o.status.success() && o.stdout.is_empty() && o.stderr.is_empty(),
        "promtool check metrics: {}{}",
        stdout(&o),
        stderr(&o)
    );
}

fn term(child: &Child) {
    let ok = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
}

async fn wait_child(mut child: Child) -> std::process::Output {
    tokio::task::spawn_blocking(move || {
        for _ in 0..600 {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = child.kill();
        child.wait_with_output().unwrap()
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn sync_telemetry_serves_metrics_and_sigterm_drains_without_loss() {
    // /metrics is parsed by the official Python prometheus_client (a peer).
    let Some(python) = crate::peers::python() else {
        return;
    };
    let (emu, adt) = emulator_with_twins(20).await;
    let mut last = std::collections::BTreeMap::new();
    for d in 0..20 {
        let dev = format!("dev-{d}");
        let events: Vec<Event> = (0..300)
            .map(|i| {
                let t = i as f64 / 10.0;
                last.insert(dev.clone(), t);
                telemetry(&dev, t)
            })
            .collect();
        emu.events
            .append("deviceevents", None, Some(&dev), events)
            .unwrap();
    }
    let mut bad = telemetry("dev-0", 0.0);
    bad.body = b"not json".to_vec();
    emu.events
        .append("deviceevents", None, Some("dev-0"), vec![bad])
        .unwrap();
    let total = 20 * 300 + 1;
    let tb = Tb::new().env("TWINBRIDGE_ADT_URL", &emu.adt_url()).env(
        "TWINBRIDGE_EVENTHUB_CONNECTION_STRING",
        &emu.eventhubs_connection_string("deviceevents"),
    );
    let dl = tb.home.path().join("dl.ndjson");
    let dl_s = dl.display().to_string();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let child = tb
        .command(&[
            "--log-format",
            "json",
            "sync-telemetry",
            "--owner-id",
            "svc-1",
            "--dead-letter",
            &dl_s,
            "--flush-interval",
            "300ms",
            "--metrics-listen",
            &format!("127.0.0.1:{port}"),
        ])
        .env("TWINBRIDGE_METRICS_LISTEN", "not-an-address") // the flag wins over the env
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (status, body) = get(&format!("{base}/healthz")).await;
    assert!(status == 200 || status == 0, "{status} {body}");
    wait_ready(&base).await;
    // work is under way: events applied, seen by the official parser
    let mut doc = Value::Null;
    for _ in 0..120 {
        doc = scrape(&python, &base).await;
        if sample(&doc, "twinbridge_events_applied_total{}") > 0.0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    promtool_lints(&get(&format!("{base}/metrics")).await.1);
    let applied_before = sample(&doc, "twinbridge_events_applied_total{}");
    assert!(applied_before > 0.0, "{doc}");
    let types = &doc["types"];
    assert_eq!(types["twinbridge_events_applied"], "counter");
    assert_eq!(types["twinbridge_event_lag_seconds"], "histogram");
    assert_eq!(types["twinbridge_partitions_owned"], "gauge");
    assert_eq!(types["twinbridge_checkpoint_age_seconds"], "gauge");
    assert_eq!(sample(&doc, "twinbridge_partitions_owned{}"), 4.0);
    assert_eq!(sample(&doc, "twinbridge_ready{}"), 1.0);
    assert!(sample(&doc, "twinbridge_events_received_total{}") >= applied_before);
    assert!(sample(&doc, "twinbridge_event_lag_seconds_count{}") > 0.0);
    assert!(sample(&doc, "twinbridge_patches_total{}") > 0.0);
    assert!(
        sample(
            &doc,
            "twinbridge_adt_requests_total{operation=\"patch_twin\",status=\"204\"}"
        ) + sample(
            &doc,
            "twinbridge_adt_requests_total{operation=\"patch_twin\",status=\"200\"}"
        ) > 0.0,
        "{}",
        doc["text"]
    );
    for p in 0..4 {
        let key = format!("twinbridge_checkpoint_age_seconds{{partition=\"{p}\"}}");
        assert!(doc["text"].get(&key).is_some(), "{key} in {}", doc["text"]);
    }

    // SIGTERM mid-stream: drain, checkpoint, release, exit 0
    term(&child);
    let o = wait_child(child).await;
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let err = stderr(&o);
    for line in err.lines().filter(|l| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("a log line is not JSON ({e}): {line:?}"));
        assert!(
            v["timestamp"].is_string() && v["level"].is_string() && v["message"].is_string(),
            "{line}"
        );
    }
    assert!(err.contains("stopping"), "{err}");
    assert!(!err.contains('\u{1b}'), "no colour codes in logs: {err}");

    // the restart applies the rest; what was applied before the signal is not read again
    let o = run_async(
        &tb,
        &[
            "sync-telemetry",
            "--owner-id",
            "svc-1",
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
    let summary: Value = serde_json::from_str(stdout(&o).lines().last().unwrap()).unwrap();
    let reread = summary["events"].as_f64().unwrap();
    assert!(
        reread <= total as f64 - applied_before,
        "events applied before SIGTERM were checkpointed: re-read {reread} of {total}, {applied_before} applied before"
    );
    eprintln!("SIGTERM after {applied_before} of {total} applied; the restart read {reread}");
    for (dev, t) in &last {
        assert_eq!(
            adt.get_twin(dev).await.unwrap()["Temperature"],
            json!(t),
            "{dev}"
        );
    }
    assert!(std::fs::read_to_string(&dl).unwrap().contains("not json"));
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn watch_lifecycle_probes_metrics_and_a_usage_error_for_a_bad_address() {
    // /metrics is parsed by the official Python prometheus_client (a peer).
    let Some(python) = crate::peers::python() else {
        return;
    };
    let (emu, _adt) = emulator_with_twins(1).await;
    let tb = Tb::new().env("TWINBRIDGE_ADT_URL", &emu.adt_url()).env(
        "TWINBRIDGE_EVENTHUB_CONNECTION_STRING",
        &emu.eventhubs_connection_string("lifecycleevents"),
    );
    let o = tb.run(&[
        "watch-lifecycle",
        "--allow-model",
        "*",
        "--metrics-listen",
        "nowhere",
    ]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("--metrics-listen"), "{}", stderr(&o));

    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let child = tb
        .command(&[
            "watch-lifecycle",
            "--allow-model",
            "*",
            "--shutdown-timeout",
            "10s",
        ])
        .env("TWINBRIDGE_METRICS_LISTEN", format!("127.0.0.1:{port}"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_ready(&base).await;
    let doc = scrape(&python, &base).await;
    assert_eq!(sample(&doc, "twinbridge_partitions_owned{}"), 4.0, "{doc}");
    assert_eq!(sample(&doc, "twinbridge_in_flight{}"), 0.0);
    assert_eq!(
        sample(&doc, "twinbridge_build_info{version=\"0.1.0\"}"),
        1.0,
        "{}",
        doc["text"]
    );
    // readiness answers with a JSON body; liveness does not depend on anything
    let (s, body) = get(&format!("{base}/readyz")).await;
    assert_eq!(
        (
            s,
            serde_json::from_str::<Value>(&body).unwrap()["status"].clone()
        ),
        (200, json!("ready"))
    );
    assert_eq!(get(&format!("{base}/healthz")).await.0, 200);
    term(&child);
    let o = wait_child(child).await;
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    emu.stop().await;
}

/// Start `allocate serve` and return it with its base URL (from the JSON line on stdout).
fn serve(tb: &Tb, extra: &[&str], no_color: bool) -> (Child, String) {
    let mut args = vec!["--format", "json"];
    args.extend_from_slice(extra);
    args.extend_from_slice(&[
        "allocate",
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--allow-model",
        "*",
    ]);
    let mut cmd = tb.command(&args);
    if !no_color {
        cmd.env_remove("NO_COLOR");
    }
    let mut child = cmd
        .env("TWINBRIDGE_ALLOCATE_KEYS", "svc-key-0123456789")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    let v: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line:?}"));
    (child, format!("http://{}", v["listen"].as_str().unwrap()))
}

#[tokio::test(flavor = "multi_thread")]
async fn allocate_serve_logs_for_collectors_without_probes_or_colour() {
    // /metrics is parsed by the official Python prometheus_client (a peer).
    let Some(python) = crate::peers::python() else {
        return;
    };
    let emu = seeded_emulator().await;
    let tb = Tb::new().env("TWINBRIDGE_ADT_URL", &emu.adt_url());
    for (extra, json_logs, colour) in [
        (&[][..], false, false),
        (&["--log-format", "json"][..], true, false),
        (&["--color", "always"][..], false, true),
    ] {
        let (child, base) = serve(&tb, extra, false);
        wait_ready(&base).await;
        for p in ["/healthz", "/readyz", "/metrics", "/metrics"] {
            assert_eq!(get(&format!("{base}{p}")).await.0, 200, "{p}");
        }
        let r = reqwest::Client::new()
            .post(format!("{base}/api/allocate"))
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401);
        let doc = scrape(&python, &base).await;
        promtool_lints(&get(&format!("{base}/metrics")).await.1);
        assert_eq!(
            sample(
                &doc,
                "twinbridge_allocations_total{outcome=\"Unauthorized\",status=\"401\"}"
            ),
            1.0
        );
        term(&child);
        let o = wait_child(child).await;
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let err = stderr(&o);
        let access: Vec<&str> = err.lines().filter(|l| l.contains("access")).collect();
        assert_eq!(access.len(), 1, "one access line, none for probes: {err}");
        assert!(access[0].contains("401"), "{}", access[0]);
        assert_eq!(
            err.contains('\u{1b}'),
            colour,
            "colour codes only with --color always: {err:?}"
        );
        if json_logs {
            let v: Value = serde_json::from_str(access[0]).unwrap();
            assert_eq!(v["target"], "twinbridge::access");
            assert_eq!(v["status"], 401);
            assert_eq!(v["path"], "/api/allocate");
            for line in err.lines().filter(|l| !l.trim().is_empty()) {
                assert!(
                    serde_json::from_str::<Value>(line).is_ok(),
                    "not JSON: {line:?}"
                );
            }
        }
    }
    emu.stop().await;
}

#[test]
fn log_format_comes_from_flag_env_or_config_file() {
    let tb = Tb::new();
    tb.config("log-format = \"json\"\n");
    let o = tb.run(&["--show-settings", "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v = json_out(&o);
    assert_eq!(v["settings"]["log-format"]["value"], "json", "{v}");
    assert!(
        v["settings"]["log-format"]["origin"]
            .as_str()
            .unwrap()
            .starts_with("file"),
        "{v}"
    );
    let o = tb
        .command(&["--show-settings", "--format", "json"])
        .env("TWINBRIDGE_LOG_FORMAT", "text")
        .output()
        .unwrap();
    let v = json_out(&o);
    assert_eq!(
        v["settings"]["log-format"]["value"], "text",
        "env over file"
    );
    // a usage error is a JSON line too when logs are JSON
    let o = tb.run(&[
        "sync-telemetry",
        "--from-file",
        "/nonexistent",
        "--adt-url",
        "http://127.0.0.1:9",
        "--metrics-listen",
        "x",
    ]);
    assert_eq!(code(&o), 2);
    let line = stderr(&o);
    let v: Value = serde_json::from_str(line.trim()).unwrap_or_else(|e| panic!("{e}: {line}"));
    assert_eq!(v["level"], "ERROR");
    assert!(
        v["message"].as_str().unwrap().contains("--metrics-listen"),
        "{v}"
    );
}

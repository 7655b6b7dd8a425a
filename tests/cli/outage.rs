//! ADT outages against the real binary: a proxy in front of the emulator answers 500/502/504 (or
//! nothing listens at all) for a while. Nothing is dead-lettered, the consumer says once that
//! ADT is unavailable and once that it is back, and every value lands afterwards.
use super::support::*;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicU16, Ordering};
use std::time::Duration;
use twinbridge::emulator::Emulator;
use twinbridge::events::Event;

/// A proxy to `upstream` that answers `fault` itself while it is non-zero.
#[derive(Clone)]
struct Proxy {
    upstream: String,
    fault: Arc<AtomicU16>,
}

async fn forward(
    axum::extract::State(p): axum::extract::State<Proxy>,
    method: axum::http::Method,
    uri: axum::http::Uri,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let fault = p.fault.load(Ordering::SeqCst);
    if fault != 0 {
        let status = axum::http::StatusCode::from_u16(fault).unwrap();
        return (status, "<html>upstream unavailable</html>").into_response();
    }
    let url = format!(
        "{}{}",
        p.upstream,
        uri.path_and_query().map(|x| x.as_str()).unwrap_or("/")
    );
    let mut req = reqwest::Client::new().request(method, url).body(body);
    for (k, v) in headers.iter().filter(|(k, _)| *k != "host") {
        req = req.header(k, v);
    }
    let Ok(resp) = req.send().await else {
        return axum::http::StatusCode::BAD_GATEWAY.into_response();
    };
    let status = axum::http::StatusCode::from_u16(resp.status().as_u16()).unwrap();
    let mut out = axum::http::HeaderMap::new();
    for (k, v) in resp.headers() {
        if k != "content-length" && k != "transfer-encoding" {
            out.insert(k.clone(), v.clone());
        }
    }
    let bytes = resp.bytes().await.unwrap_or_default();
    (status, out, bytes).into_response()
}

/// Serve the proxy on `listener`.
fn serve(listener: tokio::net::TcpListener, upstream: String, fault: Arc<AtomicU16>) {
    let app = axum::Router::new()
        .fallback(forward)
        .with_state(Proxy { upstream, fault });
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
}

/// A proxy answering `status` until the returned switch is set to 0.
async fn faulty_proxy(upstream: String, status: u16) -> (String, Arc<AtomicU16>) {
    let fault = Arc::new(AtomicU16::new(status));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    serve(listener, upstream, fault.clone());
    (url, fault)
}

/// `per_device` temperatures for each of `devices` devices; the last value per device.
fn send(emu: &Emulator, devices: usize, per_device: usize) -> BTreeMap<String, f64> {
    let mut last = BTreeMap::new();
    for d in 0..devices {
        let dev = format!("dev-{d}");
        let events: Vec<Event> = (0..per_device)
            .map(|i| {
                let t = 10.0 + i as f64 / 10.0;
                last.insert(dev.clone(), t);
                let mut e = Event::json(&json!({ "Temperature": t }));
                e.system_properties
                    .insert("iothub-connection-device-id".into(), json!(dev));
                e
            })
            .collect();
        emu.events
            .append("deviceevents", None, Some(&dev), events)
            .unwrap();
    }
    last
}

fn dead_letters(path: &std::path::Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Run `args` (with `--max-retries 1`, so the client gives up quickly and the consumer's own
/// outage handling is what keeps the events) while `during` runs; returns (exit code, stdout,
/// stderr).
async fn run_through_outage(
    tb: &Tb,
    args: &[&str],
    during: impl std::future::Future<Output = ()>,
) -> (i32, String, String) {
    let mut all = vec!["--max-retries", "1"];
    all.extend_from_slice(args);
    let child = tb
        .command(&all)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    during.await;
    let o = tokio::time::timeout(
        Duration::from_secs(120),
        tokio::task::spawn_blocking(move || child.wait_with_output().unwrap()),
    )
    .await
    .expect("the consumer finishes once ADT is back")
    .unwrap();
    (code(&o), stdout(&o), stderr(&o))
}

fn summary(out: &str) -> Value {
    out.lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|l| l["type"] == "summary")
        .unwrap_or_else(|| panic!("a summary line in {out}"))
}

/// The outage is reported once when it starts and once when it ends (with its duration).
fn assert_reported_once(err: &str) {
    assert_eq!(
        err.matches("ADT unavailable").count(),
        1,
        "one line when the outage starts:\n{err}"
    );
    assert_eq!(
        err.matches("ADT available again after").count(),
        1,
        "one line when it ends:\n{err}"
    );
}

async fn sync_survives(status: u16) {
    let (emu, adt) = emulator_with_twins(10).await;
    let last = send(&emu, 10, 30);
    let (url, fault) = faulty_proxy(emu.adt_url(), status).await;
    let tb = Tb::new().env("TWINBRIDGE_ADT_URL", &url).env(
        "TWINBRIDGE_EVENTHUB_CONNECTION_STRING",
        &emu.eventhubs_connection_string("deviceevents"),
    );
    let dl = tb.home.path().join("dl.ndjson");
    let (code, out, err) = run_through_outage(
        &tb,
        &[
            "sync-telemetry",
            "--dead-letter",
            dl.to_str().unwrap(),
            "--until-idle",
            "1s",
            "--format",
            "json",
        ],
        async {
            tokio::time::sleep(Duration::from_secs(4)).await;
            fault.store(0, Ordering::SeqCst);
        },
    )
    .await;
    assert_eq!(code, 0, "{err}");
    let dead = dead_letters(&dl);
    assert!(
        dead.is_empty(),
        "{status}: nothing dead-lettered, got {} lines, first {:?}",
        dead.len(),
        dead.first()
    );
    assert_eq!(summary(&out)["dead_lettered"], 0, "{out}");
    for (dev, t) in &last {
        assert_eq!(
            adt.get_twin(dev).await.unwrap()["Temperature"],
            json!(t),
            "{dev} after a {status} outage"
        );
    }
    assert_reported_once(&err);
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sync_telemetry_rides_out_a_502_outage() {
    sync_survives(502).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sync_telemetry_rides_out_a_500_outage() {
    sync_survives(500).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sync_telemetry_rides_out_a_504_outage() {
    sync_survives(504).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sync_telemetry_rides_out_refused_connections() {
    let (emu, adt) = emulator_with_twins(5).await;
    let last = send(&emu, 5, 20);
    // A port nothing listens on yet: every connection is refused until the proxy starts there.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let tb = Tb::new()
        .env("TWINBRIDGE_ADT_URL", &format!("http://127.0.0.1:{port}"))
        .env(
            "TWINBRIDGE_EVENTHUB_CONNECTION_STRING",
            &emu.eventhubs_connection_string("deviceevents"),
        );
    let dl = tb.home.path().join("dl.ndjson");
    let upstream = emu.adt_url();
    let (code, out, err) = run_through_outage(
        &tb,
        &[
            "sync-telemetry",
            "--dead-letter",
            dl.to_str().unwrap(),
            "--until-idle",
            "1s",
            "--format",
            "json",
        ],
        async move {
            tokio::time::sleep(Duration::from_secs(4)).await;
            let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
                .await
                .unwrap();
            serve(listener, upstream, Arc::new(AtomicU16::new(0)));
        },
    )
    .await;
    assert_eq!(code, 0, "{err}");
    assert!(dead_letters(&dl).is_empty(), "nothing dead-lettered");
    assert_eq!(summary(&out)["dead_lettered"], 0, "{out}");
    for (dev, t) in &last {
        assert_eq!(adt.get_twin(dev).await.unwrap()["Temperature"], json!(t));
    }
    assert_reported_once(&err);
    emu.stop().await;
}

fn delete_event(device: &str) -> Event {
    let mut e = Event::json(&json!({"deviceId": device, "version": 3, "tags": {"dtId": device}}));
    e.properties
        .insert("opType".into(), json!("deleteDeviceIdentity"));
    e.properties.insert("deviceId".into(), json!(device));
    e.system_properties
        .insert("iothub-connection-device-id".into(), json!(device));
    e.system_properties.insert(
        "iothub-message-source".into(),
        json!("deviceLifecycleEvents"),
    );
    e
}

#[tokio::test(flavor = "multi_thread")]
async fn watch_lifecycle_deletes_after_a_502_outage() {
    let (emu, adt) = emulator_with_twins(6).await;
    let events: Vec<Event> = (0..6).map(|i| delete_event(&format!("dev-{i}"))).collect();
    emu.events
        .append("lifecycleevents", Some(0), None, events)
        .unwrap();
    let (url, fault) = faulty_proxy(emu.adt_url(), 502).await;
    let tb = Tb::new().env("TWINBRIDGE_ADT_URL", &url).env(
        "TWINBRIDGE_EVENTHUB_CONNECTION_STRING",
        &emu.eventhubs_connection_string("lifecycleevents"),
    );
    let dl = tb.home.path().join("dl.ndjson");
    let (code, out, err) = run_through_outage(
        &tb,
        &[
            "watch-lifecycle",
            "--allow-model",
            "dtmi:contosocom:DigitalTwins:Thermostat;*",
            "--dead-letter",
            dl.to_str().unwrap(),
            "--until-idle",
            "1s",
            "--format",
            "json",
        ],
        async {
            tokio::time::sleep(Duration::from_secs(4)).await;
            fault.store(0, Ordering::SeqCst);
        },
    )
    .await;
    assert_eq!(code, 0, "{err}");
    assert!(dead_letters(&dl).is_empty(), "nothing dead-lettered");
    let s = summary(&out);
    assert_eq!(
        (s["deleted"].as_u64(), s["dead_lettered"].as_u64()),
        (Some(6), Some(0)),
        "{s}"
    );
    for i in 0..6 {
        assert!(
            adt.get_twin(&format!("dev-{i}"))
                .await
                .unwrap_err()
                .is_not_found(),
            "dev-{i} deleted after the outage"
        );
    }
    assert_reported_once(&err);
    emu.stop().await;
}

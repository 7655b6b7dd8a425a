//! Shared helpers: an in-process emulator, a client for it, the repository's test data.
use serde_json::{Value, json};
use std::path::PathBuf;
use std::sync::Arc;
use twinbridge::adt::{AdtClient, AdtConfig};
use twinbridge::auth::StaticToken;
use twinbridge::emulator::{Emulator, EmulatorConfig};
use twinbridge::retry::RetryPolicy;

/// The sample's two DTDL models, `models/` in the repository.
pub fn models_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("models")
}

/// Test fixtures with their licences (`tests/data/`: DTDL conformance cases, RealEstateCore).
pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

pub async fn emulator() -> Emulator {
    Emulator::start(EmulatorConfig::for_tests())
        .await
        .expect("emulator starts")
}

pub fn client_for(url: &str) -> AdtClient {
    let mut cfg = AdtConfig::new(url.parse().expect("url"));
    cfg.retry = RetryPolicy {
        max_retries: 3,
        base: std::time::Duration::from_millis(10),
        cap: std::time::Duration::from_millis(200),
    };
    AdtClient::new(cfg, Arc::new(StaticToken("test-token".into()))).expect("client")
}

pub fn read_json(path: &std::path::Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The sample's two models.
pub fn sample_models() -> Vec<Value> {
    let dir = models_dir();
    vec![
        read_json(&dir.join("SpaceModel.json")),
        read_json(&dir.join("ThermostatModel.json")),
    ]
}

pub const SPACE: &str = "dtmi:contosocom:DigitalTwins:Space;1";
pub const THERMOSTAT: &str = "dtmi:contosocom:DigitalTwins:Thermostat;2";

/// An emulator with the sample's models and a client.
pub async fn sample_instance() -> (Emulator, AdtClient) {
    let emu = emulator().await;
    let client = client_for(&emu.adt_url());
    client
        .create_models(&sample_models())
        .await
        .expect("sample models upload");
    (emu, client)
}

pub fn thermostat(temp: f64) -> Value {
    json!({ "$metadata": { "$model": THERMOSTAT }, "Temperature": temp })
}

pub fn space() -> Value {
    json!({ "$metadata": { "$model": SPACE } })
}

/// Decides, per request (method, path, body), whether the proxy answers itself with
/// (status, JSON body) instead of forwarding.
pub type Intercept = Arc<dyn Fn(&axum::http::Method, &str) -> Option<(u16, Value)> + Send + Sync>;

#[derive(Clone)]
struct ProxyState {
    upstream: String,
    intercept: Intercept,
}

async fn forward(
    axum::extract::State(p): axum::extract::State<ProxyState>,
    method: axum::http::Method,
    uri: axum::http::Uri,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    if let Some((status, body)) = (p.intercept)(&method, uri.path()) {
        let status = axum::http::StatusCode::from_u16(status).unwrap();
        let code = body["error"]["code"].as_str().unwrap_or("").to_string();
        return (
            status,
            [
                ("content-type", "application/json".to_string()),
                ("x-ms-error-code", code),
            ],
            body.to_string(),
        )
            .into_response();
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
    let resp = req.send().await.unwrap();
    let status = axum::http::StatusCode::from_u16(resp.status().as_u16()).unwrap();
    let mut out = axum::http::HeaderMap::new();
    for (k, v) in resp.headers() {
        if k != "content-length" && k != "transfer-encoding" {
            out.insert(k.clone(), v.clone());
        }
    }
    let bytes = resp.bytes().await.unwrap();
    (status, out, bytes).into_response()
}

/// A proxy in front of `upstream` that answers what `intercept` picks itself (exact faults).
pub async fn fault_proxy(upstream: String, intercept: Intercept) -> String {
    let app = axum::Router::new()
        .fallback(forward)
        .with_state(ProxyState {
            upstream,
            intercept,
        });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

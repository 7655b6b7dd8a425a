//! The sample's allocation function (`DpsAdtAllocationFunc.cs`, Azure-Samples/
//! digital-twins-iothub-integration @cc1b71e) reproduced as a baseline for `bench/allocate.rs`:
//! an HTTP endpoint that, per request, reads `registrationId`, `linkedHubs` and
//! `payload.modelId`, GETs the twin `registrationId`, and when it is missing or of another model
//! (case-insensitive compare) PUTs `{"$metadata":{"$model":...},"Temperature":0.0}` without
//! `If-None-Match` (create or replace); it always answers the first linked hub with the tags
//! `dtmi` and `dtId`. No cache, no single-flight, no bound on ADT requests in flight (the
//! Functions host runs requests concurrently). 429/503 are retried after `Retry-After` up to 3
//! times, like Azure.Core's default policy. It does not create a `DefaultAzureCredential` per
//! request as the sample does (no token endpoint here), which favours it.
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Shared state of the sample endpoint: the ADT base URL, one HTTP client, an ADT call counter.
pub struct SampleState {
    adt: String,
    http: reqwest::Client,
    /// ADT requests made (retries included).
    pub calls: AtomicU64,
    /// 429 answers (retried).
    pub throttled: AtomicU64,
}

/// A running sample endpoint.
pub struct SampleHook {
    /// `http://127.0.0.1:PORT/api/allocate`
    pub url: String,
    /// Its state (for the ADT call counter).
    pub state: Arc<SampleState>,
    task: tokio::task::JoinHandle<()>,
}

impl SampleHook {
    /// Stop serving.
    pub fn stop(self) {
        self.task.abort();
    }
}

/// Start the sample's function on a free loopback port, against the ADT at `adt_url`.
pub async fn start(adt_url: &str) -> std::io::Result<SampleHook> {
    let state = Arc::new(SampleState {
        adt: adt_url.trim_end_matches('/').to_string(),
        http: reqwest::Client::new(),
        calls: AtomicU64::new(0),
        throttled: AtomicU64::new(0),
    });
    let app = axum::Router::new()
        .route("/api/allocate", post(allocate))
        .with_state(state.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/api/allocate", listener.local_addr()?);
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Ok(SampleHook { url, state, task })
}

/// One ADT request with the sample SDK's retry of 429/503 (3 retries, Retry-After or 0.8 s).
async fn adt(
    s: &SampleState,
    method: reqwest::Method,
    path: &str,
    body: Option<&Value>,
) -> Result<(StatusCode, Value), String> {
    let url = format!("{}{path}?api-version=2023-10-31", s.adt);
    for attempt in 0..=3 {
        let mut req = s.http.request(method.clone(), &url).bearer_auth("bench");
        if let Some(b) = body {
            req = req.json(b);
        }
        s.calls.fetch_add(1, Ordering::Relaxed);
        let resp = req.send().await.map_err(|e| e.to_string())?;
        let status = resp.status().as_u16();
        if status == 429 {
            s.throttled.fetch_add(1, Ordering::Relaxed);
        }
        if (status == 429 || status == 503) && attempt < 3 {
            let wait = resp
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<f64>().ok())
                .unwrap_or(0.8);
            tokio::time::sleep(Duration::from_secs_f64(wait)).await;
            continue;
        }
        let v = resp.json::<Value>().await.unwrap_or(Value::Null);
        return Ok((
            StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY),
            v,
        ));
    }
    Err("retries exhausted".into())
}

/// FindOrCreateTwinAsync: GET, and create-or-replace unless the model matches.
async fn find_or_create(s: &SampleState, dtmi: &str, reg_id: &str) -> Result<String, String> {
    let path = format!("/digitaltwins/{}", urlencode(reg_id));
    let (status, twin) = adt(s, reqwest::Method::GET, &path, None).await?;
    if status == StatusCode::OK {
        let model = twin["$metadata"]["$model"].as_str().unwrap_or("");
        if model.eq_ignore_ascii_case(dtmi) {
            return Ok(reg_id.to_string());
        }
    } else if status != StatusCode::NOT_FOUND {
        return Err(format!("GET twin: HTTP {status}"));
    }
    let body = json!({ "$metadata": { "$model": dtmi }, "Temperature": 0.0 });
    let (status, _) = adt(s, reqwest::Method::PUT, &path, Some(&body)).await?;
    if !status.is_success() {
        return Err(format!("PUT twin: HTTP {status}"));
    }
    Ok(reg_id.to_string())
}

async fn allocate(
    State(s): State<Arc<SampleState>>,
    body: String,
) -> (StatusCode, axum::Json<Value>) {
    let data: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    let Some(reg_id) = data["deviceRuntimeContext"]["registrationId"].as_str() else {
        return (
            StatusCode::BAD_REQUEST,
            axum::Json(json!("Registration ID not provided for the device.")),
        );
    };
    let Some(hub) = data["linkedHubs"].get(0).and_then(Value::as_str) else {
        return (
            StatusCode::BAD_REQUEST,
            axum::Json(json!("No hub group defined for the enrollment.")),
        );
    };
    let dtmi = data["deviceRuntimeContext"]["payload"]["modelId"]
        .as_str()
        .unwrap_or("");
    match find_or_create(&s, dtmi, reg_id).await {
        Ok(dt_id) => (
            StatusCode::OK,
            axum::Json(json!({
                "iotHubHostName": hub,
                "initialTwin": {
                    "tags": { "dtmi": dtmi, "dtId": dt_id },
                    "properties": { "desired": {} }
                }
            })),
        ),
        // The Functions host answers an unhandled exception with 500.
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, axum::Json(json!(e))),
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

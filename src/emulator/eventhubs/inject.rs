//! `POST /eventhubs/{hub}/messages`: scripts inject events as NDJSON (one event per line, the
//! format of `crate::events`) and get back the stored positions. Served on the emulator's HTTP
//! listener, outside the ADT checks (no api-version, no bearer). All lines are validated first:
//! a bad line stores nothing and answers 400 naming the line.
//!
//! Partition choice: `?partition=N`, else `?partitionKey=K`, else each event's
//! `iothub-connection-device-id` (IoT Hub partitions device-to-cloud messages by device), else
//! round robin.
use crate::emulator::eventlog::{EventLog, EventLogError};
use crate::events::Event;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde::Deserialize;
use serde_json::{Value, json};
use std::sync::Arc;

/// Largest inject body accepted.
const MAX_BODY: usize = 64 * 1024 * 1024;

/// Query parameters of the inject endpoint.
#[derive(Debug, Deserialize)]
pub struct InjectQuery {
    partition: Option<u32>,
    #[serde(rename = "partitionKey")]
    partition_key: Option<String>,
}

/// The inject router (no fallback: it is merged into the ADT router, which has one).
pub fn router(log: Arc<EventLog>) -> Router {
    Router::new()
        .route("/eventhubs/{hub}/messages", post(inject))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(log)
}

fn error(status: StatusCode, code: &str, message: String) -> Response {
    (
        status,
        axum::Json(json!({"error": {"code": code, "message": message}})),
    )
        .into_response()
}

async fn inject(
    State(log): State<Arc<EventLog>>,
    Path(hub): Path<String>,
    Query(q): Query<InjectQuery>,
    body: String,
) -> Response {
    let mut events = Vec::new();
    let mut bad = Vec::new();
    for (i, line) in body.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match Event::from_ndjson(line) {
            Ok(e) => events.push(e),
            Err(e) => bad.push(format!("line {}: {}", i + 1, e.0)),
        }
    }
    if !bad.is_empty() {
        return error(
            StatusCode::BAD_REQUEST,
            "InvalidEvents",
            format!("nothing was stored; fix these lines: {}", bad.join("; ")),
        );
    }
    let log2 = log.clone();
    let stored = tokio::task::spawn_blocking(move || store(&log2, &hub, &q, events)).await;
    match stored {
        Ok(Ok(stored)) => {
            let positions: Vec<Value> = stored
                .iter()
                .map(|e| {
                    json!({"partition": e.partition, "sequence_number": e.sequence_number,
                           "offset": e.offset, "enqueued_time": e.enqueued_time})
                })
                .collect();
            (
                StatusCode::OK,
                axum::Json(json!({"count": positions.len(), "events": positions})),
            )
                .into_response()
        }
        Ok(Err(e @ EventLogError::NoSuchHub(_))) => {
            error(StatusCode::NOT_FOUND, "HubNotFound", e.to_string())
        }
        Ok(Err(e @ EventLogError::NoSuchPartition { .. })) => {
            error(StatusCode::BAD_REQUEST, "InvalidPartition", e.to_string())
        }
        Ok(Err(e)) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "StateError",
            e.to_string(),
        ),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, "Internal", e.to_string()),
    }
}

/// Append in runs of events that share a partition key (one transaction per run).
fn store(
    log: &EventLog,
    hub: &str,
    q: &InjectQuery,
    events: Vec<Event>,
) -> Result<Vec<Event>, EventLogError> {
    if q.partition.is_some() || q.partition_key.is_some() {
        return log.append(hub, q.partition, q.partition_key.as_deref(), events);
    }
    let mut out = Vec::with_capacity(events.len());
    let mut run: Vec<Event> = Vec::new();
    let mut run_key: Option<String> = None;
    for e in events {
        let key = e.device_id().map(str::to_string);
        if !run.is_empty() && key != run_key {
            out.extend(log.append(hub, None, run_key.as_deref(), std::mem::take(&mut run))?);
        }
        run_key = key;
        run.push(e);
    }
    if !run.is_empty() {
        out.extend(log.append(hub, None, run_key.as_deref(), run)?);
    }
    Ok(out)
}

//! `/healthz` (liveness: the process and its runtime answer; it never depends on ADT, so an
//! outage does not turn into a restart loop), `/readyz` (readiness: 200, or 503 with the
//! reasons as JSON) and `/metrics` (OpenMetrics when the scraper asks for it, else Prometheus
//! text 0.0.4), as routes to merge into a router or served on their own listener.
use crate::metrics::{Metrics, OPENMETRICS_CONTENT_TYPE, PROMETHEUS_CONTENT_TYPE};
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;
use std::net::SocketAddr;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// Paths of the probe and scrape endpoints (logged only at debug level).
pub fn is_probe(path: &str) -> bool {
    matches!(path, "/healthz" | "/readyz" | "/metrics")
}

/// The three endpoints over `metrics`.
pub fn probe_routes(metrics: Metrics) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(scrape))
        .with_state(metrics)
}

fn no_store(mut r: Response) -> Response {
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

async fn healthz() -> Response {
    no_store(axum::Json(json!({ "status": "ok" })).into_response())
}

async fn readyz(State(m): State<Metrics>) -> Response {
    let r = match m.check_ready() {
        Ok(()) => (StatusCode::OK, axum::Json(json!({ "status": "ready" }))).into_response(),
        Err(reasons) => (
            StatusCode::SERVICE_UNAVAILABLE,
            axum::Json(json!({ "status": "not ready", "reasons": reasons })),
        )
            .into_response(),
    };
    no_store(r)
}

async fn scrape(State(m): State<Metrics>, headers: HeaderMap) -> Response {
    let openmetrics = headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains("application/openmetrics-text"));
    let ct = if openmetrics {
        OPENMETRICS_CONTENT_TYPE
    } else {
        PROMETHEUS_CONTENT_TYPE
    };
    no_store(([(header::CONTENT_TYPE, ct)], m.render(openmetrics)).into_response())
}

/// The endpoints on their own plain-HTTP listener (`--metrics-listen`).
pub struct ProbeServer {
    addr: SocketAddr,
    stop: CancellationToken,
    task: JoinHandle<()>,
}

impl ProbeServer {
    /// Bind `addr` (port 0: any free port) and serve until [`ProbeServer::stop`].
    pub async fn start(addr: SocketAddr, metrics: Metrics) -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let stop = CancellationToken::new();
        let s = stop.clone();
        let app = probe_routes(metrics);
        let task = tokio::spawn(async move {
            let served = axum::serve(listener, app)
                .with_graceful_shutdown(async move { s.cancelled().await })
                .await;
            if let Err(e) = served {
                tracing::warn!("metrics listener stopped: {e}");
            }
        });
        Ok(Self { addr, stop, task })
    }

    /// The bound address.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stop serving (after the final scrape a shutdown allows).
    pub async fn stop(self) {
        self.stop.cancel();
        let _ = self.task.await;
    }
}

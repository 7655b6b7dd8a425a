//! The custom-allocation webhook DPS calls (`twinbridge allocate serve`): `POST`/`GET` on one
//! path with Azure-Functions-style key auth, the shared `/healthz`, `/readyz` and `/metrics`, a
//! body limit, a request timeout, an access log (tracing target `twinbridge::access`; probes
//! only at debug), TLS, graceful shutdown.
//! Network I/O only: it binds, serves and logs; it never prints.
mod keys;
mod metrics;
mod server;
mod tls;

pub use keys::FunctionKeys;
pub use metrics::Tally;
pub use tls::{ReloadableCert, TlsError, TlsFiles};

use crate::dps::allocation::{AllocationError, AllocationRequest, Allocator};
use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use serde_json::json;
use std::net::SocketAddr;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// Default path (the one an Azure Functions HTTP trigger gets).
pub const DEFAULT_PATH: &str = "/api/allocate";
/// Default request body limit: DPS requests are a few KB; enrollment records with certificates
/// stay well under this.
pub const DEFAULT_MAX_BODY: usize = 256 * 1024;

/// How callers are authenticated.
#[derive(Debug, Clone)]
pub enum WebhookAuth {
    /// A key in `?code=` or `x-functions-key` must match one of these.
    Keys(FunctionKeys),
    /// Anyone who can connect may allocate (behind a proxy that authenticates).
    None,
}

/// How to serve.
#[derive(Debug, Clone)]
pub struct WebhookConfig {
    pub listen: SocketAddr,
    /// Path of the allocation endpoint, starting with `/`.
    pub path: String,
    pub auth: WebhookAuth,
    pub tls: Option<TlsFiles>,
    pub max_body_bytes: usize,
    /// Longest an allocation may take (then 503, and DPS retries).
    pub request_timeout: Duration,
    /// Longest shutdown waits for requests in progress.
    pub shutdown_timeout: Duration,
    /// Where requests, the allocator's and the ADT client's counters are recorded, and the
    /// readiness `/readyz` reports.
    pub metrics: crate::metrics::Metrics,
}

impl WebhookConfig {
    /// Defaults around a listen address and an auth mode.
    pub fn new(listen: SocketAddr, auth: WebhookAuth) -> Self {
        Self {
            listen,
            path: DEFAULT_PATH.into(),
            auth,
            tls: None,
            max_body_bytes: DEFAULT_MAX_BODY,
            request_timeout: Duration::from_secs(30),
            shutdown_timeout: Duration::from_secs(25),
            metrics: crate::metrics::Metrics::new(),
        }
    }
}

/// Why the webhook could not start.
#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error(transparent)]
    Tls(#[from] TlsError),
    #[error("webhook path {0:?} must start with '/' and not be /healthz, /readyz or /metrics")]
    Path(String),
}

struct Shared {
    allocator: Arc<Allocator>,
    keys: Option<RwLock<FunctionKeys>>,
    metrics: crate::metrics::Metrics,
    tally: Arc<Tally>,
    outages: metrics::OutageLog,
    max_body: usize,
    timeout: Duration,
}

type St = State<Arc<Shared>>;

/// What the access log adds about an allocation (set by the handler, read by the log layer).
#[derive(Clone, Debug, Default)]
struct AccessInfo {
    registration_id: String,
    outcome: String,
    twin: String,
    hub: String,
}

/// A running webhook.
pub struct Webhook {
    addr: SocketAddr,
    url: String,
    shared: Arc<Shared>,
    cert: Option<Arc<ReloadableCert>>,
    stop: CancellationToken,
    task: JoinHandle<()>,
}

impl Webhook {
    /// Bind and start serving.
    pub async fn start(
        cfg: WebhookConfig,
        allocator: Arc<Allocator>,
    ) -> Result<Self, WebhookError> {
        if !cfg.path.starts_with('/') || crate::service::is_probe(&cfg.path) {
            return Err(WebhookError::Path(cfg.path));
        }
        let (cert, acceptor) = match &cfg.tls {
            Some(files) => {
                let cert = Arc::new(ReloadableCert::new(tls::load(files)?));
                let acceptor = tokio_rustls::TlsAcceptor::from(tls::server_config(cert.clone())?);
                (Some(cert), Some(acceptor))
            }
            None => (None, None),
        };
        allocator.adt().attach_metrics(cfg.metrics.clone());
        metrics::register_allocator(&cfg.metrics, allocator.clone());
        let shared = Arc::new(Shared {
            allocator,
            keys: match cfg.auth {
                WebhookAuth::Keys(k) => Some(RwLock::new(k)),
                WebhookAuth::None => None,
            },
            metrics: cfg.metrics.clone(),
            tally: Arc::new(Tally::default()),
            outages: metrics::OutageLog::default(),
            max_body: cfg.max_body_bytes,
            timeout: cfg.request_timeout,
        });
        let router = Router::new()
            .route(&cfg.path, any(allocate))
            .with_state(shared.clone())
            .merge(crate::service::probe_routes(cfg.metrics.clone()))
            .fallback(not_found)
            .layer(middleware::from_fn(access_log));
        let listener = tokio::net::TcpListener::bind(cfg.listen)
            .await
            .map_err(|source| WebhookError::Bind {
                addr: cfg.listen,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| WebhookError::Bind {
            addr: cfg.listen,
            source,
        })?;
        let scheme = if acceptor.is_some() { "https" } else { "http" };
        let url = format!("{scheme}://{addr}{}", cfg.path);
        let stop = CancellationToken::new();
        let task = tokio::spawn(server::serve(
            listener,
            router,
            acceptor,
            stop.clone(),
            cfg.shutdown_timeout,
        ));
        Ok(Self {
            addr,
            url,
            shared,
            cert,
            stop,
            task,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The allocation endpoint's URL (without a key).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Allocations per outcome so far.
    pub fn metrics(&self) -> Arc<Tally> {
        self.shared.tally.clone()
    }

    /// The metrics and readiness this webhook serves on `/metrics` and `/readyz`.
    pub fn registry(&self) -> &crate::metrics::Metrics {
        &self.shared.metrics
    }

    /// Accept these keys from now on (key rotation). Ignored when auth is off.
    pub fn replace_keys(&self, keys: FunctionKeys) {
        if let Some(k) = &self.shared.keys {
            *k.write().unwrap_or_else(|p| p.into_inner()) = keys;
        }
    }

    /// Serve a renewed certificate to new connections. Ignored without TLS.
    pub fn reload_tls(&self, files: &TlsFiles) -> Result<(), TlsError> {
        if let Some(cert) = &self.cert {
            cert.replace(tls::load(files)?);
        }
        Ok(())
    }

    /// Stop accepting, let requests in progress finish (up to the shutdown timeout), return.
    pub async fn stop(self) {
        self.stop.cancel();
        let _ = self.task.await;
    }
}

fn json_response(status: u16, body: &serde_json::Value) -> Response {
    let mut resp = (
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        axum::Json(body.clone()),
    )
        .into_response();
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

fn error_response(status: u16, code: &str, message: &str) -> Response {
    json_response(
        status,
        &json!({ "error": { "code": code, "message": message, "status": status } }),
    )
}

/// The `code` query parameter or the `x-functions-key` header.
fn presented_key(req: &Request) -> Option<String> {
    if let Some(q) = req.uri().query()
        && let Some((_, v)) = url::form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == "code")
    {
        return Some(v.into_owned());
    }
    req.headers()
        .get("x-functions-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

async fn allocate(State(sh): St, req: Request) -> Response {
    let started = Instant::now();
    let _in_flight = sh.metrics.in_flight();
    let mut info = AccessInfo::default();
    let (status, outcome, mut resp) = answer(&sh, req, &mut info).await;
    sh.metrics.allocation(&outcome, status, started.elapsed());
    sh.tally.record(&outcome);
    sh.outages.record(status, &outcome);
    info.outcome = outcome;
    resp.extensions_mut().insert(info);
    resp
}

/// Authenticate, read, allocate: (status, outcome for metrics, response).
async fn answer(sh: &Shared, req: Request, info: &mut AccessInfo) -> (u16, String, Response) {
    if !matches!(*req.method(), Method::POST | Method::GET) {
        let mut r = error_response(
            405,
            "MethodNotAllowed",
            "use POST (or GET) with an AllocationRequest body",
        );
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("POST, GET"));
        return (405, "MethodNotAllowed".into(), r);
    }
    if let Some(keys) = &sh.keys {
        let ok = presented_key(&req)
            .is_some_and(|k| keys.read().unwrap_or_else(|p| p.into_inner()).verify(&k));
        if !ok {
            let msg = "missing or wrong function key: put one of the configured keys in the webhook URL as ?code=KEY (or send x-functions-key)";
            return (
                401,
                "Unauthorized".into(),
                error_response(401, "Unauthorized", msg),
            );
        }
    }
    let too_large = || {
        let msg = format!(
            "the request body is larger than {} bytes (max-body-bytes)",
            sh.max_body
        );
        (
            413,
            "PayloadTooLarge".to_string(),
            error_response(413, "PayloadTooLarge", &msg),
        )
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > sh.max_body as u64) {
        return too_large();
    }
    let allocator = &sh.allocator;
    let work = async {
        let body = axum::body::to_bytes(req.into_body(), sh.max_body).await;
        let Ok(body) = body else {
            return Err(None);
        };
        let parsed = AllocationRequest::from_slice(&body, allocator.policy().allow_unknown_fields)
            .map_err(Some)?;
        info.registration_id = parsed.registration_id.clone();
        allocator.allocate(&parsed).await.map_err(Some)
    };
    match tokio::time::timeout(sh.timeout, work).await {
        Ok(Ok(a)) => {
            info.twin = a.twin_id.clone();
            info.hub = a.hub.clone();
            let mut resp =
                json_response(200, &serde_json::to_value(&a.response).unwrap_or_default());
            let timing = format!(
                "adt;dur={:.3};desc=\"{} ADT calls\", cache;desc=\"{}\"",
                a.adt_time.as_secs_f64() * 1000.0,
                a.adt_calls,
                if a.cached { "hit" } else { "miss" }
            );
            if let Ok(v) = HeaderValue::from_str(&timing) {
                resp.headers_mut().insert("server-timing", v);
            }
            (200, a.action.as_str().to_string(), resp)
        }
        Ok(Err(None)) => too_large(),
        Ok(Err(Some(e))) => error_out(e),
        Err(_) => error_out(AllocationError::Timeout(sh.timeout)),
    }
}

fn error_out(e: AllocationError) -> (u16, String, Response) {
    let status = e.status();
    if matches!(e.code(), "AdtThrottled" | "AdtUnavailable" | "Timeout") {
        // Logged once per period by the outage log, not once per request.
        tracing::debug!(code = e.code(), "allocation deferred: {e}");
    } else if status >= 500 || status == 424 || status == 429 {
        tracing::warn!(code = e.code(), "allocation failed: {e}");
    } else {
        tracing::info!(code = e.code(), "allocation refused: {e}");
    }
    let mut resp = json_response(status, &e.body());
    if let Some(secs) = e.retry_after() {
        resp.headers_mut().insert(header::RETRY_AFTER, secs.into());
    }
    (status, e.code().to_string(), resp)
}

async fn not_found(req: Request) -> Response {
    error_response(
        404,
        "NotFound",
        &format!(
            "no endpoint at {}; the allocation endpoint is configured with --path",
            crate::output::sanitize(req.uri().path())
        ),
    )
}

/// One structured line per request; the query string (which may hold the key) is never logged.
async fn access_log(req: Request<Body>, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.to_string())
        .unwrap_or_default();
    let resp = next.run(req).await;
    if crate::service::is_probe(&path) {
        // Probes come every few seconds: only at debug, so they do not bury the allocations.
        tracing::debug!(target: "twinbridge::access", %peer, path = %path, status = resp.status().as_u16(), "probe");
        return resp;
    }
    let info = resp
        .extensions()
        .get::<AccessInfo>()
        .cloned()
        .unwrap_or_default();
    tracing::info!(
        target: "twinbridge::access",
        %peer,
        %method,
        path = %crate::output::sanitize(&path),
        status = resp.status().as_u16(),
        ms = format_args!("{:.2}", started.elapsed().as_secs_f64() * 1000.0),
        registration_id = %info.registration_id,
        outcome = %info.outcome,
        twin = %info.twin,
        hub = %info.hub,
        "access"
    );
    resp
}

//! Azure Digital Twins data-plane client: REST over reqwest (rustls), every call the tools need.
//!
//! Resilience lives here, once: retries of 408/429/500/502/503/504, timeouts and connection
//! resets with exponential backoff, full jitter and a cap, honouring `Retry-After`; bounded
//! concurrency; a request timeout; a W3C `traceparent` per request. Network I/O only; no printing.
mod cascade;
mod error;
mod ids;
mod models;
mod query;
mod relationships;
mod twins;

pub use cascade::{CascadeOptions, CascadeReport, delete_relationships, delete_twin_cascade};
pub use error::{AdtError, ErrorCode};
pub use ids::{MAX_TWIN_ID, check_twin_id, segment_problem};
pub use models::ModelData;
pub use query::QueryPage;
pub use twins::{PatchOp, twin_etag, twin_id, twin_model};

use crate::auth::{ADT_SCOPE, TokenSource};
use crate::retry::{RetryPolicy, is_transient_status, parse_retry_after};
use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::sync::Semaphore;
use url::Url;

/// Connection settings of an [`AdtClient`].
#[derive(Debug, Clone)]
pub struct AdtConfig {
    pub base_url: Url,
    pub api_version: String,
    pub timeout: Duration,
    pub retry: RetryPolicy,
    /// Requests in flight at once.
    pub concurrency: usize,
}

impl AdtConfig {
    pub fn new(base_url: Url) -> Self {
        Self {
            base_url,
            api_version: crate::settings::DEFAULT_ADT_API_VERSION.to_string(),
            timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
            concurrency: 16,
        }
    }
}

/// Counters of what the client did (for summaries and benchmarks).
#[derive(Debug, Default)]
pub struct AdtStats {
    pub requests: AtomicU64,
    pub retries: AtomicU64,
    pub throttled: AtomicU64,
}

/// A snapshot of [`AdtStats`].
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct StatsSnapshot {
    pub requests: u64,
    pub retries: u64,
    pub throttled: u64,
}

/// The ADT client. Cheap to clone.
#[derive(Clone)]
pub struct AdtClient {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    cfg: AdtConfig,
    tokens: Arc<dyn TokenSource>,
    permits: Semaphore,
    stats: AdtStats,
    metrics: std::sync::OnceLock<crate::metrics::Metrics>,
}

/// One request before it is sent (kept so it can be re-sent on retry).
pub(crate) struct Request {
    pub method: Method,
    pub url: Url,
    pub headers: Vec<(&'static str, String)>,
    pub body: Option<(&'static str, Vec<u8>)>,
}

/// A successful response.
pub(crate) struct Response {
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Response {
    pub fn etag(&self) -> Option<String> {
        self.headers
            .get("etag")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    }

    pub fn json(&self, path: &str) -> Result<Value, AdtError> {
        serde_json::from_slice(&self.body).map_err(|e| AdtError::Decode {
            path: path.to_string(),
            message: format!("invalid JSON: {e}"),
        })
    }
}

impl AdtClient {
    /// A client for one instance.
    pub fn new(cfg: AdtConfig, tokens: Arc<dyn TokenSource>) -> Result<Self, AdtError> {
        let http = reqwest::Client::builder()
            .timeout(cfg.timeout)
            .connect_timeout(cfg.timeout.min(Duration::from_secs(10)))
            .user_agent(concat!("twinbridge/", env!("CARGO_PKG_VERSION")))
            .pool_max_idle_per_host(cfg.concurrency.max(1))
            .build()
            .map_err(|e| AdtError::Transport {
                url: cfg.base_url.to_string(),
                attempts: 0,
                message: e.to_string(),
            })?;
        let permits = Semaphore::new(cfg.concurrency.max(1));
        Ok(Self {
            inner: Arc::new(Inner {
                http,
                cfg,
                tokens,
                permits,
                stats: AdtStats::default(),
                metrics: std::sync::OnceLock::new(),
            }),
        })
    }

    /// Record every request attempt into `metrics` from now on (the first call wins).
    pub fn attach_metrics(&self, metrics: crate::metrics::Metrics) {
        let _ = self.inner.metrics.set(metrics);
    }

    pub fn base_url(&self) -> &Url {
        &self.inner.cfg.base_url
    }

    pub fn stats(&self) -> StatsSnapshot {
        let s = &self.inner.stats;
        StatsSnapshot {
            requests: s.requests.load(Ordering::Relaxed),
            retries: s.retries.load(Ordering::Relaxed),
            throttled: s.throttled.load(Ordering::Relaxed),
        }
    }

    /// URL of `segments` (each percent-encoded into exactly one path segment) under the base
    /// URL, with the api-version. A segment that cannot be one (empty, `.`, `..`) is refused
    /// here, whatever the caller checked: no request is ever sent to a URL it would change.
    pub(crate) fn url(&self, segments: &[&str], query: &[(&str, &str)]) -> Result<Url, AdtError> {
        if let Some((id, reason)) = segments
            .iter()
            .find_map(|s| ids::segment_problem(s).map(|why| (s, why)))
        {
            return Err(AdtError::InvalidId {
                id: id.to_string(),
                reason,
            });
        }
        let mut url = self.inner.cfg.base_url.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        {
            let mut q = url.query_pairs_mut();
            q.clear();
            q.append_pair("api-version", &self.inner.cfg.api_version);
            for (k, v) in query {
                q.append_pair(k, v);
            }
        }
        Ok(url)
    }

    /// Resolve a `nextLink` against this instance: keep its path and query, but send it to the
    /// configured base (a proxy or the emulator may not know its public address).
    pub(crate) fn next_link(&self, link: &str) -> Result<Url, AdtError> {
        let parsed = Url::parse(link)
            .or_else(|_| self.inner.cfg.base_url.join(link))
            .map_err(|e| AdtError::Decode {
                path: link.to_string(),
                message: format!("bad nextLink: {e}"),
            })?;
        let mut url = self.inner.cfg.base_url.clone();
        url.set_path(parsed.path());
        url.set_query(parsed.query());
        if !url.query_pairs().any(|(k, _)| k == "api-version") {
            url.query_pairs_mut()
                .append_pair("api-version", &self.inner.cfg.api_version);
        }
        Ok(url)
    }

    /// GET a URL and parse the JSON body.
    pub(crate) async fn get_json(&self, url: Url) -> Result<(Value, Option<String>), AdtError> {
        let path = url.path().to_string();
        let resp = self
            .send(Request {
                method: Method::GET,
                url,
                headers: vec![],
                body: None,
            })
            .await?;
        Ok((resp.json(&path)?, resp.etag()))
    }

    /// Send with retries of transient failures.
    pub(crate) async fn send(&self, req: Request) -> Result<Response, AdtError> {
        let inner = &self.inner;
        let policy = inner.cfg.retry;
        let path = req.url.path().to_string();
        let mut attempt: u32 = 0;
        loop {
            let outcome = {
                let _permit = inner
                    .permits
                    .acquire()
                    .await
                    .expect("semaphore never closed");
                let token = inner.tokens.token(ADT_SCOPE).await?;
                let mut builder = inner
                    .http
                    .request(req.method.clone(), req.url.clone())
                    .bearer_auth(token)
                    .header("traceparent", traceparent());
                for (k, v) in &req.headers {
                    builder = builder.header(*k, v);
                }
                if let Some((ct, body)) = &req.body {
                    builder = builder.header("content-type", *ct).body(body.clone());
                }
                inner.stats.requests.fetch_add(1, Ordering::Relaxed);
                match builder.send().await {
                    Ok(resp) => {
                        let status = resp.status();
                        let headers = resp.headers().clone();
                        match resp.bytes().await {
                            Ok(body) => Ok((status, headers, body)),
                            Err(e) => Err(e),
                        }
                    }
                    Err(e) => Err(e),
                }
            };
            if let Some(m) = inner.metrics.get() {
                let status = outcome.as_ref().ok().map(|(s, _, _)| s.as_u16());
                m.adt_response(req.method.as_str(), &path, status);
            }
            match outcome {
                Ok((status, headers, body)) if status.is_success() => {
                    return Ok(Response { headers, body });
                }
                Ok((status, headers, body)) => {
                    let code = status.as_u16();
                    if code == 429 {
                        inner.stats.throttled.fetch_add(1, Ordering::Relaxed);
                    }
                    if is_transient_status(code) {
                        let retry_after = parse_retry_after(&headers);
                        if attempt < policy.max_retries {
                            let delay = policy.delay(attempt, retry_after);
                            tracing::debug!(%path, status = code, ?delay, attempt, "ADT transient failure; retrying");
                            inner.stats.retries.fetch_add(1, Ordering::Relaxed);
                            if let Some(m) = inner.metrics.get() {
                                m.adt_retry(req.method.as_str(), &path)
                            }
                            attempt += 1;
                            tokio::time::sleep(delay).await;
                            continue;
                        }
                        // Every transient status ends the same way: the service (or the
                        // way to it) is unavailable, which is not the request's fault.
                        return Err(AdtError::Exhausted {
                            method: req.method.to_string(),
                            path,
                            status: code,
                            attempts: attempt + 1,
                            retry_after,
                        });
                    }
                    return Err(service_error(&req.method, &path, status, &headers, &body));
                }
                Err(e) => {
                    let retryable =
                        e.is_timeout() || e.is_connect() || e.is_request() || e.is_body();
                    if retryable && attempt < policy.max_retries {
                        let delay = policy.delay(attempt, None);
                        tracing::debug!(%path, error = %e, ?delay, attempt, "ADT request failed; retrying");
                        inner.stats.retries.fetch_add(1, Ordering::Relaxed);
                        if let Some(m) = inner.metrics.get() {
                            m.adt_retry(req.method.as_str(), &path)
                        }
                        attempt += 1;
                        tokio::time::sleep(delay).await;
                        continue;
                    }
                    return Err(AdtError::Transport {
                        url: strip_query(&req.url),
                        attempts: attempt + 1,
                        message: error_chain(&e),
                    });
                }
            }
        }
    }
}

fn strip_query(url: &Url) -> String {
    let mut u = url.clone();
    u.set_query(None);
    u.to_string()
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut src = e.source();
    while let Some(inner) = src {
        let t = inner.to_string();
        if !s.contains(&t) {
            s.push_str(": ");
            s.push_str(&t);
        }
        src = inner.source();
    }
    s
}

/// Build a typed error from ADT's error body (`{"error":{"code","message","details"}}`) and
/// `x-ms-error-code`.
fn service_error(
    method: &Method,
    path: &str,
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
) -> AdtError {
    let parsed: Option<Value> = serde_json::from_slice(body).ok();
    let err = parsed.as_ref().and_then(|v| v.get("error"));
    let header_code = headers.get("x-ms-error-code").and_then(|v| v.to_str().ok());
    let code = err
        .and_then(|e| e.get("code"))
        .and_then(Value::as_str)
        .or(header_code)
        .map(str::to_string)
        .unwrap_or_else(|| {
            status
                .canonical_reason()
                .unwrap_or("Error")
                .replace(' ', "")
        });
    let message = err
        .and_then(|e| e.get("message"))
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| String::from_utf8_lossy(body).chars().take(500).collect());
    let details = err
        .and_then(|e| e.get("details"))
        .and_then(Value::as_array)
        .map(|d| {
            d.iter()
                .filter_map(|x| x.get("message").and_then(Value::as_str).map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    AdtError::Service {
        method: method.to_string(),
        path: percent_encoding::percent_decode_str(path)
            .decode_utf8_lossy()
            .into_owned(),
        status: status.as_u16(),
        code: ErrorCode::parse(&code),
        message,
        details,
    }
}

/// A fresh W3C traceparent (version 00, sampled).
fn traceparent() -> String {
    let trace: u128 = rand::random::<u128>().max(1);
    let span: u64 = rand::random::<u64>().max(1);
    format!("00-{trace:032x}-{span:016x}-01")
}

/// Collect every page of a `nextLink`-paged list.
pub(crate) async fn collect_pages(client: &AdtClient, first: Url) -> Result<Vec<Value>, AdtError> {
    let mut items = Vec::new();
    let mut next = Some(first);
    while let Some(url) = next.take() {
        let path = url.path().to_string();
        let (page, _) = client.get_json(url).await?;
        match page.get("value") {
            Some(Value::Array(values)) => items.extend(values.iter().cloned()),
            _ => {
                return Err(AdtError::Decode {
                    path,
                    message: "page has no `value` array".into(),
                });
            }
        }
        if let Some(link) = page
            .get("nextLink")
            .and_then(Value::as_str)
            .filter(|l| !l.is_empty())
        {
            next = Some(client.next_link(link)?);
        }
    }
    Ok(items)
}

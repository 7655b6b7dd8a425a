//! Realism for benchmarks and fault tests, in one middleware: added latency, random 429/503
//! faults, and ADT's documented rate limits (10 writes/s per twin, 1000 patches/s, 500
//! creates/deletes per second) answered with 429 and Retry-After.
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Realism settings.
#[derive(Debug, Clone, Default)]
pub struct Realism {
    pub latency: Duration,
    pub fault_rate: f64,
    pub enforce_limits: bool,
    pub(crate) limiter: Arc<Limiter>,
}

impl Realism {
    pub fn new(latency: Duration, fault_rate: f64, enforce_limits: bool) -> Self {
        Self {
            latency,
            fault_rate,
            enforce_limits,
            limiter: Arc::default(),
        }
    }
}

/// Token buckets keyed by what is limited.
#[derive(Debug, Default)]
pub(crate) struct Limiter {
    buckets: Mutex<HashMap<String, Bucket>>,
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    last: Instant,
}

impl Limiter {
    /// Take one token from the bucket `key` refilling at `rate`/s (capacity `rate`); Err(wait).
    fn take(&self, key: &str, rate: f64) -> Result<(), Duration> {
        let mut map = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > 100_000 {
            map.retain(|_, b| b.last.elapsed() < Duration::from_secs(2));
        }
        let now = Instant::now();
        let b = map.entry(key.to_string()).or_insert(Bucket {
            tokens: rate,
            last: now,
        });
        b.tokens = (b.tokens + now.duration_since(b.last).as_secs_f64() * rate).min(rate);
        b.last = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - b.tokens) / rate))
        }
    }
}

fn throttled(wait: Duration, what: &str) -> Response {
    let secs = wait.as_secs_f64().ceil().max(1.0) as u64;
    let mut resp = super::adt::ApiError::new(
        429,
        "TooManyRequests",
        format!("Rate limit exceeded: {what}. Retry after {secs} second(s)."),
    )
    .into_response();
    resp.headers_mut().insert("retry-after", secs.into());
    resp
}

/// The ADT limits that apply to one request, as (bucket key, rate per second, description).
fn adt_limits(method: &axum::http::Method, path: &str) -> Vec<(String, f64, &'static str)> {
    use axum::http::Method;
    let mut out = Vec::new();
    let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
    if segs.first() == Some(&"digitaltwins") && segs.len() >= 2 && *method != Method::GET {
        out.push((
            format!("twin:{}", segs[1]),
            10.0,
            "10 create/update/delete operations per second on one twin and its relationships",
        ));
        if *method == Method::PATCH {
            out.push(("patches".into(), 1000.0, "1000 twin patches per second"));
        } else {
            out.push((
                "createdelete".into(),
                500.0,
                "500 creates/deletes per second",
            ));
        }
    } else if segs.first() == Some(&"models") {
        out.push(("models".into(), 100.0, "100 Models API requests per second"));
    } else if segs.first() == Some(&"query") {
        out.push(("query".into(), 500.0, "500 query requests per second"));
    } else if segs.first() == Some(&"digitaltwins") {
        out.push(("reads".into(), 1000.0, "1000 twin reads per second"));
    }
    out
}

/// The middleware.
pub(crate) async fn layer(State(r): State<Realism>, req: Request, next: Next) -> Response {
    if !r.latency.is_zero() {
        tokio::time::sleep(r.latency).await;
    }
    if r.fault_rate > 0.0 && rand::random::<f64>() < r.fault_rate {
        return if rand::random::<bool>() {
            throttled(Duration::from_secs(1), "injected fault (--fault-rate)")
        } else {
            super::adt::ApiError::new(
                503,
                "ServiceUnavailable",
                "Injected fault (--fault-rate): service unavailable.",
            )
            .into_response()
        };
    }
    if r.enforce_limits {
        for (key, rate, what) in adt_limits(req.method(), req.uri().path()) {
            if let Err(wait) = r.limiter.take(&key, rate) {
                return throttled(wait, what);
            }
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_allows_rate_then_throttles() {
        let l = Limiter::default();
        for _ in 0..10 {
            assert!(l.take("twin:a", 10.0).is_ok());
        }
        let wait = l.take("twin:a", 10.0).unwrap_err();
        assert!(wait > Duration::ZERO && wait <= Duration::from_millis(101));
        assert!(l.take("twin:b", 10.0).is_ok());
    }

    #[test]
    fn writes_on_a_twin_hit_the_per_twin_limit() {
        let m = axum::http::Method::PATCH;
        let limits = adt_limits(&m, "/digitaltwins/t1/relationships/r1");
        assert_eq!(limits[0].0, "twin:t1");
        assert!(
            adt_limits(&axum::http::Method::GET, "/digitaltwins/t1")
                .iter()
                .all(|l| l.0 == "reads")
        );
    }
}

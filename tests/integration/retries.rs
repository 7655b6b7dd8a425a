//! The client's resilience against exact faults from small test servers: 429 with and without
//! Retry-After, 503, a dropped connection, a timeout; a fatal 400 is not retried.
use axum::Router;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use twinbridge::adt::{AdtClient, AdtConfig, AdtError, ErrorCode};
use twinbridge::auth::StaticToken;
use twinbridge::retry::RetryPolicy;

const TWIN: &str = r#"{"$dtId":"t","$etag":"W/\"1\"","$metadata":{"$model":"dtmi:a;1"}}"#;

/// A server whose first `fail` answers are `status` (with `retry_after` if given), then 200.
async fn flaky(
    fail: usize,
    status: u16,
    retry_after: Option<&'static str>,
) -> (String, Arc<AtomicUsize>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let h = hits.clone();
    let app = Router::new().route(
        "/digitaltwins/{id}",
        get(move || {
            let h = h.clone();
            async move {
                let n = h.fetch_add(1, Ordering::SeqCst);
                if n < fail {
                    let body = json!({"error": {"code": if status == 429 { "TooManyRequests" } else { "BadRequest" }, "message": "nope"}}).to_string();
                    let mut resp = (StatusCode::from_u16(status).unwrap(), body).into_response();
                    if let Some(ra) = retry_after {
                        resp.headers_mut().insert("retry-after", ra.parse().unwrap());
                    }
                    resp
                } else {
                    (StatusCode::OK, [("content-type", "application/json"), ("etag", "W/\"1\"")], TWIN).into_response()
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), hits)
}

fn client(url: &str, retries: u32, timeout: Duration) -> AdtClient {
    let mut cfg = AdtConfig::new(url.parse().unwrap());
    cfg.retry = RetryPolicy {
        max_retries: retries,
        base: Duration::from_millis(20),
        cap: Duration::from_secs(2),
    };
    cfg.timeout = timeout;
    AdtClient::new(cfg, Arc::new(StaticToken("t".into()))).unwrap()
}

#[tokio::test]
async fn throttled_with_retry_after_then_ok() {
    let (url, hits) = flaky(2, 429, Some("1")).await;
    let c = client(&url, 5, Duration::from_secs(5));
    let started = Instant::now();
    let twin = c.get_twin("t").await.unwrap();
    assert_eq!(twin["$dtId"], "t");
    assert_eq!(hits.load(Ordering::SeqCst), 3);
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "Retry-After: 1 honoured twice"
    );
    let s = c.stats();
    assert_eq!((s.throttled, s.retries), (2, 2));
}

#[tokio::test]
async fn throttled_without_retry_after_backs_off_then_ok() {
    let (url, hits) = flaky(3, 429, None).await;
    let c = client(&url, 5, Duration::from_secs(5));
    c.get_twin("t").await.unwrap();
    assert_eq!(hits.load(Ordering::SeqCst), 4);
}

#[tokio::test]
async fn unavailable_then_ok() {
    let (url, hits) = flaky(1, 503, None).await;
    client(&url, 3, Duration::from_secs(5))
        .get_twin("t")
        .await
        .unwrap();
    assert_eq!(hits.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn retries_are_bounded() {
    let (url, hits) = flaky(100, 429, Some("0")).await;
    let e = client(&url, 2, Duration::from_secs(5))
        .get_twin("t")
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            AdtError::Exhausted {
                attempts: 3,
                status: 429,
                ..
            }
        ),
        "{e}"
    );
    assert_eq!(hits.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn fatal_400_is_not_retried() {
    let (url, hits) = flaky(100, 400, None).await;
    let e = client(&url, 5, Duration::from_secs(5))
        .get_twin("t")
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(400));
    assert_eq!(e.code(), Some(&ErrorCode::Other("BadRequest".into())));
    assert_eq!(hits.load(Ordering::SeqCst), 1);
}

/// A raw server: the first connection is closed without an answer (a reset), the second
/// connection's answer is delayed past the client timeout, then it answers.
async fn dropping_server() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let conns = Arc::new(AtomicUsize::new(0));
    let c = conns.clone();
    tokio::spawn(async move {
        loop {
            let (mut sock, _) = listener.accept().await.unwrap();
            let n = c.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let mut buf = vec![0u8; 8192];
                let _ = sock.read(&mut buf).await;
                match n {
                    0 => drop(sock),
                    1 => tokio::time::sleep(Duration::from_secs(3)).await,
                    _ => {
                        let resp = format!(
                            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{TWIN}",
                            TWIN.len()
                        );
                        let _ = sock.write_all(resp.as_bytes()).await;
                    }
                }
            });
        }
    });
    (format!("http://{addr}"), conns)
}

#[tokio::test]
async fn connection_reset_and_timeout_are_retried() {
    let (url, conns) = dropping_server().await;
    let c = client(&url, 4, Duration::from_millis(500));
    let twin = c.get_twin("t").await.unwrap();
    assert_eq!(twin["$dtId"], "t");
    assert!(conns.load(Ordering::SeqCst) >= 3);
}

#[tokio::test]
async fn unreachable_host_names_the_url() {
    let c = client("http://127.0.0.1:9", 1, Duration::from_millis(500));
    let e = c.get_twin("t").await.unwrap_err();
    assert!(matches!(e, AdtError::Transport { .. }), "{e}");
    assert!(e.to_string().contains("127.0.0.1:9"), "{e}");
    assert!(e.suggestion().unwrap().contains("--adt-url"));
}

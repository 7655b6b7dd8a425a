//! Upload resilience: a batch the service rejects because a model uploaded just before is not
//! visible yet (ADT's eventual consistency) is retried with backoff instead of failing.
use super::support::*;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use twinbridge::models::{UploadOptions, upload};
use twinbridge::report::NoReporter;

#[derive(Clone)]
struct Proxy {
    upstream: String,
    posts: Arc<AtomicUsize>,
}

/// Forwards to the emulator, but answers the second model-create call with the error ADT gives
/// when a dependency is not visible yet.
async fn forward(
    State(p): State<Proxy>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if method == Method::POST
        && uri.path() == "/models"
        && p.posts.fetch_add(1, Ordering::SeqCst) == 1
    {
        let body = json!({"error": {"code": "DTDLParserError", "message": "dtmi:t:Base;1 or one of its dependencies does not exist."}});
        return (
            StatusCode::BAD_REQUEST,
            [("content-type", "application/json")],
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
    let status = StatusCode::from_u16(resp.status().as_u16()).unwrap();
    let bytes = resp.bytes().await.unwrap();
    (status, [("content-type", "application/json")], bytes).into_response()
}

#[tokio::test]
async fn invisible_dependency_is_retried_not_failed() {
    let emu = emulator().await;
    let posts = Arc::new(AtomicUsize::new(0));
    let app = Router::new().fallback(forward).with_state(Proxy {
        upstream: emu.adt_url(),
        posts: posts.clone(),
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let adt = client_for(&format!("http://{addr}"));
    let base =
        json!({"@id": "dtmi:t:Base;1", "@type": "Interface", "@context": "dtmi:dtdl:context;2"});
    let child = json!({"@id": "dtmi:t:Child;1", "@type": "Interface", "@context": "dtmi:dtdl:context;2", "extends": "dtmi:t:Base;1"});
    let models = vec![
        ("dtmi:t:Base;1".to_string(), base),
        ("dtmi:t:Child;1".to_string(), child),
    ];
    let opts = UploadOptions {
        batch_size: 1,
        consistency_retries: 3,
        consistency_backoff: std::time::Duration::from_millis(20),
    };
    let out = upload(&adt, &models, opts, &NoReporter).await;
    assert!(out.failed.is_empty(), "{:?}", out.failed);
    assert_eq!(out.uploaded.len(), 2);
    assert_eq!(out.calls, 3, "batch 2 was retried once");
    assert_eq!(posts.load(Ordering::SeqCst), 3);
    emu.stop().await;
}

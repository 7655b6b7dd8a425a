//! The webhook's HTTP surface over loopback: function-key auth (query and header, rotation,
//! wrong key), TLS with a certificate made here, health and metrics, body limit, methods,
//! request timeout, ADT throttling as 429, graceful shutdown.
use super::allocate::{policy, throttled_client};
use super::support::*;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;
use twinbridge::adt::AdtClient;
use twinbridge::dps::allocation::Allocator;
use twinbridge::dps::webhook::{FunctionKeys, TlsFiles, Webhook, WebhookAuth, WebhookConfig};

const KEY: &str = "primary-key-0123456789";

fn body(id: &str) -> String {
    json!({
        "deviceRuntimeContext": { "registrationId": id, "payload": { "modelId": THERMOSTAT } },
        "linkedHubs": ["hub1.azure-devices.net"]
    })
    .to_string()
}

fn config(auth: WebhookAuth) -> WebhookConfig {
    WebhookConfig::new("127.0.0.1:0".parse().unwrap(), auth)
}

fn keys(k: &[&str]) -> WebhookAuth {
    WebhookAuth::Keys(FunctionKeys::new(k).unwrap())
}

async fn start(cfg: WebhookConfig, adt: &AdtClient) -> Webhook {
    let alloc = Arc::new(Allocator::new(policy(), adt.clone()));
    Webhook::start(cfg, alloc).await.expect("webhook starts")
}

#[tokio::test]
async fn function_key_in_code_or_header_and_rotation() {
    let (emu, adt) = sample_instance().await;
    let hook = start(config(keys(&[KEY, "second-key-abcdef"])), &adt).await;
    let http = reqwest::Client::new();
    let url = hook.url().to_string();

    let r = http
        .post(format!("{url}?code={KEY}"))
        .body(body("k-1"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["initialTwin"]["tags"]["dtId"], "k-1");

    let r = http
        .post(&url)
        .header("x-functions-key", "second-key-abcdef")
        .body(body("k-2"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "header and the second key work");

    for (u, what) in [
        (format!("{url}?code=wrong"), "wrong key"),
        (url.clone(), "no key"),
        (
            format!("{url}?code={}", &KEY[..KEY.len() - 1]),
            "prefix of a key",
        ),
    ] {
        let r = http.post(&u).body(body("k-3")).send().await.unwrap();
        assert_eq!(r.status(), 401, "{what}");
        let v: Value = r.json().await.unwrap();
        assert!(
            v["error"]["message"].as_str().unwrap().contains("?code="),
            "{v}"
        );
    }
    assert!(
        adt.get_twin("k-3").await.is_err(),
        "a refused caller creates nothing"
    );

    // rotation: the old key stops working once replaced
    hook.replace_keys(FunctionKeys::new(["third-key-xyz"]).unwrap());
    let r = http
        .post(format!("{url}?code={KEY}"))
        .body(body("k-4"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = http
        .post(format!("{url}?code=third-key-xyz"))
        .body(body("k-4"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    hook.stop().await;
    emu.stop().await;
}

#[tokio::test]
async fn no_auth_get_methods_and_unknown_paths() {
    let (emu, adt) = sample_instance().await;
    let hook = start(config(WebhookAuth::None), &adt).await;
    let http = reqwest::Client::new();
    let url = hook.url().to_string();
    let r = http.get(&url).body(body("g-1")).send().await.unwrap();
    assert_eq!(
        r.status(),
        200,
        "GET with a body, as the sample's function accepts"
    );
    let r = http.put(&url).body(body("g-2")).send().await.unwrap();
    assert_eq!(r.status(), 405);
    assert_eq!(r.headers()["allow"], "POST, GET");
    let base = url.trim_end_matches("/api/allocate");
    let r = http.post(format!("{base}/api/other")).send().await.unwrap();
    assert_eq!(r.status(), 404);
    let r = http.post(&url).body("{").send().await.unwrap();
    assert_eq!(r.status(), 400);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error"]["code"], "BadRequest");
    hook.stop().await;
    emu.stop().await;
}

#[tokio::test]
async fn health_and_metrics() {
    let (emu, adt) = sample_instance().await;
    let hook = start(config(keys(&[KEY])), &adt).await;
    let http = reqwest::Client::new();
    let base = format!("http://{}", hook.local_addr());
    let r = http.get(format!("{base}/healthz")).send().await.unwrap();
    assert_eq!(r.status(), 200, "health needs no key");
    assert_eq!(r.json::<Value>().await.unwrap()["status"], "ok");
    // not ready until ADT has answered once, with the reason in the body
    let r = http.get(format!("{base}/readyz")).send().await.unwrap();
    assert_eq!(r.status(), 503);
    let v: Value = r.json().await.unwrap();
    assert!(v["reasons"][0].as_str().unwrap().contains("ADT"), "{v}");
    let url = format!("{}?code={KEY}", hook.url());
    for id in ["m-1", "m-1", "m-2"] {
        assert_eq!(
            http.post(&url)
                .body(body(id))
                .send()
                .await
                .unwrap()
                .status(),
            200
        );
    }
    http.post(hook.url())
        .body(body("m-3"))
        .send()
        .await
        .unwrap();
    let r = http.get(format!("{base}/metrics")).send().await.unwrap();
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    let text = r.text().await.unwrap();
    for needle in [
        "twinbridge_allocations_total{outcome=\"created\",status=\"200\"} 2",
        "twinbridge_allocations_total{outcome=\"reused\",status=\"200\"} 1",
        "twinbridge_allocations_total{outcome=\"Unauthorized\",status=\"401\"} 1",
        "twinbridge_allocation_duration_seconds_count 4",
        "twinbridge_allocation_adt_calls_total{operation=\"put_twin\",result=\"ok\"} 2",
        "twinbridge_allocation_adt_calls_total{operation=\"get_twin\",result=\"not_found\"} 2",
        "twinbridge_allocation_cache_hits_total 1",
        "twinbridge_adt_requests_total{operation=\"get_twin\",status=\"404\"} 2",
        "twinbridge_in_flight 0",
        "twinbridge_ready 1",
    ] {
        assert!(text.contains(needle), "metrics lack {needle}:\n{text}");
    }
    let r = http.get(format!("{base}/readyz")).send().await.unwrap();
    assert_eq!(r.status(), 200, "ready once ADT answered");
    // a scraper that asks for OpenMetrics gets it
    let r = http
        .get(format!("{base}/metrics"))
        .header(
            "accept",
            "application/openmetrics-text;version=1.0.0,text/plain;q=0.5",
        )
        .send()
        .await
        .unwrap();
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/openmetrics-text")
    );
    assert!(r.text().await.unwrap().ends_with("# EOF\n"));
    hook.stop().await;
    emu.stop().await;
}

#[tokio::test]
async fn oversized_bodies_get_413_and_create_nothing() {
    let (emu, adt) = sample_instance().await;
    let mut cfg = config(keys(&[KEY]));
    cfg.max_body_bytes = 2048;
    let hook = start(cfg, &adt).await;
    let http = reqwest::Client::new();
    let url = format!("{}?code={KEY}", hook.url());
    let mut big: Value = serde_json::from_str(&body("big-1")).unwrap();
    big["deviceRuntimeContext"]["payload"]["padding"] = json!("x".repeat(4000));
    let r = http.post(&url).body(big.to_string()).send().await.unwrap();
    assert_eq!(r.status(), 413);
    // the same without a Content-Length (chunked), written by hand
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut tcp = tokio::net::TcpStream::connect(hook.local_addr())
        .await
        .unwrap();
    let payload = big.to_string();
    let head = format!(
        "POST /api/allocate?code={KEY} HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{:x}\r\n",
        payload.len()
    );
    tcp.write_all(head.as_bytes()).await.unwrap();
    tcp.write_all(payload.as_bytes()).await.unwrap();
    tcp.write_all(b"\r\n0\r\n\r\n").await.unwrap();
    let mut answer = String::new();
    let _ = tcp.read_to_string(&mut answer).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(adt.get_twin("big-1").await.is_err());
    hook.stop().await;
    emu.stop().await;
}

#[tokio::test]
async fn tls_with_a_self_signed_certificate() {
    let (emu, adt) = sample_instance().await;
    let dir = tempfile::tempdir().unwrap();
    let ck = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    let files = TlsFiles {
        cert: dir.path().join("cert.pem"),
        key: dir.path().join("key.pem"),
    };
    std::fs::write(&files.cert, ck.cert.pem()).unwrap();
    std::fs::write(&files.key, ck.signing_key.serialize_pem()).unwrap();
    let mut cfg = config(keys(&[KEY]));
    cfg.tls = Some(files.clone());
    let hook = start(cfg, &adt).await;
    assert!(hook.url().starts_with("https://"));
    let port = hook.local_addr().port();
    let root = reqwest::Certificate::from_pem(ck.cert.pem().as_bytes()).unwrap();
    let https = reqwest::Client::builder()
        .tls_certs_only([root])
        .resolve("localhost", hook.local_addr())
        .build()
        .unwrap();
    let url = format!("https://localhost:{port}/api/allocate?code={KEY}");
    let r = https.post(&url).body(body("tls-1")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.json::<Value>().await.unwrap()["initialTwin"]["tags"]["dtId"],
        "tls-1"
    );
    // plain HTTP to the TLS port does not get an answer
    let plain = reqwest::Client::new()
        .post(format!("http://127.0.0.1:{port}/api/allocate?code={KEY}"))
        .body(body("tls-2"))
        .timeout(Duration::from_secs(5))
        .send()
        .await;
    assert!(plain.is_err() || !plain.unwrap().status().is_success());
    // a renewed certificate is served to new connections
    let renewed = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    std::fs::write(&files.cert, renewed.cert.pem()).unwrap();
    std::fs::write(&files.key, renewed.signing_key.serialize_pem()).unwrap();
    hook.reload_tls(&files).unwrap();
    let fresh = reqwest::Client::builder()
        .tls_certs_only([reqwest::Certificate::from_pem(renewed.cert.pem().as_bytes()).unwrap()])
        .resolve("localhost", hook.local_addr())
        .build()
        .unwrap();
    assert_eq!(
        fresh
            .post(&url)
            .body(body("tls-3"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    // a key that does not match the certificate is refused
    std::fs::write(&files.key, ck.signing_key.serialize_pem()).unwrap();
    assert!(hook.reload_tls(&files).is_err());
    hook.stop().await;
    emu.stop().await;
}

#[tokio::test]
async fn adt_throttling_is_429_with_retry_after() {
    let (client, task) = throttled_client().await;
    let hook = start(config(keys(&[KEY])), &client).await;
    let r = reqwest::Client::new()
        .post(format!("{}?code={KEY}", hook.url()))
        .body(body("thr-1"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    assert_eq!(r.headers()["retry-after"], "2");
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"]["code"],
        "AdtThrottled"
    );
    // a second throttled allocation: the throttling period is counted once, not per request
    let r = reqwest::Client::new()
        .post(format!("{}?code={KEY}", hook.url()))
        .body(body("thr-2"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    let text = hook.registry().render(false);
    for needle in [
        "twinbridge_allocations_total{outcome=\"AdtThrottled\",status=\"429\"} 2",
        "twinbridge_adt_outages_total{kind=\"throttled\"} 1",
        "twinbridge_adt_outage_active 1",
        "twinbridge_adt_throttled_total{operation=",
        "twinbridge_adt_retries_total{operation=",
    ] {
        assert!(text.contains(needle), "metrics lack {needle}:\n{text}");
    }
    hook.stop().await;
    task.abort();
}

async fn slow_instance(latency: Duration) -> (twinbridge::emulator::Emulator, AdtClient) {
    let emu = twinbridge::emulator::Emulator::start(twinbridge::emulator::EmulatorConfig {
        realism: twinbridge::emulator::Realism::new(latency, 0.0, false),
        ..twinbridge::emulator::EmulatorConfig::for_tests()
    })
    .await
    .unwrap();
    let adt = client_for(&emu.adt_url());
    adt.create_models(&sample_models()).await.unwrap();
    (emu, adt)
}

#[tokio::test]
async fn slow_adt_hits_the_request_timeout_with_503() {
    let (emu, adt) = slow_instance(Duration::from_millis(400)).await;
    let mut cfg = config(keys(&[KEY]));
    cfg.request_timeout = Duration::from_millis(150);
    let hook = start(cfg, &adt).await;
    let r = reqwest::Client::new()
        .post(format!("{}?code={KEY}", hook.url()))
        .body(body("slow-1"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 503, "DPS retries");
    assert!(r.headers().contains_key("retry-after"));
    hook.stop().await;
    emu.stop().await;
}

#[tokio::test]
async fn graceful_shutdown_finishes_requests_in_progress() {
    let (emu, adt) = slow_instance(Duration::from_millis(150)).await;
    let hook = start(config(keys(&[KEY])), &adt).await;
    let url = format!("{}?code={KEY}", hook.url());
    let inflight = tokio::spawn(async move {
        reqwest::Client::new()
            .post(url)
            .body(body("grace-1"))
            .send()
            .await
    });
    // stop once the request is in progress (the in-flight gauge says so), not after a guess
    for _ in 0..200 {
        if hook
            .registry()
            .render(false)
            .contains("twinbridge_in_flight 1")
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let addr = hook.local_addr();
    hook.stop().await;
    let r = inflight
        .await
        .unwrap()
        .expect("the request in progress gets its answer");
    assert_eq!(r.status(), 200);
    assert!(
        tokio::net::TcpStream::connect(addr).await.is_err(),
        "no longer accepting"
    );
    emu.stop().await;
}

//! Benchmark of `allocate serve`: allocations per second and latency percentiles at 1, 10 and
//! 100 concurrent callers against the emulator with 20 ms added latency per ADT request, for
//! cold registrations (twin created), warm re-registrations (twin found in ADT) and warm
//! re-registrations inside the cache TTL. It also reports what twinbridge adds on top of the
//! ADT round trips: the client-observed latency minus the ADT time the server reports in its
//! `Server-Timing` header (HTTP, parsing, policy, response).
//!
//! Run: `cargo bench --bench allocate` (optionally `-- --latency 20ms --requests 400`).
//! It prints numbers; it asserts nothing.
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, Instant};
use twinbridge::adt::{AdtClient, AdtConfig};
use twinbridge::auth::StaticToken;
use twinbridge::dps::allocation::{AllocationPolicy, Allocator, ModelPattern};
use twinbridge::dps::webhook::{FunctionKeys, Webhook, WebhookAuth, WebhookConfig};
use twinbridge::emulator::{Emulator, EmulatorConfig, Realism};

const KEY: &str = "bench-key-0123456789";
const THERMOSTAT: &str = "dtmi:contosocom:DigitalTwins:Thermostat;2";

struct Run {
    label: String,
    callers: usize,
    requests: usize,
    wall: Duration,
    latencies: Vec<Duration>,
    overheads: Vec<Duration>,
    adt_calls: f64,
    errors: usize,
}

fn pct(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn models() -> Vec<serde_json::Value> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
    ["SpaceModel.json", "ThermostatModel.json"]
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(dir.join(f)).expect("model file");
            serde_json::from_str(text.trim_start_matches('\u{feff}')).expect("model JSON")
        })
        .collect()
}

fn request(id: &str) -> String {
    json!({
        "deviceRuntimeContext": { "registrationId": id, "payload": { "modelId": THERMOSTAT } },
        "linkedHubs": ["hub1.azure-devices.net", "hub2.azure-devices.net"]
    })
    .to_string()
}

/// The `adt;dur=` value of a Server-Timing header.
fn adt_ms(resp: &reqwest::Response) -> (f64, f64) {
    let v = resp
        .headers()
        .get("server-timing")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let dur = v
        .split(';')
        .find_map(|p| p.trim().strip_prefix("dur="))
        .and_then(|d| d.parse().ok())
        .unwrap_or(0.0);
    let calls = v
        .split("desc=\"")
        .nth(1)
        .and_then(|d| d.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0.0);
    (dur, calls)
}

async fn drive(label: &str, url: &str, ids: Vec<String>, callers: usize) -> Run {
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(callers)
        .build()
        .expect("client");
    let queue = Arc::new(tokio::sync::Mutex::new(ids.clone()));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..callers {
        let (http, queue, url) = (http.clone(), queue.clone(), format!("{url}?code={KEY}"));
        tasks.push(tokio::spawn(async move {
            let mut out = Vec::new();
            loop {
                let Some(id) = queue.lock().await.pop() else {
                    break;
                };
                let t = Instant::now();
                let resp = http.post(&url).body(request(&id)).send().await;
                match resp {
                    Ok(r) if r.status().is_success() => {
                        let (adt, calls) = adt_ms(&r);
                        let _ = r.bytes().await;
                        let total = t.elapsed();
                        let overhead = total.saturating_sub(Duration::from_secs_f64(adt / 1000.0));
                        out.push(Ok((total, overhead, calls)));
                    }
                    _ => out.push(Err(())),
                }
            }
            out
        }));
    }
    let mut run = Run {
        label: label.to_string(),
        callers,
        requests: ids.len(),
        wall: Duration::ZERO,
        latencies: Vec::new(),
        overheads: Vec::new(),
        adt_calls: 0.0,
        errors: 0,
    };
    let mut calls = 0.0;
    for t in tasks {
        for r in t.await.expect("caller task") {
            match r {
                Ok((total, overhead, c)) => {
                    run.latencies.push(total);
                    run.overheads.push(overhead);
                    calls += c;
                }
                Err(()) => run.errors += 1,
            }
        }
    }
    run.wall = started.elapsed();
    run.latencies.sort();
    run.overheads.sort();
    run.adt_calls = calls / run.latencies.len().max(1) as f64;
    run
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let latency = arg("--latency")
        .and_then(|s| humantime::parse_duration(&s).ok())
        .unwrap_or(Duration::from_millis(20));
    let per_run = arg("--requests")
        .and_then(|s| s.parse().ok())
        .unwrap_or(300usize);
    let concurrency = arg("--adt-concurrency")
        .and_then(|s| s.parse().ok())
        .unwrap_or(16usize);

    let emu = Emulator::start(EmulatorConfig {
        realism: Realism::new(latency, 0.0, false),
        ..EmulatorConfig::for_tests()
    })
    .await
    .expect("emulator");
    let mut cfg = AdtConfig::new(emu.adt_url().parse().expect("url"));
    cfg.concurrency = concurrency;
    let adt = AdtClient::new(cfg, Arc::new(StaticToken("bench".into()))).expect("client");
    adt.create_models(&models()).await.expect("models");

    let policy = AllocationPolicy {
        allowed_models: vec![ModelPattern::parse("dtmi:contosocom:*").expect("pattern")],
        ..AllocationPolicy::default()
    };
    let start = |ttl: Duration| {
        let alloc = Arc::new(Allocator::new(policy.clone(), adt.clone()).with_cache_ttl(ttl));
        let cfg = WebhookConfig::new(
            "127.0.0.1:0".parse().expect("addr"),
            WebhookAuth::Keys(FunctionKeys::new([KEY]).expect("key")),
        );
        Webhook::start(cfg, alloc)
    };

    println!(
        "allocate serve benchmark: emulator latency {latency:?} per ADT request, ADT client concurrency {concurrency}, {} cores",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    let mut runs = Vec::new();
    for callers in [1usize, 10, 100] {
        let n = if callers == 1 {
            per_run.min(60)
        } else {
            per_run
        };
        let ids: Vec<String> = (0..n).map(|i| format!("bench-c{callers}-{i}")).collect();
        // cold: every registration creates its twin (a server with a cold cache)
        let hook = start(Duration::from_secs(10)).await.expect("webhook");
        runs.push(drive("cold (twin created)", hook.url(), ids.clone(), callers).await);
        // warm, in the cache TTL: the same server again right away
        runs.push(
            drive(
                "warm, cached (same devices within TTL)",
                hook.url(),
                ids.clone(),
                callers,
            )
            .await,
        );
        hook.stop().await;
        // warm: re-registration found in ADT (a fresh server, as after the TTL)
        let hook = start(Duration::from_secs(10)).await.expect("webhook");
        runs.push(
            drive(
                "warm (re-registration, twin found)",
                hook.url(),
                ids,
                callers,
            )
            .await,
        );
        hook.stop().await;
    }
    println!(
        "\n{:<40} {:>7} {:>6} {:>10} {:>9} {:>9} {:>9} {:>13} {:>13} {:>6}",
        "scenario",
        "callers",
        "reqs",
        "alloc/s",
        "p50 ms",
        "p99 ms",
        "ADT/req",
        "added p50 ms",
        "added p99 ms",
        "errors"
    );
    for r in &runs {
        println!(
            "{:<40} {:>7} {:>6} {:>10.1} {:>9.2} {:>9.2} {:>9.2} {:>13.3} {:>13.3} {:>6}",
            r.label,
            r.callers,
            r.requests,
            r.latencies.len() as f64 / r.wall.as_secs_f64(),
            pct(&r.latencies, 0.5),
            pct(&r.latencies, 0.99),
            r.adt_calls,
            pct(&r.overheads, 0.5),
            pct(&r.overheads, 0.99),
            r.errors
        );
    }
    println!(
        "\n'added' = client-observed latency minus the ADT time the server reports (Server-Timing): HTTP on loopback, parsing, policy and response."
    );
    emu.stop().await;
}

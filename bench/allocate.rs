//! Benchmark of `allocate serve`: allocations per second and latency percentiles at 1, 10 and
//! 100 concurrent callers against the emulator with 20 ms added latency per ADT request, for
//! cold registrations (twin created), warm re-registrations (twin found in ADT) and warm
//! re-registrations inside the cache TTL. It also reports what twinbridge adds on top of the
//! ADT round trips: the client-observed latency minus the ADT time the server reports in its
//! `Server-Timing` header (HTTP, parsing, policy, response).
//!
//! The same scenarios run against the sample's allocation function (`allocate_sample.rs`: GET
//! the twin, create-or-replace it, always the first linked hub; no cache, no single-flight) in the
//! same invocation, and a burst scenario (every registration id sent 10 times at once, as DPS
//! retries and re-registrations do) compares the ADT calls each makes.
//!
//! Run: `cargo bench --bench allocate` (optionally `-- --latency 20ms --requests 400
//! --enforce-limits --quick --json`). `--json` prints one JSON document instead of the table
//! (used by `bench/run-all.py`). It prints numbers; it asserts nothing.
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

#[path = "allocate_sample.rs"]
mod sample;

struct Run {
    /// `twinbridge` or `sample`
    imp: &'static str,
    /// Stable scenario key for `--json`: cold, cached, warm, burst.
    key: &'static str,
    label: String,
    callers: usize,
    requests: usize,
    wall: Duration,
    latencies: Vec<Duration>,
    overheads: Vec<Duration>,
    adt_calls: f64,
    /// 429 answers from ADT (retried).
    throttled: u64,
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

async fn drive(
    (imp, key, label): (&'static str, &'static str, &str),
    url: &str,
    ids: Vec<String>,
    callers: usize,
) -> Run {
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
        imp,
        key,
        label: label.to_string(),
        callers,
        requests: ids.len(),
        wall: Duration::ZERO,
        latencies: Vec::new(),
        overheads: Vec::new(),
        adt_calls: 0.0,
        throttled: 0,
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

/// Run twinbridge's webhook over `ids`; ADT calls and 429s from its ADT client's counters.
async fn drive_tb(
    (key, label): (&'static str, &str),
    url: &str,
    ids: Vec<String>,
    callers: usize,
    adt: &AdtClient,
) -> Run {
    let before = adt.stats();
    let mut run = drive(("twinbridge", key, label), url, ids, callers).await;
    let after = adt.stats();
    run.adt_calls = (after.requests - before.requests) as f64 / run.requests.max(1) as f64;
    run.throttled = after.throttled - before.throttled;
    run
}

/// Run the sample's function over `ids`; its ADT calls come from its own counter.
async fn drive_sample(
    key: &'static str,
    label: &str,
    hook: &sample::SampleHook,
    ids: Vec<String>,
    callers: usize,
) -> Run {
    use std::sync::atomic::Ordering;
    let before = hook.state.calls.load(Ordering::Relaxed);
    let throttled = hook.state.throttled.load(Ordering::Relaxed);
    let mut run = drive(("sample", key, label), &hook.url, ids, callers).await;
    let calls = hook.state.calls.load(Ordering::Relaxed) - before;
    run.throttled = hook.state.throttled.load(Ordering::Relaxed) - throttled;
    run.adt_calls = calls as f64 / run.requests.max(1) as f64;
    run.overheads.clear(); // no Server-Timing: "added" is not measured for the sample
    run
}

fn num(v: f64) -> serde_json::Value {
    if v.is_finite() {
        json!((v * 1000.0).round() / 1000.0)
    } else {
        serde_json::Value::Null
    }
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
    let flag = |name: &str| args.iter().any(|a| a == name);
    let quick = flag("--quick");
    let as_json = flag("--json");
    let enforce = flag("--enforce-limits");
    let latency = arg("--latency")
        .and_then(|s| humantime::parse_duration(&s).ok())
        .unwrap_or(Duration::from_millis(20));
    let per_run = arg("--requests")
        .and_then(|s| s.parse().ok())
        .unwrap_or(if quick { 100 } else { 300usize });
    let concurrency = arg("--adt-concurrency")
        .and_then(|s| s.parse().ok())
        .unwrap_or(16usize);

    let emu = Emulator::start(EmulatorConfig {
        realism: Realism::new(latency, 0.0, enforce),
        ..EmulatorConfig::for_tests()
    })
    .await
    .expect("emulator");
    let mut cfg = AdtConfig::new(emu.adt_url().parse().expect("url"));
    cfg.concurrency = concurrency;
    let adt = AdtClient::new(cfg.clone(), Arc::new(StaticToken("bench".into()))).expect("client");
    adt.create_models(&models()).await.expect("models");
    // the same with as many ADT requests in flight as callers (`--concurrency 100`)
    cfg.concurrency = 100;
    let adt100 = AdtClient::new(cfg, Arc::new(StaticToken("bench".into()))).expect("client");

    let policy = AllocationPolicy {
        allowed_models: vec![ModelPattern::parse("dtmi:contosocom:*").expect("pattern")],
        ..AllocationPolicy::default()
    };
    let start = |ttl: Duration, adt: &AdtClient| {
        let alloc = Arc::new(Allocator::new(policy.clone(), adt.clone()).with_cache_ttl(ttl));
        let cfg = WebhookConfig::new(
            "127.0.0.1:0".parse().expect("addr"),
            WebhookAuth::Keys(FunctionKeys::new([KEY]).expect("key")),
        );
        Webhook::start(cfg, alloc)
    };
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    if !as_json {
        println!(
            "allocate serve benchmark: emulator latency {latency:?} per ADT request{}, ADT client concurrency {concurrency}, {cores} cores",
            if enforce { ", ADT limits enforced" } else { "" }
        );
    }
    let hook_sample = sample::start(&emu.adt_url())
        .await
        .expect("sample endpoint");
    let mut runs = Vec::new();
    for callers in [1usize, 10, 100] {
        let n = if callers == 1 {
            per_run.min(if quick { 30 } else { 60 })
        } else {
            per_run
        };
        let ids: Vec<String> = (0..n).map(|i| format!("bench-c{callers}-{i}")).collect();
        // cold: every registration creates its twin (a server with a cold cache)
        let ttl = Duration::from_secs(10);
        let hook = start(ttl, &adt).await.expect("webhook");
        let label = "cold (twin created)";
        runs.push(drive_tb(("cold", label), hook.url(), ids.clone(), callers, &adt).await);
        // warm, in the cache TTL: the same server again right away
        let label = "warm, cached (same devices within TTL)";
        runs.push(drive_tb(("cached", label), hook.url(), ids.clone(), callers, &adt).await);
        hook.stop().await;
        // warm: re-registration found in ADT (a fresh server, as after the TTL)
        let hook = start(ttl, &adt).await.expect("webhook");
        let label = "warm (re-registration, twin found)";
        runs.push(drive_tb(("warm", label), hook.url(), ids.clone(), callers, &adt).await);
        hook.stop().await;
        if callers == 100 {
            // as many ADT requests in flight as callers
            let ids: Vec<String> = (0..n).map(|i| format!("bench-c100x-{i}")).collect();
            let hook = start(ttl, &adt100).await.expect("webhook");
            let label = "cold, --concurrency 100";
            runs.push(drive_tb(("cold_c100", label), hook.url(), ids.clone(), 100, &adt100).await);
            hook.stop().await;
            let hook = start(ttl, &adt100).await.expect("webhook");
            let label = "warm, --concurrency 100";
            runs.push(drive_tb(("warm_c100", label), hook.url(), ids, 100, &adt100).await);
            hook.stop().await;
        }
        // the sample's function: cold, then the same devices again (it has no cache)
        let ids: Vec<String> = (0..n).map(|i| format!("sample-c{callers}-{i}")).collect();
        let label = "sample: cold (twin created)";
        runs.push(drive_sample("cold", label, &hook_sample, ids.clone(), callers).await);
        let label = "sample: warm (re-registration)";
        runs.push(drive_sample("warm", label, &hook_sample, ids, callers).await);
    }
    // burst: each new registration id 10 times at once (100 callers)
    let burst = |prefix: &str| -> Vec<String> {
        (0..per_run)
            .map(|i| format!("{prefix}-burst-{}", i / 10))
            .collect()
    };
    let hook = start(Duration::from_secs(10), &adt).await.expect("webhook");
    let label = "burst: 10 registrations per new id";
    runs.push(drive_tb(("burst", label), hook.url(), burst("tb"), 100, &adt).await);
    hook.stop().await;
    let label = "sample: burst, 10 per new id";
    runs.push(drive_sample("burst", label, &hook_sample, burst("sample"), 100).await);
    hook_sample.stop();

    if as_json {
        let rows: Vec<serde_json::Value> = runs
            .iter()
            .map(|r| {
                json!({
                    "impl": r.imp,
                    "scenario": r.key,
                    "label": r.label,
                    "callers": r.callers,
                    "requests": r.requests,
                    "alloc_per_s": num(r.latencies.len() as f64 / r.wall.as_secs_f64()),
                    "p50_ms": num(pct(&r.latencies, 0.5)),
                    "p99_ms": num(pct(&r.latencies, 0.99)),
                    "adt_calls_per_req": num(r.adt_calls),
                    "added_p50_ms": num(pct(&r.overheads, 0.5)),
                    "added_p99_ms": num(pct(&r.overheads, 0.99)),
                    "throttled": r.throttled,
                    "errors": r.errors,
                })
            })
            .collect();
        let doc = json!({
            "bench": "allocate",
            "latency_ms": latency.as_millis() as u64,
            "enforce_limits": enforce,
            "adt_concurrency": concurrency,
            "cores": cores,
            "rows": rows,
        });
        println!("{doc}");
        emu.stop().await;
        return;
    }
    println!(
        "\n{:<40} {:>7} {:>6} {:>10} {:>9} {:>9} {:>9} {:>13} {:>13} {:>5} {:>6}",
        "scenario",
        "callers",
        "reqs",
        "alloc/s",
        "p50 ms",
        "p99 ms",
        "ADT/req",
        "added p50 ms",
        "added p99 ms",
        "429s",
        "errors"
    );
    for r in &runs {
        println!(
            "{:<40} {:>7} {:>6} {:>10.1} {:>9.2} {:>9.2} {:>9.2} {:>13.3} {:>13.3} {:>5} {:>6}",
            r.label,
            r.callers,
            r.requests,
            r.latencies.len() as f64 / r.wall.as_secs_f64(),
            pct(&r.latencies, 0.5),
            pct(&r.latencies, 0.99),
            r.adt_calls,
            pct(&r.overheads, 0.5),
            pct(&r.overheads, 0.99),
            r.throttled,
            r.errors
        );
    }
    println!(
        "\n'added' = client-observed latency minus the ADT time the server reports (Server-Timing): HTTP on loopback, parsing, policy and response (NaN for the sample, which sends no Server-Timing). sample = the sample's DpsAdtAllocationFunc algorithm (bench/allocate_sample.rs)."
    );
    emu.stop().await;
}

//! `twinbridge sync-telemetry`: device telemetry from Event Hubs (or NDJSON) onto twin
//! properties, coalesced per twin, through the shared pipeline.
use super::Ctx;
use super::consumer;
use super::service::Service;
use super::signals::StopSignals;
use crate::cli::SyncTelemetryArgs;
use crate::error::{Exit, UsageError};
use crate::events::outcome::Outcomes;
use crate::events::pipeline::{self, Status};
use crate::output::{LiveBlock, SCHEMA_VERSION};
use crate::sync::engine::{SyncEngine, SyncOptions};
use crate::sync::mapping::{MappingFile, Mode, SourceTime};
use crate::sync::twin_id::parse_sources;
use color_eyre::eyre::Result;
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

fn mode(a: &SyncTelemetryArgs) -> Result<Mode> {
    if !a.property.is_empty() {
        return Ok(Mode::Sample {
            properties: a.property.clone(),
        });
    }
    if let Some(path) = &a.mapping {
        let text = std::fs::read_to_string(path).map_err(|e| {
            UsageError::new(format!(
                "cannot read the mapping file {}: {e}",
                path.display()
            ))
        })?;
        let file = MappingFile::parse(&text).map_err(|e| {
            UsageError::new(format!("mapping file {}: {e}", path.display()))
                .with_hint("see examples/mapping.toml for the format")
        })?;
        return Ok(Mode::File(file));
    }
    let source_time = match a.source_time.as_deref() {
        None | Some("none") => SourceTime::None,
        Some("enqueued") => SourceTime::Enqueued,
        Some(p) if p.starts_with('/') => SourceTime::Body(p.to_string()),
        Some(other) => {
            return Err(UsageError::new(format!(
                "--source-time {other:?} is not none, enqueued or a JSON pointer"
            ))
            .with_hint("e.g. --source-time enqueued or --source-time /timestamp")
            .into());
        }
    };
    Ok(Mode::Auto { source_time })
}

/// The status numbers, with rates since the previous snapshot.
struct Rates {
    at: Instant,
    events: u64,
    patches: u64,
}

fn snapshot(
    engine: &SyncEngine,
    adt: &crate::adt::AdtClient,
    status: &Status,
    prev: &mut Rates,
) -> Value {
    let c = &engine.counters;
    let (events, patches) = (
        c.events.load(Ordering::Relaxed),
        c.patches.load(Ordering::Relaxed),
    );
    let secs = prev.at.elapsed().as_secs_f64().max(0.001);
    let ev_rate = (events.saturating_sub(prev.events)) as f64 / secs;
    let patch_rate = (patches.saturating_sub(prev.patches)) as f64 / secs;
    *prev = Rates {
        at: Instant::now(),
        events,
        patches,
    };
    let patched_events = c.patched_events.load(Ordering::Relaxed);
    let lag: serde_json::Map<String, Value> = status
        .partitions
        .iter()
        .map(|(p, s)| (p.clone(), json!(s.lag())))
        .collect();
    json!({
        "events": events,
        "events_per_s": (ev_rate * 10.0).round() / 10.0,
        "patches": patches,
        "patches_per_s": (patch_rate * 10.0).round() / 10.0,
        "events_per_patch": if patches > 0 { ((patched_events as f64 / patches as f64) * 10.0).round() / 10.0 } else { 0.0 },
        "throttled": adt.stats().throttled,
        "dead_lettered": status.dead_lettered,
        "pending": engine.pending(),
        "concurrency": engine.concurrency(),
        "lag": lag,
        "checkpoints_written": status.checkpoints_written,
        "held": status.held,
        "outage": status.outage,
        "outages": status.outages,
        "outage_seconds": (status.outage_seconds * 10.0).round() / 10.0,
    })
}

/// The outage line of the status, when ADT is unavailable.
pub(crate) fn outage_line(status: &Status) -> Option<String> {
    status.outage.as_ref().map(|o| {
        format!(
            "{} UNAVAILABLE for {:.0}s: {} | {} event(s) held, no new ones taken, nothing dead-lettered for it",
            o.service,
            o.seconds,
            crate::output::sanitize(&o.reason),
            status.held
        )
    })
}

fn status_line(v: &Value, status: &Status) -> Vec<String> {
    let lag: Vec<String> = v["lag"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(p, l)| {
                    format!(
                        "p{p}:{}",
                        if l.is_null() {
                            "-".into()
                        } else {
                            l.to_string()
                        }
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let mut lines = vec![
        format!(
            "events {} ({}/s) | patches {} ({}/s) | {} events/patch | throttled {} | dead-letters {} | pending {}",
            v["events"],
            v["events_per_s"],
            v["patches"],
            v["patches_per_s"],
            v["events_per_patch"],
            v["throttled"],
            v["dead_lettered"],
            v["pending"]
        ),
        format!(
            "lag {}",
            if lag.is_empty() {
                "-".into()
            } else {
                lag.join(" ")
            }
        ),
    ];
    lines.extend(outage_line(status));
    lines
}

pub async fn run(a: SyncTelemetryArgs, ctx: &Ctx) -> Result<Exit> {
    // Registered first, so a stop signal during start-up (connecting, listing partitions) is
    // honoured at once rather than swallowed.
    let cancel = StopSignals::register()?.into_token();
    let mode = mode(&a)?;
    let twin_id_from = parse_sources(&a.twin_id_from)
        .map_err(|e| UsageError::new(format!("--twin-id-from: {e}")))?;
    let flush: Duration = a
        .flush_interval
        .map(Into::into)
        .unwrap_or(Duration::from_secs(1));
    let adt = ctx.adt()?;
    let svc = Service::start(&a.service, &adt, &ctx.printer, "sync-telemetry").await?;
    let Some(mut consumer) =
        consumer::open_or_stop(&a.source, ctx, "sync-telemetry", "deviceevents", &cancel).await?
    else {
        svc.stop().await;
        return Ok(Exit::Interrupted);
    };
    svc.source_connected();
    let immediate = flush.is_zero();
    let engine = Arc::new(SyncEngine::new(
        adt.clone(),
        SyncOptions {
            mode,
            twin_id_from,
            min_interval: if immediate {
                Duration::ZERO
            } else {
                Duration::from_millis(100)
            },
            concurrency: ctx.settings.http.concurrency,
            immediate,
        },
    ));
    consumer.run.tick = if immediate {
        Duration::from_millis(50)
    } else {
        flush
    };
    let dl_path = consumer.dead_letters.path().display().to_string();
    let out = Arc::new(svc.outcomes(Outcomes::new(Some(consumer.dead_letters))));
    register_engine(&svc.metrics, &engine);
    let p = ctx.printer.clone();
    p.info(format!(
        "sync-telemetry: reading {} -> ADT {}; dead letters to {dl_path}",
        consumer.describe,
        adt.base_url()
    ));
    let (tx, mut rx) = tokio::sync::watch::channel(Status::default());
    svc.track(tx.subscribe(), &mut consumer.run);
    let view = {
        let (engine, adt, p) = (engine.clone(), adt.clone(), p.clone());
        tokio::spawn(async move {
            let mut prev = Rates {
                at: Instant::now(),
                events: 0,
                patches: 0,
            };
            let mut block = LiveBlock::new();
            let live = p.live_progress();
            let every = if p.is_json() {
                Duration::from_secs(5)
            } else if live {
                Duration::from_secs(1)
            } else {
                Duration::from_secs(10)
            };
            let mut tick = tokio::time::interval(every);
            tick.tick().await;
            loop {
                tokio::select! {
                    changed = rx.changed() => if changed.is_err() { break },
                    _ = tick.tick() => {
                        let status = rx.borrow().clone();
                        let mut v = snapshot(&engine, &adt, &status, &mut prev);
                        if p.is_json() {
                            v["type"] = json!("status");
                            let _ = p.json_line(&v);
                        } else if live {
                            block.draw(&status_line(&v, &status));
                        } else {
                            p.info(status_line(&v, &status).join(" | "));
                        }
                    }
                }
            }
            block.finish();
        })
    };
    let started = Instant::now();
    let run = pipeline::run(
        consumer.source,
        consumer.store,
        engine.clone(),
        out,
        consumer.run,
        cancel.clone(),
        Some(tx),
    );
    let result = svc.run(run, &cancel, &p).await;
    svc.stop().await;
    let Some(report) = result? else {
        view.abort();
        return Ok(Exit::Interrupted);
    };
    let _ = view.await;
    let mut prev = Rates {
        at: started,
        events: 0,
        patches: 0,
    };
    let mut summary = snapshot(&engine, &adt, &report.status, &mut prev);
    summary["elapsed_s"] = json!((started.elapsed().as_secs_f64() * 10.0).round() / 10.0);
    summary["ignored_fields"] = json!(engine.counters.ignored_fields.load(Ordering::Relaxed));
    summary["dead_letter_file"] = json!(dl_path);
    summary["interrupted"] = json!(report.interrupted);
    summary["unfinished"] = json!(report.unfinished);
    if p.is_json() {
        summary["type"] = json!("summary");
        summary["schema_version"] = json!(SCHEMA_VERSION);
        p.json_line(&summary)?;
    } else {
        let mut t = crate::output::new_table(&["", ""], p.stdout_tty);
        for k in [
            "events",
            "patches",
            "events_per_patch",
            "throttled",
            "dead_lettered",
            "ignored_fields",
            "checkpoints_written",
            "outages",
            "outage_seconds",
            "elapsed_s",
        ] {
            t.add_row(vec![k.replace('_', " "), summary[k].to_string()]);
        }
        p.table(&t)?;
        if report.status.dead_lettered > 0 {
            p.warn(format!(
                "{} event(s) dead-lettered to {dl_path}",
                report.status.dead_lettered
            ));
        }
    }
    // Stopped by a signal and drained in time: what was handed back is redelivered after the
    // checkpoints just written, so nothing is lost (exit 0, as service managers expect).
    Ok(Exit::Success)
}

/// The engine's own counters as metrics: PATCHes sent and the events they carried.
fn register_engine(m: &crate::metrics::Metrics, engine: &Arc<SyncEngine>) {
    use crate::metrics::FnCollector;
    let e = engine.clone();
    m.register_collector(FnCollector::counter(
        "twinbridge_patches",
        "JSON Patch requests sent to ADT by sync-telemetry (one per twin per flush).",
        move || vec![(vec![], e.counters.patches.load(Ordering::Relaxed))],
    ));
    let e = engine.clone();
    m.register_collector(FnCollector::counter(
        "twinbridge_patch_events",
        "Events carried by the PATCHes sent: rate(twinbridge_patch_events_total) / rate(twinbridge_patches_total) is events per PATCH.",
        move || vec![(vec![], e.counters.patched_events.load(Ordering::Relaxed))],
    ));
}

//! `twinbridge watch-lifecycle`: keep ADT in step with the device registry from the lifecycle
//! hub, with a live view for a tmux pane (header + scrolling table of recent events), plain
//! lines off a terminal, NDJSON with `--format json`.
use super::Ctx;
use super::consumer;
use super::service::Service;
use super::signals::StopSignals;
use crate::adt::CascadeOptions;
use crate::cli::{OnCreateArg, OnDeleteArg, WatchLifecycleArgs};
use crate::error::{Exit, UsageError};
use crate::events::outcome::Outcomes;
use crate::events::pipeline::{self, Status};
use crate::lifecycle::engine::{
    Action, LifecycleEngine, LifecycleHandler, LifecycleOptions, OnCreate, OnDelete,
};
use crate::output::{LiveBlock, SCHEMA_VERSION, sanitize};
use color_eyre::eyre::Result;
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// Parse `PATH=JSON` (a bare word is taken as a string).
pub fn parse_detach_set(s: &str) -> Result<(String, Value), UsageError> {
    let bad = || {
        UsageError::new(format!("--detach-set {s:?} is not PATH=JSON"))
            .with_hint("e.g. --detach-set '/deviceStatus=\"deleted\"'")
    };
    let (path, value) = s.split_once('=').ok_or_else(bad)?;
    if !path.starts_with('/') || path.len() < 2 {
        return Err(bad());
    }
    let value = serde_json::from_str(value).unwrap_or_else(|_| Value::String(value.to_string()));
    Ok((path.to_string(), value))
}

fn counts(engine: &LifecycleEngine) -> Value {
    let c = &engine.counters;
    let n = |a: &std::sync::atomic::AtomicU64| a.load(Ordering::Relaxed);
    json!({
        "deleted": n(&c.deleted), "detached": n(&c.detached), "logged": n(&c.logged), "ensured": n(&c.ensured),
        "gone": n(&c.gone), "skipped": n(&c.skipped), "dead_lettered": n(&c.dead_lettered), "retried": n(&c.retried),
    })
}

fn header(describe: &str, status: &Status, c: &Value, dry_run: bool) -> Vec<String> {
    let lag: Vec<String> = status
        .partitions
        .iter()
        .map(|(p, s)| {
            format!(
                "p{p}:{}",
                s.lag().map(|l| l.to_string()).unwrap_or_else(|| "-".into())
            )
        })
        .collect();
    vec![
        format!(
            "watch-lifecycle{}  {describe}",
            if dry_run {
                " (DRY RUN: nothing is changed)"
            } else {
                ""
            }
        ),
        format!(
            "partitions {}  lag {}  events {}",
            status.partitions.len(),
            lag.join(" "),
            status.events
        ),
        format!(
            "deleted {}  detached {}  logged {}  ensured {}  already gone {}  skipped {}  dead-letters {}  retries {}",
            c["deleted"],
            c["detached"],
            c["logged"],
            c["ensured"],
            c["gone"],
            c["skipped"],
            c["dead_lettered"],
            c["retried"]
        ),
        super::sync_telemetry::outage_line(status).unwrap_or_default(),
    ]
}

fn row(a: &Action) -> String {
    let time = a.time.get(11..19).unwrap_or(&a.time);
    format!(
        "{time}  {:<20} {:<20} {:<14} {:<13} {:>5}ms  {}",
        sanitize(&a.device),
        sanitize(&a.twin),
        a.action,
        a.result,
        a.duration_ms,
        sanitize(&a.detail)
    )
}

/// The `--allow-model` list: required (an empty one would let a device's deletion remove any
/// twin that shares its id), each an exact DTMI, a `dtmi:...*` prefix or `*`.
pub fn check_allow_models(patterns: &[String]) -> Result<(), UsageError> {
    const EXAMPLE: &str = "e.g. --allow-model 'dtmi:contosocom:DigitalTwins:Thermostat;*' (repeatable), or --allow-model '*' to let deleted devices remove twins of any model";
    if patterns.is_empty() {
        return Err(UsageError::new(
            "watch-lifecycle needs --allow-model: which models' twins may a device's deletion delete or change?",
        )
        .with_hint(EXAMPLE));
    }
    if let Some(bad) = patterns
        .iter()
        .find(|p| p.as_str() != "*" && !p.starts_with("dtmi:"))
    {
        return Err(UsageError::new(format!(
            "--allow-model {:?} is not a DTMI, a dtmi:... prefix ending in *, or *",
            sanitize(bad)
        ))
        .with_hint(EXAMPLE));
    }
    Ok(())
}

pub async fn run(a: WatchLifecycleArgs, ctx: &Ctx) -> Result<Exit> {
    check_allow_models(&a.allow_model)?;
    // Registered first, so a stop signal during start-up (connecting, listing partitions) is
    // honoured at once rather than swallowed.
    let cancel = StopSignals::register()?.into_token();
    let on_delete = match a.on_delete {
        OnDeleteArg::Delete => OnDelete::Delete,
        OnDeleteArg::Log => OnDelete::Log,
        OnDeleteArg::Detach => {
            let (path, value) = parse_detach_set(&a.detach_set)?;
            OnDelete::Detach { path, value }
        }
    };
    let adt = ctx.adt()?;
    let svc = Service::start(&a.service, &adt, &ctx.printer, "watch-lifecycle").await?;
    let Some(mut consumer) = consumer::open_or_stop(
        &a.source,
        ctx,
        "watch-lifecycle",
        "lifecycleevents",
        &cancel,
    )
    .await?
    else {
        svc.stop().await;
        return Ok(Exit::Interrupted);
    };
    svc.source_connected();
    consumer.run.checkpoints = !a.dry_run;
    let engine = LifecycleEngine::new(
        adt.clone(),
        LifecycleOptions {
            on_delete,
            on_create: if a.on_create == OnCreateArg::EnsureTwin {
                OnCreate::EnsureTwin
            } else {
                OnCreate::Ignore
            },
            allow_models: a.allow_model.clone(),
            modules: a.modules,
            dry_run: a.dry_run,
            concurrency: ctx.settings.http.concurrency,
            cascade: CascadeOptions::default(),
        },
    );
    let (actions_tx, mut actions_rx) = tokio::sync::mpsc::unbounded_channel::<Action>();
    let handler = Arc::new(LifecycleHandler {
        engine,
        actions: actions_tx,
    });
    let dl_path = consumer.dead_letters.path().display().to_string();
    let out = Arc::new(svc.outcomes(Outcomes::new(Some(consumer.dead_letters))));
    let p = ctx.printer.clone();
    p.info(format!(
        "watch-lifecycle: reading {} -> ADT {}; dead letters to {dl_path}",
        consumer.describe,
        adt.base_url()
    ));
    let (tx, mut rx) = tokio::sync::watch::channel(Status::default());
    svc.track(tx.subscribe(), &mut consumer.run);
    let describe = consumer.describe.clone();
    let view = {
        let (handler, p, dry) = (Arc::downgrade(&handler), p.clone(), a.dry_run);
        tokio::spawn(async move {
            let live = p.live_progress();
            let mut block = LiveBlock::new();
            let mut recent: VecDeque<String> = VecDeque::new();
            let mut redraw = tokio::time::interval(Duration::from_millis(500));
            loop {
                tokio::select! {
                    action = actions_rx.recv() => match action {
                        Some(action) => {
                            if p.is_json() {
                                let mut v = serde_json::to_value(&action).unwrap_or_default();
                                v["type"] = json!("action");
                                let _ = p.json_line(&v);
                            } else if live {
                                recent.push_back(row(&action));
                                while recent.len() > 500 { recent.pop_front(); }
                            } else if !p.quiet || action.result == "dead-lettered" {
                                let _ = p.out(&format!("{}\n", row(&action)));
                            }
                        }
                        None => break,
                    },
                    _ = redraw.tick(), if live => {
                        let status = rx.borrow_and_update().clone();
                        let Some(h) = handler.upgrade() else { continue };
                        let mut lines = header(&describe, &status, &counts(&h.engine), dry);
                        drop(h);
                        let (rows, _) = block.size();
                        let room = rows.saturating_sub(lines.len() + 2).max(1);
                        lines.push(format!("{:<8}  {:<20} {:<20} {:<14} {:<13} {:>7}  {}", "TIME", "DEVICE", "TWIN", "ACTION", "RESULT", "TOOK", "DETAIL"));
                        lines.extend(recent.iter().skip(recent.len().saturating_sub(room)).cloned());
                        block.draw(&lines);
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
        handler.clone(),
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
    let mut summary = counts(&handler.engine);
    drop(handler);
    let _ = view.await;
    summary["events"] = json!(report.status.events);
    summary["elapsed_s"] = json!((started.elapsed().as_secs_f64() * 10.0).round() / 10.0);
    summary["dry_run"] = json!(a.dry_run);
    summary["dead_letter_file"] = json!(dl_path);
    summary["interrupted"] = json!(report.interrupted);
    summary["unfinished"] = json!(report.unfinished);
    summary["outages"] = json!(report.status.outages);
    summary["outage_seconds"] = json!((report.status.outage_seconds * 10.0).round() / 10.0);
    if p.is_json() {
        summary["type"] = json!("summary");
        summary["schema_version"] = json!(SCHEMA_VERSION);
        p.json_line(&summary)?;
    } else {
        p.info(format!(
            "{} event(s): {} deleted, {} detached, {} logged, {} ensured, {} already gone, {} skipped, {} dead-lettered",
            summary["events"], summary["deleted"], summary["detached"], summary["logged"], summary["ensured"], summary["gone"], summary["skipped"], summary["dead_lettered"]
        ));
    }
    // Stopped by a signal and drained in time: what was handed back is redelivered after the
    // checkpoints just written, so nothing is lost (exit 0, as service managers expect).
    Ok(Exit::Success)
}

#[cfg(test)]
mod tests {
    #[test]
    fn detach_set_parses_json_and_bare_words() {
        assert_eq!(
            super::parse_detach_set("/deviceStatus=\"deleted\"")
                .unwrap()
                .1,
            serde_json::json!("deleted")
        );
        assert_eq!(
            super::parse_detach_set("/active=false").unwrap().1,
            serde_json::json!(false)
        );
        assert_eq!(
            super::parse_detach_set("/s=gone").unwrap().1,
            serde_json::json!("gone")
        );
        assert!(super::parse_detach_set("nopath").is_err());
    }

    #[test]
    fn the_allow_list_is_required_and_checked() {
        let list = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let e = super::check_allow_models(&[]).unwrap_err();
        assert!(e.message.contains("--allow-model"), "{}", e.message);
        assert!(e.hint.unwrap().contains("--allow-model 'dtmi:"));
        assert!(super::check_allow_models(&list(&["*"])).is_ok());
        assert!(super::check_allow_models(&list(&["dtmi:a:*", "dtmi:b;1"])).is_ok());
        let e = super::check_allow_models(&list(&["dtmi:a:*", "Thermostat"])).unwrap_err();
        assert!(e.message.contains("Thermostat"), "{}", e.message);
    }
}

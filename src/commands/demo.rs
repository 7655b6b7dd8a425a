//! `twinbridge demo`: run the sample's whole flow locally (`crate::demo`), show it live, print
//! the device-twin mapping, the statistics and the checks; exit 0 only if every check passed.
use super::Ctx;
use super::signals::StopSignals;
use crate::cli::{DemoArgs, TransportArg};
use crate::demo::report::{Check, DeviceRow, Step};
use crate::demo::{self, DemoConfig, DemoObserver, DemoReport, Endpoints, Live};
use crate::error::{Exit, UsageError};
use crate::lifecycle::engine::Action;
use crate::output::{LiveBlock, Printer, SCHEMA_VERSION, new_table, sanitize};
use crate::settings::{ProcessEnv, state_dir};
use crate::simulate::Transport;
use color_eyre::eyre::Result;
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::Ordering::Relaxed;
use std::time::Duration;
use tokio::sync::mpsc;

/// What the progress view is told.
enum Msg {
    Step(Step),
    Action(Action),
    Running(Live),
}

/// Forwards the flow's progress to the view task.
struct Progress(mpsc::UnboundedSender<Msg>);

impl DemoObserver for Progress {
    fn step(&self, step: &Step) {
        let _ = self.0.send(Msg::Step(step.clone()));
    }
    fn lifecycle(&self, action: &Action) {
        let _ = self.0.send(Msg::Action(action.clone()));
    }
    fn running(&self, live: Live) {
        let _ = self.0.send(Msg::Running(live));
    }
}

fn step_line(s: &Step) -> String {
    let mark = if s.ok { "✓" } else { "✗" };
    format!("  {mark} {:<15} {} ({:.1} s)", s.name, s.detail, s.seconds)
}

fn action_line(a: &Action) -> String {
    format!(
        "    watch-lifecycle: {} twin {} of device {}: {} {}",
        a.action,
        sanitize(&a.twin),
        sanitize(&a.device),
        a.result,
        sanitize(&a.detail)
    )
}

fn status_line(live: &Live, devices: u32) -> String {
    let f = &live.fleet;
    let s = &live.sync.counters;
    let l = &live.lifecycle.engine.counters;
    format!(
        "    devices {}/{devices} provisioned, {} connected, {} messages | sync-telemetry {} events -> {} patches | watch-lifecycle {} deleted | dead letters {}",
        f.provisioned.load(Relaxed),
        f.connected.load(Relaxed),
        f.sent.load(Relaxed),
        s.events.load(Relaxed),
        s.patches.load(Relaxed),
        l.deleted.load(Relaxed),
        live.sync_status.borrow().dead_lettered + live.lifecycle_status.borrow().dead_lettered,
    )
}

/// The view: step lines, lifecycle actions and a live status line (redrawn on a terminal,
/// every 5 s otherwise).
async fn view(
    p: Printer,
    devices: u32,
    mut rx: mpsc::UnboundedReceiver<Msg>,
    done: tokio_util::sync::CancellationToken,
) {
    let live_tty = p.live_progress();
    let mut block = LiveBlock::new();
    let mut lines: Vec<String> = Vec::new();
    let mut live: Option<Live> = None;
    let mut tick = tokio::time::interval(if live_tty {
        Duration::from_millis(250)
    } else {
        Duration::from_secs(5)
    });
    loop {
        tokio::select! {
            biased;
            msg = rx.recv() => {
                let text = match msg {
                    None => break,
                    // Creations are the allocation's doing; the lifecycle worker only logs them.
                    Some(Msg::Action(a)) if a.action == "none" => continue,
                    Some(Msg::Running(l)) => { live = Some(l); continue }
                    Some(Msg::Step(s)) => step_line(&s),
                    Some(Msg::Action(a)) => action_line(&a),
                };
                if live_tty {
                    lines.push(text);
                } else {
                    p.info(text);
                }
            }
            _ = done.cancelled() => break,
            _ = tick.tick() => {
                let Some(l) = &live else { continue };
                if live_tty {
                    let mut all = lines.clone();
                    all.push(status_line(l, devices));
                    block.draw(&all);
                } else {
                    p.info(status_line(l, devices));
                }
            }
        }
    }
    if live_tty {
        block.draw(&lines);
        block.finish();
    }
}

pub async fn run(a: DemoArgs, ctx: &Ctx) -> Result<Exit> {
    let devices = a.devices;
    let delete = a.delete.unwrap_or((devices / 5).max(1));
    if delete >= devices {
        return Err(UsageError::new(format!(
            "--delete {delete} must be less than --devices {devices}"
        ))
        .with_hint("the telemetry check needs at least one device left")
        .into());
    }
    let duration: Duration = a.duration.into();
    let interval: Duration = a.interval.into();
    if interval.is_zero() || duration.is_zero() {
        return Err(UsageError::new("--duration and --interval must be above 0").into());
    }
    let work_dir = a.work_dir.clone().unwrap_or_else(|| {
        let stamp = time::OffsetDateTime::now_utc().unix_timestamp();
        state_dir(&ProcessEnv)
            .join("demo")
            .join(format!("run-{stamp}"))
    });
    let cfg = DemoConfig {
        devices: devices as usize,
        duration,
        interval,
        delete: delete as usize,
        transport: match a.transport {
            TransportArg::Mqtt => Transport::Mqtt,
            TransportArg::Https => Transport::Https,
        },
        work_dir,
        settle_timeout: a.settle_timeout.into(),
    };
    let mut signals = StopSignals::register()?;
    let p = ctx.printer.clone();
    p.info(format!(
        "twinbridge demo: {devices} devices for {} (one message each {}), then {delete} deleted",
        humantime::format_duration(duration),
        humantime::format_duration(interval)
    ));
    let (tx, rx) = mpsc::unbounded_channel();
    let view_done = tokio_util::sync::CancellationToken::new();
    let view = tokio::spawn(view(p.clone(), devices, rx, view_done.clone()));
    let cancel = tokio_util::sync::CancellationToken::new();
    let flow = demo::run(&cfg, Arc::new(Progress(tx)), cancel.clone());
    tokio::pin!(flow);
    let result = tokio::select! {
        r = &mut flow => r,
        _ = signals.wait() => {
            p.info("interrupted: stopping the devices and the pipelines");
            cancel.cancel();
            flow.await
        }
    };
    // The lifecycle worker keeps an observer until it stops: end the view by token.
    view_done.cancel();
    let _ = view.await;
    let (report, running) = result.map_err(|e| {
        color_eyre::Section::suggestion(
            color_eyre::Report::new(e),
            "run with -v for the components' logs; the work directory keeps checkpoints and dead letters",
        )
    })?;
    print_report(&p, &cfg, &report, &running.endpoints)?;
    if a.keep_running && !report.interrupted {
        print_endpoints(&p, &running.endpoints)?;
        signals.wait().await;
        p.info("stopping");
    }
    running.stop().await;
    Ok(if report.interrupted {
        Exit::Interrupted
    } else if report.passed {
        Exit::Success
    } else {
        Exit::Failure
    })
}

fn row_json(r: &DeviceRow) -> Value {
    let mut v = serde_json::to_value(r).unwrap_or_default();
    v["status"] = json!(r.status());
    v
}

fn print_report(p: &Printer, cfg: &DemoConfig, r: &DemoReport, e: &Endpoints) -> Result<()> {
    if p.is_json() {
        return p.json_line(&json!({
            "schema_version": SCHEMA_VERSION,
            "passed": r.passed,
            "interrupted": r.interrupted,
            "settings": {
                "devices": cfg.devices,
                "duration_s": cfg.duration.as_secs_f64(),
                "interval_ms": cfg.interval.as_millis() as u64,
                "deleted": cfg.delete,
                "transport": cfg.transport,
            },
            "steps": r.steps,
            "checks": r.checks,
            "devices": r.devices.iter().map(row_json).collect::<Vec<_>>(),
            "stats": r.stats,
            "endpoints": e,
        }));
    }
    let mut t = new_table(
        &[
            "DEVICE",
            "TWIN",
            "MODEL",
            "SENT",
            "LAST SENT",
            "TWIN TEMP",
            "STATUS",
        ],
        p.stdout_tty,
    );
    let num = |v: Option<f64>| v.map(|v| format!("{v:.2}")).unwrap_or_else(|| "-".into());
    for d in &r.devices {
        t.add_row(vec![
            sanitize(&d.device_id),
            d.twin_id
                .as_deref()
                .map(sanitize)
                .unwrap_or_else(|| "-".into()),
            d.model
                .as_deref()
                .map(sanitize)
                .unwrap_or_else(|| "-".into()),
            d.sent.to_string(),
            num(d.last_sent),
            num(d.twin_temperature),
            d.status().to_string(),
        ]);
    }
    p.table(&t)?;
    let s = &r.stats;
    let mut t = new_table(&["PIPELINE", "FIGURES"], p.stdout_tty);
    t.add_row(vec![
        "simulate-device".into(),
        format!(
            "{} provisioned, {} messages, {} failed",
            s["simulate"]["provisioned"], s["simulate"]["messages"], s["simulate"]["failed"]
        ),
    ]);
    t.add_row(vec![
        "allocate (webhook)".into(),
        s["allocate"]
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| format!("{v} {k}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default(),
    ]);
    let st = &s["sync_telemetry"];
    t.add_row(vec![
        "sync-telemetry".into(),
        format!(
            "{} events -> {} PATCH calls ({} events per PATCH), {} throttled, {} dead-lettered",
            st["events"],
            st["patches"],
            st["events_per_patch"],
            st["throttled"],
            st["dead_lettered"]
        ),
    ]);
    let wl = &s["watch_lifecycle"];
    t.add_row(vec![
        "watch-lifecycle".into(),
        format!(
            "{} events, twins deleted: {}, dead-lettered: {}",
            wl["events"], wl["deleted"], wl["dead_lettered"]
        ),
    ]);
    p.table(&t)?;
    for c in &r.checks {
        print_check(p, c);
    }
    if r.interrupted {
        p.warn("interrupted before the flow finished: the checks are incomplete");
    } else if r.passed {
        p.info("demo passed: every check holds");
    } else {
        let failed: Vec<&str> = r
            .checks
            .iter()
            .filter(|c| !c.passed)
            .map(|c| c.name)
            .collect();
        p.warn(format!(
            "demo FAILED: {} (logs: rerun with -v; dead letters and checkpoints in {})",
            failed.join(", "),
            cfg.work_dir.display()
        ));
    }
    Ok(())
}

fn print_check(p: &Printer, c: &Check) {
    let mark = if c.passed { "✓" } else { "✗" };
    p.info(format!("{mark} {:<13} {}", c.name, c.detail));
    for f in &c.failures {
        p.info(format!("    {f}"));
    }
}

fn print_endpoints(p: &Printer, e: &Endpoints) -> Result<()> {
    let ca = e.ca_cert.display();
    let text = format!(
        "\nThe demo keeps running (Ctrl-C stops it). Endpoints:
  ADT                      {adt}
  Event Hubs (telemetry)   {tcs}
  Event Hubs (lifecycle)   {lcs}
  DPS                      {dps}  (scope {scope})
  IoT Hub                  {hub}
  allocation webhook       {hook}
  emulator CA              {ca}

Try:
  export TWINBRIDGE_ADT_URL={adt} TWINBRIDGE_CA_CERT={ca}
  export TWINBRIDGE_IOTHUB_CONNECTION_STRING='{hub}'
  twinbridge twins list
  twinbridge twins show thermostat-01
  twinbridge devices list
  twinbridge simulate-device --dps-endpoint {dps} --scope {scope} --group-key {key} \\
      --registration-id 'extra-{{n:02}}' --count 3 --model 'dtmi:contosocom:DigitalTwins:Thermostat;2' --duration 30s
  twinbridge devices delete extra-01 --yes
",
        adt = e.adt_url,
        tcs = e.telemetry_connection_string,
        lcs = e.lifecycle_connection_string,
        dps = e.dps_endpoint,
        scope = e.id_scope,
        hub = e.iothub_connection_string,
        hook = e.webhook_url,
        key = e.group_key,
    );
    // With --format json stdout carries the report alone; the directions go to stderr.
    if p.is_json() {
        eprint!("{text}");
        Ok(())
    } else {
        p.out(&text)
    }
}

//! `twinbridge simulate-device`: resolve settings and keys, build the fleet, run it with a
//! progress display (or NDJSON events), then print the summary and exit 1 with the failures
//! grouped by cause.
use super::Ctx;
use crate::cli::{SimulateDeviceArgs, TransportArg};
use crate::dps::register::DpsOptions;
use crate::error::{Exit, UsageError};
use crate::hub::{Endpoint, HubOptions};
use crate::output::Printer;
use crate::report::Reporter;
use crate::settings::{self, DeviceFlags, ProcessEnv};
use crate::simulate::credentials::{CredentialsFile, SavedDevice};
use crate::simulate::template::Template;
use crate::simulate::{
    Counters, DeviceSpec, FleetConfig, FleetEvent, FleetObserver, FleetReport, Transport,
};
use color_eyre::eyre::{Result, WrapErr};
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

pub async fn run(args: SimulateDeviceArgs, ctx: &Ctx) -> Result<Exit> {
    let file = match &ctx.settings.config_path {
        Some(p) => settings::load_config(p, false)?,
        None => None,
    };
    let dev = settings::resolve_device(
        &DeviceFlags {
            dps_endpoint: args.dps_endpoint.clone(),
            id_scope: args.scope.clone(),
            ca_cert: args.ca_cert.clone(),
            iothub_connection_string: None,
        },
        &ProcessEnv,
        file.as_ref(),
        ctx.settings.profile.as_deref(),
    );
    let endpoint = Endpoint::parse(&dev.dps_endpoint.0).map_err(|e| {
        UsageError::new(format!("--dps-endpoint (from {}): {e}", dev.dps_endpoint.1))
    })?;
    let tls = super::devices::tls_config(dev.ca_cert.as_ref().map(|(p, _)| p.as_path()))?;

    let saved = match &args.from_credentials {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                UsageError::new(format!(
                    "cannot read --from-credentials {}: {e}",
                    path.display()
                ))
            })?;
            Some(CredentialsFile::parse(&text).map_err(|e| {
                UsageError::new(format!("--from-credentials {}: {e}", path.display()))
                    .with_hint("use a file written by --save-credentials")
            })?)
        }
        None => None,
    };
    let scope = dev
        .id_scope
        .as_ref()
        .map(|(s, _)| s.clone())
        .or_else(|| saved.as_ref().and_then(|f| f.id_scope.clone()));
    let scope = match (scope, &saved) {
        (Some(s), _) => s,
        (None, Some(_)) => String::new(),
        (None, None) => {
            return Err(UsageError::new("no DPS ID scope given")
                .with_hint("pass --scope ID_SCOPE (portal: Device Provisioning Service > Overview) or set TWINBRIDGE_ID_SCOPE")
                .into());
        }
    };
    let devices = device_specs(&args, saved.as_ref())?;
    let payload = payload(&args)?;
    let template = match &args.telemetry {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| {
                UsageError::new(format!("cannot read --telemetry {}: {e}", p.display()))
            })?;
            let v: Value = serde_json::from_str(&text).map_err(|e| {
                UsageError::new(format!("--telemetry {} is not JSON: {e}", p.display()))
            })?;
            Template::parse(&v).map_err(|e| {
                UsageError::new(format!("--telemetry {}: {e}", p.display()))
                    .with_hint("see examples/telemetry-template.json")
            })?
        }
        None => Template::sample(),
    };
    let interval = match (args.interval, args.rate) {
        (Some(i), _) => i.into(),
        (None, Some(r)) if r > 0.0 && r.is_finite() => {
            Duration::from_secs_f64(devices.len() as f64 / r)
        }
        (None, Some(r)) => {
            return Err(UsageError::new(format!("--rate {r} must be above 0")).into());
        }
        (None, None) => Duration::from_millis(500),
    };
    if interval.is_zero() {
        return Err(UsageError::new("--interval must be above 0").into());
    }
    if args.connect_concurrency == 0 {
        return Err(UsageError::new("--connect-concurrency must be at least 1").into());
    }

    let timeout = ctx.settings.http.timeout;
    let mut dps = DpsOptions::new(endpoint, tls.clone());
    dps.timeout = timeout;
    dps.max_retries = ctx.settings.http.max_retries;
    let mut hub = HubOptions::new(tls);
    hub.timeout = timeout;
    hub.max_retries = ctx.settings.http.max_retries;
    let total = devices.len() as u64;
    let cfg = FleetConfig {
        id_scope: scope.clone(),
        devices,
        payload,
        transport: match args.transport {
            TransportArg::Mqtt => Transport::Mqtt,
            TransportArg::Https => Transport::Https,
        },
        dps,
        hub,
        interval,
        messages: args.messages,
        duration: args.duration.map(Into::into),
        ramp_up: args.ramp_up.map(Into::into).unwrap_or_default(),
        connect_concurrency: args.connect_concurrency,
        dps_per_minute: args.dps_rate,
        template,
    };

    let counters = Arc::new(Counters::default());
    let cancel = CancellationToken::new();
    let signal = cancel.clone();
    let mut stop = super::signals::StopSignals::register()?;
    let watcher = tokio::spawn(async move {
        stop.wait().await;
        signal.cancel();
    });
    let observer: Arc<dyn FleetObserver> = Arc::new(Events {
        printer: ctx.printer.clone(),
    });
    let progress = spawn_progress(&ctx.printer, counters.clone(), total);
    let report = crate::simulate::run(cfg, observer, counters.clone(), cancel.clone()).await;
    watcher.abort();
    progress.abort();
    if report.interrupted {
        ctx.printer.info("interrupted: devices disconnected");
    }

    if let Some(path) = &args.save_credentials {
        save_credentials(path, &scope, &report, args.include_keys)?;
        ctx.printer.info(format!(
            "saved {} device assignments to {}{}",
            report
                .devices
                .iter()
                .filter(|d| d.device_id.is_some())
                .count(),
            path.display(),
            if args.include_keys {
                " (with keys: keep it secret)"
            } else {
                " (keys redacted)"
            }
        ));
    }
    print_summary(ctx, &report, total)?;
    let failures = report.failures_by_cause();
    if failures.is_empty() {
        return Ok(Exit::Success);
    }
    let failed: usize = failures.iter().map(|f| f.1).sum();
    let mut msg = format!("{failed} of {total} devices failed:");
    for (cause, count, example, remedy) in &failures {
        msg.push_str(&format!("\n  {count} × {cause}: {example}"));
        if let Some(r) = remedy {
            msg.push_str(&format!("\n      fix: {r}"));
        }
    }
    eprintln!("error: {msg}");
    Ok(Exit::Failure)
}

fn device_specs(
    args: &SimulateDeviceArgs,
    saved: Option<&CredentialsFile>,
) -> Result<Vec<DeviceSpec>> {
    let no_key = || {
        UsageError::new("no device key: pass --group-key (enrollment group) or --device-key")
            .with_hint("the group key is in the portal: DPS > Manage enrollments > the group > Primary key; or set TWINBRIDGE_GROUP_KEY")
    };
    let key_for = |reg: &str| -> Result<String> {
        match (&args.group_key, &args.device_key) {
            (Some(g), _) => crate::sas::derive_device_key(g, reg).map_err(|e| {
                UsageError::new(format!("--group-key: {e}"))
                    .with_hint("copy the group's primary key (base64) from the portal")
                    .into()
            }),
            (None, Some(k)) => {
                crate::sas::derive_device_key(k, "probe")
                    .map_err(|e| UsageError::new(format!("--device-key: {e}")))?;
                Ok(k.clone())
            }
            (None, None) => Err(no_key().into()),
        }
    };
    if let Some(f) = saved {
        return f
            .devices
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let key = match d.key() {
                    Some(k) => k.to_string(),
                    None => key_for(&d.registration_id).map_err(|_| {
                        UsageError::new(format!(
                            "the credentials file has no key for {} (saved without --include-keys)",
                            d.registration_id
                        ))
                        .with_hint("pass --group-key to derive the keys again")
                    })?,
                };
                Ok(DeviceSpec {
                    n: i as u64 + 1,
                    registration_id: d.registration_id.clone(),
                    key,
                    assigned: Some((d.assigned_hub.clone(), d.device_id.clone())),
                })
            })
            .collect();
    }
    if args.device_key.is_some() && args.count > 1 {
        return Err(
            UsageError::new("--device-key fits one device; --count is above 1")
                .with_hint("use --group-key to derive a key per device")
                .into(),
        );
    }
    if args.count == 0 {
        return Err(UsageError::new("--count must be at least 1").into());
    }
    let ids =
        crate::simulate::pattern::registration_ids(&args.registration_id, args.first, args.count)
            .map_err(|e| UsageError::new(format!("--registration-id: {e}")))?;
    ids.into_iter()
        .enumerate()
        .map(|(i, reg)| {
            Ok(DeviceSpec {
                n: args.first + i as u64,
                key: key_for(&reg)?,
                registration_id: reg,
                assigned: None,
            })
        })
        .collect()
}

fn payload(args: &SimulateDeviceArgs) -> Result<Option<Value>> {
    let mut p = match &args.payload {
        Some(text) => {
            let v: Value = serde_json::from_str(text)
                .map_err(|e| UsageError::new(format!("--payload is not JSON: {e}")))?;
            if !v.is_object() {
                return Err(UsageError::new("--payload must be a JSON object")
                    .with_hint(r#"e.g. --payload '{"firmware": "1.2"}'"#)
                    .into());
            }
            Some(v)
        }
        None => None,
    };
    if let Some(m) = &args.model {
        crate::dtdl::check_dtmi(m, 3).map_err(|e| {
            UsageError::new(format!("--model {m:?} is not a DTMI: {e}"))
                .with_hint("e.g. dtmi:contosocom:DigitalTwins:Thermostat;2")
        })?;
        p.get_or_insert_with(|| json!({}))["modelId"] = json!(m);
    }
    Ok(p)
}

fn save_credentials(
    path: &std::path::Path,
    scope: &str,
    report: &FleetReport,
    include_keys: bool,
) -> Result<()> {
    let devices = report
        .devices
        .iter()
        .filter_map(|d| {
            Some(SavedDevice {
                registration_id: d.registration_id.clone(),
                device_id: d.device_id.clone()?,
                assigned_hub: d.assigned_hub.clone()?,
                key: d.key.clone(),
            })
        })
        .collect();
    let scope = (!scope.is_empty()).then(|| scope.to_string());
    let file = CredentialsFile::new(scope, devices, include_keys);
    let text = serde_json::to_string_pretty(&file)?;
    std::fs::write(path, text + "\n")
        .wrap_err_with(|| format!("cannot write --save-credentials {}", path.display()))
}

/// NDJSON events on stdout with `--format json`.
struct Events {
    printer: Printer,
}

impl FleetObserver for Events {
    fn on_event(&self, e: &FleetEvent<'_>) {
        if !self.printer.is_json() {
            if let FleetEvent::Failed {
                registration_id,
                failure,
            } = e
            {
                tracing::debug!("{registration_id}: {}", failure.message);
            }
            return;
        }
        let v = match e {
            FleetEvent::Provisioned {
                registration_id,
                device_id,
                hub,
                throttled,
            } => json!({
                "type": "provisioned", "registration_id": registration_id, "device_id": device_id,
                "assigned_hub": hub, "throttled": throttled,
            }),
            FleetEvent::Connected { device_id } => {
                json!({"type": "connected", "device_id": device_id})
            }
            FleetEvent::Sent {
                device_id, count, ..
            } => {
                json!({"type": "sent", "device_id": device_id, "count": count})
            }
            FleetEvent::Failed {
                registration_id,
                failure,
            } => json!({
                "type": "failed", "registration_id": registration_id, "stage": failure.stage,
                "cause": failure.cause, "message": failure.message,
            }),
        };
        let _ = self.printer.json_line(&v);
    }
}

/// Live counters on a terminal; a line every 10 s elsewhere (not with -q or --format json).
fn spawn_progress(printer: &Printer, c: Arc<Counters>, total: u64) -> tokio::task::JoinHandle<()> {
    let reporter = printer.progress("simulate-device");
    let plain = !printer.live_progress() && !printer.quiet && !printer.is_json();
    tokio::spawn(async move {
        let started = std::time::Instant::now();
        let mut last = (0u64, std::time::Instant::now());
        let mut ticks = 0u64;
        loop {
            tokio::time::sleep(Duration::from_millis(250)).await;
            ticks += 1;
            let sent = c.sent.load(Ordering::Relaxed);
            let dt = last.1.elapsed().as_secs_f64();
            let rate = if dt > 0.0 {
                (sent - last.0) as f64 / dt
            } else {
                0.0
            };
            if ticks.is_multiple_of(4) {
                last = (sent, std::time::Instant::now());
            }
            let msg = format!(
                "provisioned {} · connected {} · sent {} · errors {} · {:.0} msg/s",
                c.provisioned.load(Ordering::Relaxed),
                c.connected.load(Ordering::Relaxed),
                sent,
                c.failed.load(Ordering::Relaxed),
                rate
            );
            reporter.progress(c.connected.load(Ordering::Relaxed), Some(total), &msg);
            if plain && ticks.is_multiple_of(40) {
                eprintln!("simulate-device [{}s]: {msg}", started.elapsed().as_secs());
            }
        }
    })
}

fn print_summary(ctx: &Ctx, r: &FleetReport, total: u64) -> Result<()> {
    let provisioned = r.devices.iter().filter(|d| d.device_id.is_some()).count();
    let connected = r.devices.iter().filter(|d| d.connected).count();
    let sent: u64 = r.devices.iter().map(|d| d.sent).sum();
    let failed = r.devices.iter().filter(|d| d.failure.is_some()).count();
    let secs = r.elapsed.as_secs_f64().max(1e-9);
    if ctx.printer.is_json() {
        let failures: Vec<Value> = r
            .failures_by_cause()
            .into_iter()
            .map(|(cause, count, example, remedy)| json!({"cause": cause, "count": count, "example": example, "remedy": remedy}))
            .collect();
        let mut v = json!({
            "type": "summary", "schema_version": crate::output::SCHEMA_VERSION,
            "devices": total, "provisioned": provisioned, "connected": connected,
            "sent": sent, "failed": failed, "elapsed_s": r.elapsed.as_secs_f64(),
            "msgs_per_s": sent as f64 / secs, "interrupted": r.interrupted, "failures": failures,
        });
        if ctx.settings.output.verbose > 0 {
            v["per_device"] = serde_json::to_value(&r.devices)?;
        }
        return ctx.printer.json_line(&v);
    }
    let tty = ctx.printer.stdout_tty;
    let mut t = crate::output::new_table(
        &[
            "DEVICES",
            "PROVISIONED",
            "CONNECTED",
            "SENT",
            "FAILED",
            "ELAPSED",
            "MSG/S",
        ],
        tty,
    );
    t.add_row(vec![
        total.to_string(),
        provisioned.to_string(),
        connected.to_string(),
        sent.to_string(),
        failed.to_string(),
        format!("{:.1}s", r.elapsed.as_secs_f64()),
        format!("{:.1}", sent as f64 / secs),
    ]);
    ctx.printer.table(&t)?;
    if ctx.settings.output.verbose > 0 {
        let mut t = crate::output::new_table(
            &[
                "REGISTRATION ID",
                "DEVICE ID",
                "HUB",
                "SENT",
                "RECONNECTS",
                "FAILURE",
            ],
            tty,
        );
        for d in &r.devices {
            t.add_row(vec![
                d.registration_id.clone(),
                d.device_id.clone().unwrap_or_default(),
                d.assigned_hub.clone().unwrap_or_default(),
                d.sent.to_string(),
                d.reconnects.to_string(),
                d.failure
                    .as_ref()
                    .map(|f| crate::output::sanitize(&f.message))
                    .unwrap_or_default(),
            ]);
        }
        ctx.printer.table(&t)?;
    }
    Ok(())
}

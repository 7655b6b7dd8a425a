//! `twinbridge demo`: the sample's whole flow on one machine, through twinbridge's real code
//! paths and real protocols on loopback. The emulator (ADT, DPS, IoT Hub, Event Hubs) runs in
//! process; the project's models are uploaded; `allocate serve`'s webhook answers the emulated
//! DPS; the sync-telemetry and watch-lifecycle pipelines consume the emulated Event Hubs;
//! simulated devices provision through DPS over MQTT (or HTTPS) and send telemetry; a few are
//! deleted from the hub; then the end state is observed and judged (`report::checks`).
//!
//! No printing here: progress goes to a [`DemoObserver`], the result is returned.
pub mod report;
mod start;

use crate::adt::AdtClient;
use crate::events::pipeline::Status;
use crate::hub::service::ServiceClient;
use crate::lifecycle::engine::{Action, LifecycleHandler};
use crate::simulate::{self, Counters, FleetConfig, FleetEvent, FleetObserver, FleetReport};
use report::{DeviceRow, Observed, SentLog, Step};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

pub use start::Endpoints;

/// The sample's device model (sent by every simulated device as `payload.modelId`).
pub const THERMOSTAT_MODEL: &str = "dtmi:contosocom:DigitalTwins:Thermostat;2";
/// The sample's space model (the building the devices' twins hang under).
pub const SPACE_MODEL: &str = "dtmi:contosocom:DigitalTwins:Space;1";
/// The one Space twin every allocated device's twin is linked to (`contains`).
pub const BUILDING_TWIN: &str = "demo-building";

/// The project's `models/`, built in so `demo` runs from any directory.
pub const SAMPLE_MODELS: [(&str, &str); 2] = [
    (
        "models/SpaceModel.json",
        include_str!("../../models/SpaceModel.json"),
    ),
    (
        "models/ThermostatModel.json",
        include_str!("../../models/ThermostatModel.json"),
    ),
];

/// What to run.
#[derive(Debug, Clone)]
pub struct DemoConfig {
    pub devices: usize,
    /// How long the devices send telemetry.
    pub duration: Duration,
    /// Time between two messages of one device (the sample: 500 ms).
    pub interval: Duration,
    /// Devices deleted from the hub after the telemetry phase.
    pub delete: usize,
    pub transport: simulate::Transport,
    /// Checkpoints, dead letters and the emulator's CA certificate go here.
    pub work_dir: PathBuf,
    /// Longest wait for the pipelines to catch up (telemetry, then deletions).
    pub settle_timeout: Duration,
}

/// Why the demo could not run its flow (as opposed to a check failing).
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("the emulator could not start: {0}")]
    Emulator(String),
    #[error("uploading the sample's models: {0}")]
    Models(String),
    #[error("the allocation webhook could not start: {0}")]
    Webhook(String),
    #[error("connecting the pipelines to the emulator's Event Hubs: {0}")]
    Events(String),
    #[error("ADT: {0}")]
    Adt(#[from] Box<crate::adt::AdtError>),
    #[error("IoT Hub service API: {0}")]
    Hub(#[from] Box<crate::hub::service::ServiceError>),
    #[error("{what} {}: {source}", path.display())]
    Io {
        what: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Receives the flow's progress (the command renders it; tests ignore it).
pub trait DemoObserver: Send + Sync {
    /// A step finished.
    fn step(&self, _step: &Step) {}
    /// A simulated device did something.
    fn fleet(&self, _event: &FleetEvent<'_>) {}
    /// watch-lifecycle handled an event.
    fn lifecycle(&self, _action: &Action) {}
    /// The system is up: live counters to watch until the end.
    fn running(&self, _live: Live) {}
}

/// Live counters of the running system, for a progress view.
#[derive(Clone)]
pub struct Live {
    pub fleet: Arc<Counters>,
    pub sync: Arc<crate::sync::engine::SyncEngine>,
    pub lifecycle: Arc<LifecycleHandler>,
    pub sync_status: watch::Receiver<Status>,
    pub lifecycle_status: watch::Receiver<Status>,
}

/// The running system: what `--keep-running` leaves up.
pub struct Demo {
    pub endpoints: Endpoints,
    pub adt: AdtClient,
    hub: ServiceClient,
    emulator: crate::emulator::Emulator,
    webhook: crate::dps::webhook::Webhook,
    pub sync: Arc<crate::sync::engine::SyncEngine>,
    pub lifecycle: Arc<LifecycleHandler>,
    pub sync_status: watch::Receiver<Status>,
    pub lifecycle_status: watch::Receiver<Status>,
    pub fleet: Arc<Counters>,
    fleet_cfg: Option<FleetConfig>,
    stop: CancellationToken,
    /// The two pipelines.
    tasks: Vec<JoinHandle<()>>,
    /// Hands watch-lifecycle's actions to the observer (ends with the handler).
    forwarder: JoinHandle<()>,
}

/// The result of a run.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DemoReport {
    pub passed: bool,
    pub interrupted: bool,
    pub steps: Vec<Step>,
    pub checks: Vec<report::Check>,
    pub devices: Vec<DeviceRow>,
    pub stats: Value,
}

/// Forwards fleet events to the observer and remembers each device's last message.
struct Recorder {
    sent: Mutex<SentLog>,
    observer: Arc<dyn DemoObserver>,
}

impl FleetObserver for Recorder {
    fn on_event(&self, event: &FleetEvent<'_>) {
        if let FleetEvent::Sent {
            device_id,
            count,
            body,
        } = event
        {
            self.sent
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .record(device_id, *count, body);
        }
        self.observer.fleet(event);
    }
}

struct Clock(Instant);

impl Clock {
    fn step(
        &mut self,
        observer: &dyn DemoObserver,
        steps: &mut Vec<Step>,
        name: &str,
        ok: bool,
        detail: String,
    ) {
        let s = Step {
            name: name.into(),
            ok,
            detail,
            seconds: (self.0.elapsed().as_secs_f64() * 10.0).round() / 10.0,
        };
        observer.step(&s);
        steps.push(s);
        self.0 = Instant::now();
    }
}

/// Run the whole flow. Returns the report and the still-running system (stop it with
/// [`Demo::stop`], or keep it for `--keep-running`).
pub async fn run(
    cfg: &DemoConfig,
    observer: Arc<dyn DemoObserver>,
    cancel: CancellationToken,
) -> Result<(DemoReport, Demo), DemoError> {
    let mut steps = Vec::new();
    let mut clock = Clock(Instant::now());
    let mut demo = start::start(cfg, observer.clone(), &mut |name, detail| {
        clock.step(observer.as_ref(), &mut steps, name, true, detail)
    })
    .await?;
    observer.running(Live {
        fleet: demo.fleet.clone(),
        sync: demo.sync.clone(),
        lifecycle: demo.lifecycle.clone(),
        sync_status: demo.sync_status.clone(),
        lifecycle_status: demo.lifecycle_status.clone(),
    });

    // Devices: provision through DPS (-> webhook -> ADT), then send telemetry.
    let recorder = Arc::new(Recorder {
        sent: Mutex::default(),
        observer: observer.clone(),
    });
    let fleet_cfg = demo.fleet_cfg.take().expect("start() prepares the fleet");
    let fleet = simulate::run(
        fleet_cfg,
        recorder.clone(),
        demo.fleet.clone(),
        cancel.clone(),
    )
    .await;
    let sent = recorder
        .sent
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    let messages: u64 = sent.0.values().map(|(n, _)| n).sum();
    clock.step(
        observer.as_ref(),
        &mut steps,
        "simulate",
        fleet.devices.iter().all(|d| d.failure.is_none()),
        format!(
            "{} devices provisioned through DPS, {messages} telemetry messages acknowledged",
            fleet
                .devices
                .iter()
                .filter(|d| d.assigned_hub.is_some())
                .count()
        ),
    );

    // Telemetry must reach every twin.
    let expected: BTreeMap<String, f64> = sent
        .0
        .iter()
        .filter_map(|(d, (_, t))| t.map(|t| (d.clone(), t)))
        .collect();
    let converged = if cancel.is_cancelled() {
        None
    } else {
        wait_until(cfg.settle_timeout, &cancel, || {
            twins_match(&demo.adt, &expected)
        })
        .await
    };
    clock.step(
        observer.as_ref(),
        &mut steps,
        "sync-telemetry",
        converged.is_some(),
        match converged {
            Some(t) => format!("every twin caught up with its device's last message {t:.1} s after the devices stopped"),
            None => format!("twins still behind after {:?}", cfg.settle_timeout),
        },
    );

    // The registry's tags, read before some devices leave it (the mapping table shows them).
    let registry = registry_tags(&demo.hub).await?;

    // Delete a few devices from the hub; watch-lifecycle removes their twins.
    let doomed = pick_for_deletion(&fleet, cfg.delete);
    let mut deleted = BTreeSet::new();
    if !cancel.is_cancelled() {
        for id in &doomed {
            demo.hub.delete_device(id).await?;
            deleted.insert(id.clone());
        }
        let gone = wait_until(cfg.settle_timeout, &cancel, || {
            twins_gone(&demo.adt, &doomed)
        })
        .await;
        clock.step(
            observer.as_ref(),
            &mut steps,
            "watch-lifecycle",
            gone.is_some(),
            match gone {
                Some(t) => format!(
                    "{} deleted from the hub; their twins and relationships removed within {t:.1} s",
                    plural(doomed.len(), "device")
                ),
                None => format!(
                    "{} deleted from the hub; twins still present after {:?}",
                    plural(doomed.len(), "device"),
                    cfg.settle_timeout
                ),
            },
        );
    }

    let observed = observe(&demo, cfg, &fleet, &sent, &registry, &deleted).await;
    let checks = report::checks(&observed);
    let stats = stats(&demo, &fleet);
    let interrupted = cancel.is_cancelled();
    let report = DemoReport {
        passed: !interrupted && checks.iter().all(|c| c.passed),
        interrupted,
        steps,
        checks,
        devices: observed.rows,
        stats,
    };
    Ok((report, demo))
}

fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// Poll `probe` until it says done or `limit` passes; returns the seconds it took.
async fn wait_until<F, Fut>(
    limit: Duration,
    cancel: &CancellationToken,
    mut probe: F,
) -> Option<f64>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let started = Instant::now();
    loop {
        if probe().await {
            return Some(started.elapsed().as_secs_f64());
        }
        if started.elapsed() >= limit || cancel.is_cancelled() {
            return None;
        }
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_millis(250)) => {}
            _ = cancel.cancelled() => return None,
        }
    }
}

/// Every twin's Temperature per twin id (`SELECT * FROM digitaltwins`).
async fn twin_temperatures(adt: &AdtClient) -> Option<BTreeMap<String, Option<f64>>> {
    let (twins, _) = adt
        .query_all("SELECT * FROM digitaltwins", None, None, |_, _| {})
        .await
        .ok()?;
    Some(
        twins
            .iter()
            .filter_map(|t| {
                let id = t.get("$dtId")?.as_str()?.to_string();
                Some((id, report::temperature(t)))
            })
            .collect(),
    )
}

async fn twins_match(adt: &AdtClient, expected: &BTreeMap<String, f64>) -> bool {
    let Some(now) = twin_temperatures(adt).await else {
        return false;
    };
    expected
        .iter()
        .all(|(id, t)| now.get(id).copied().flatten() == Some(*t))
}

async fn twins_gone(adt: &AdtClient, ids: &[String]) -> bool {
    let Some(now) = twin_temperatures(adt).await else {
        return false;
    };
    ids.iter().all(|id| !now.contains_key(id))
}

/// Up to `n` provisioned devices, spread over the fleet.
fn pick_for_deletion(fleet: &FleetReport, n: usize) -> Vec<String> {
    let ids: Vec<String> = fleet
        .devices
        .iter()
        .filter_map(|d| d.assigned_hub.as_ref().and(d.device_id.clone()))
        .collect();
    if n == 0 || ids.is_empty() {
        return Vec::new();
    }
    let n = n.min(ids.len());
    let step = ids.len() as f64 / n as f64;
    (0..n)
        .map(|i| ids[((i as f64 + 0.5) * step) as usize].clone())
        .collect()
}

/// Every device's twin tags in the hub's registry.
async fn registry_tags(hub: &ServiceClient) -> Result<BTreeMap<String, Value>, DemoError> {
    Ok(hub
        .query("SELECT * FROM devices")
        .await?
        .into_iter()
        .filter_map(|t| {
            let id = t.get("deviceId")?.as_str()?.to_string();
            Some((id, t.get("tags").cloned().unwrap_or(Value::Null)))
        })
        .collect())
}

/// The end state: registry tags joined with ADT twins for every simulated device.
async fn observe(
    demo: &Demo,
    cfg: &DemoConfig,
    fleet: &FleetReport,
    sent: &SentLog,
    registry: &BTreeMap<String, Value>,
    deleted: &BTreeSet<String>,
) -> Observed {
    let twins = twin_temperatures(&demo.adt).await.unwrap_or_default();
    let rows = fleet
        .devices
        .iter()
        .map(|d| {
            let id = d
                .device_id
                .clone()
                .unwrap_or_else(|| d.registration_id.clone());
            let tags = registry.get(&id);
            let tag = |k: &str| {
                tags.and_then(|t| t.get(k))
                    .and_then(Value::as_str)
                    .map(str::to_string)
            };
            let twin_id = tag("dtId");
            let looked_up = twin_id.clone().unwrap_or_else(|| id.clone());
            let (count, last) = sent.0.get(&id).copied().unwrap_or((0, None));
            DeviceRow {
                twin_present: twins.contains_key(&looked_up),
                twin_temperature: twins.get(&looked_up).copied().flatten(),
                twin_id,
                model: tag("dtmi"),
                hub: d.assigned_hub.clone(),
                sent: count,
                last_sent: last,
                deleted: deleted.contains(&id),
                device_id: id,
            }
        })
        .collect();
    let status = |rx: &watch::Receiver<Status>| rx.borrow().dead_lettered;
    Observed {
        devices_requested: cfg.devices,
        rows,
        fleet_failures: fleet
            .failures_by_cause()
            .into_iter()
            .map(|(c, n, m, _)| (c, n, m))
            .collect(),
        sync_dead_letters: status(&demo.sync_status),
        lifecycle_dead_letters: status(&demo.lifecycle_status),
    }
}

/// The pipeline's statistics for the report.
pub fn stats(demo: &Demo, fleet: &FleetReport) -> Value {
    use std::sync::atomic::Ordering::Relaxed;
    let s = &demo.sync.counters;
    let (events, patches) = (s.events.load(Relaxed), s.patches.load(Relaxed));
    let l = &demo.lifecycle.engine.counters;
    let sync_status = demo.sync_status.borrow().clone();
    let life_status = demo.lifecycle_status.borrow().clone();
    json!({
        "simulate": {
            "devices": fleet.devices.len(),
            "provisioned": demo.fleet.provisioned.load(Relaxed),
            "connected": demo.fleet.connected.load(Relaxed),
            "messages": demo.fleet.sent.load(Relaxed),
            "failed": demo.fleet.failed.load(Relaxed),
            "elapsed_s": (fleet.elapsed.as_secs_f64() * 10.0).round() / 10.0,
        },
        "allocate": demo.webhook.metrics().outcomes(),
        "sync_telemetry": {
            "events": events,
            "patches": patches,
            "events_per_patch": if patches > 0 { ((s.patched_events.load(Relaxed) as f64 / patches as f64) * 10.0).round() / 10.0 } else { 0.0 },
            "throttled": demo.adt.stats().throttled,
            "dead_lettered": sync_status.dead_lettered,
            "checkpoints_written": sync_status.checkpoints_written,
        },
        "watch_lifecycle": {
            "events": life_status.events,
            "deleted": l.deleted.load(Relaxed),
            "already_gone": l.gone.load(Relaxed),
            "skipped": l.skipped.load(Relaxed),
            "retried": l.retried.load(Relaxed),
            "dead_lettered": life_status.dead_lettered,
        },
        "adt_requests": demo.adt.stats().requests,
    })
}

impl From<crate::adt::AdtError> for DemoError {
    fn from(e: crate::adt::AdtError) -> Self {
        Self::Adt(Box::new(e))
    }
}

impl From<crate::hub::service::ServiceError> for DemoError {
    fn from(e: crate::hub::service::ServiceError) -> Self {
        Self::Hub(Box::new(e))
    }
}

impl Demo {
    /// Stop the pipelines (flushing and checkpointing), the webhook and the emulator.
    pub async fn stop(self) {
        self.stop.cancel();
        for t in self.tasks {
            let _ = t.await;
        }
        self.forwarder.abort();
        self.webhook.stop().await;
        self.emulator.stop().await;
    }
}

//! The device fleet simulator behind `twinbridge simulate-device`: thousands of devices on one
//! tokio runtime, each provisioning through DPS (or reusing saved credentials), connecting to
//! its assigned hub and sending templated telemetry on a schedule. Connections open with
//! bounded concurrency and DPS registrations are paced to a per-minute budget. Reports through
//! [`FleetObserver`] and shared [`Counters`]; never prints.
pub mod credentials;
pub mod pattern;
pub mod template;

use crate::dps::register::{DpsError, DpsOptions, RegisterRequest, https::HttpsRegistrar};
use crate::hub::mqtt::MqttDevice;
use crate::hub::{DeviceIdentity, HubError, HubOptions, Message, https::HttpsSender};
use serde_json::Value;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use template::Template;
use tokio::sync::{Mutex, Semaphore};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

/// Device transport (DPS and IoT Hub alike).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Transport {
    Mqtt,
    Https,
}

/// One simulated device.
#[derive(Clone)]
pub struct DeviceSpec {
    /// Its number (for `{n}` in templates).
    pub n: u64,
    pub registration_id: String,
    pub key: String,
    /// (hub, device id) from saved credentials: skip DPS.
    pub assigned: Option<(String, String)>,
}

/// What to simulate.
pub struct FleetConfig {
    pub id_scope: String,
    pub devices: Vec<DeviceSpec>,
    pub payload: Option<Value>,
    pub transport: Transport,
    pub dps: DpsOptions,
    pub hub: HubOptions,
    pub interval: Duration,
    /// Messages per device (None = until the duration ends or Ctrl-C).
    pub messages: Option<u64>,
    pub duration: Option<Duration>,
    /// Device starts are spread evenly over this time.
    pub ramp_up: Duration,
    /// Devices provisioning or connecting at once.
    pub connect_concurrency: usize,
    /// DPS registrations per minute (DPS's limit is per service unit).
    pub dps_per_minute: u32,
    pub template: Template,
}

/// Where a device failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Provision,
    Connect,
    Send,
}

/// A device's failure.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Failure {
    pub stage: Stage,
    /// Short cause used to group failures.
    pub cause: String,
    pub message: String,
    pub remedy: Option<&'static str>,
}

/// Something that happened to a device.
#[derive(Debug)]
pub enum FleetEvent<'a> {
    Provisioned {
        registration_id: &'a str,
        device_id: &'a str,
        hub: &'a str,
        throttled: u32,
    },
    Connected {
        device_id: &'a str,
    },
    Sent {
        device_id: &'a str,
        count: u64,
        /// The telemetry body just acknowledged.
        body: &'a Value,
    },
    Failed {
        registration_id: &'a str,
        failure: &'a Failure,
    },
}

/// Receives fleet events (the CLI renders them; tests ignore them).
pub trait FleetObserver: Send + Sync {
    fn on_event(&self, _event: &FleetEvent<'_>) {}
}

/// An observer that ignores everything.
pub struct Quiet;
impl FleetObserver for Quiet {}

/// Live totals, read by the progress display.
#[derive(Debug, Default)]
pub struct Counters {
    pub provisioned: AtomicU64,
    pub connected: AtomicU64,
    pub sent: AtomicU64,
    pub failed: AtomicU64,
}

/// How one device ended.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DeviceOutcome {
    pub registration_id: String,
    pub device_id: Option<String>,
    pub assigned_hub: Option<String>,
    #[serde(skip)]
    pub key: String,
    pub connected: bool,
    pub sent: u64,
    pub reconnects: u32,
    pub failure: Option<Failure>,
}

/// The run's result.
#[derive(Debug, Clone)]
pub struct FleetReport {
    pub devices: Vec<DeviceOutcome>,
    pub elapsed: Duration,
    pub interrupted: bool,
}

impl FleetReport {
    /// Failures grouped by cause: (cause, count, first message, remedy), most frequent first.
    pub fn failures_by_cause(&self) -> Vec<(String, usize, String, Option<&'static str>)> {
        let mut groups: Vec<(String, usize, String, Option<&'static str>)> = Vec::new();
        for f in self.devices.iter().filter_map(|d| d.failure.as_ref()) {
            match groups.iter_mut().find(|g| g.0 == f.cause) {
                Some(g) => g.1 += 1,
                None => groups.push((f.cause.clone(), 1, f.message.clone(), f.remedy)),
            }
        }
        groups.sort_by_key(|g| std::cmp::Reverse(g.1));
        groups
    }
}

fn dps_failure(e: &DpsError) -> Failure {
    Failure {
        stage: Stage::Provision,
        cause: e.cause(),
        message: e.to_string(),
        remedy: e.remedy(),
    }
}

fn hub_failure(stage: Stage, e: &HubError) -> Failure {
    Failure {
        stage,
        cause: e.cause(),
        message: e.to_string(),
        remedy: match e {
            HubError::Unauthorized(_) => Some(
                "the hub does not know this device or its key: provision again (drop --from-credentials) or check the key",
            ),
            HubError::Transport(_) => {
                Some("check the hub is reachable; for the emulator pass --ca-cert")
            }
            _ => None,
        },
    }
}

struct Shared {
    cfg: FleetConfig,
    observer: Arc<dyn FleetObserver>,
    counters: Arc<Counters>,
    cancel: CancellationToken,
    gate: Semaphore,
    pacer: Mutex<Instant>,
    https_dps: Option<HttpsRegistrar>,
    https_hub: Option<HttpsSender>,
    started: Instant,
    deadline: Option<Instant>,
}

/// Run the fleet until every device is done, the duration ends, or `cancel` fires.
pub async fn run(
    cfg: FleetConfig,
    observer: Arc<dyn FleetObserver>,
    counters: Arc<Counters>,
    cancel: CancellationToken,
) -> FleetReport {
    let started = Instant::now();
    let (https_dps, https_hub) = match cfg.transport {
        Transport::Https => (
            HttpsRegistrar::new(cfg.dps.clone()).ok(),
            HttpsSender::new(cfg.hub.clone()).ok(),
        ),
        Transport::Mqtt => (None, None),
    };
    let shared = Arc::new(Shared {
        gate: Semaphore::new(cfg.connect_concurrency.max(1)),
        deadline: cfg.duration.map(|d| started + d),
        pacer: Mutex::new(started),
        cfg,
        observer,
        counters,
        cancel,
        https_dps,
        https_hub,
        started,
    });
    let count = shared.cfg.devices.len().max(1) as u32;
    let mut tasks = Vec::with_capacity(shared.cfg.devices.len());
    for (i, spec) in shared.cfg.devices.iter().enumerate() {
        let offset = shared.cfg.ramp_up.mul_f64(i as f64 / count as f64);
        let (s, spec) = (shared.clone(), spec.clone());
        tasks.push(tokio::spawn(async move { device(s, spec, offset).await }));
    }
    let mut devices = Vec::with_capacity(tasks.len());
    for t in tasks {
        if let Ok(outcome) = t.await {
            devices.push(outcome);
        }
    }
    FleetReport {
        devices,
        elapsed: started.elapsed(),
        interrupted: shared.cancel.is_cancelled(),
    }
}

impl Shared {
    fn stopping(&self) -> bool {
        self.cancel.is_cancelled() || self.deadline.is_some_and(|d| Instant::now() >= d)
    }

    /// Sleep until `at` unless stopped first; false when stopped.
    async fn sleep_until(&self, at: Instant) -> bool {
        let at = self.deadline.map_or(at, |d| at.min(d));
        tokio::select! {
            _ = tokio::time::sleep_until(at) => !self.stopping(),
            _ = self.cancel.cancelled() => false,
        }
    }

    /// Wait for this registration's slot in the DPS budget.
    async fn dps_slot(&self) -> bool {
        if self.cfg.dps_per_minute == 0 {
            return true;
        }
        let gap = Duration::from_secs_f64(60.0 / self.cfg.dps_per_minute as f64);
        let slot = {
            let mut next = self.pacer.lock().await;
            let slot = (*next).max(Instant::now());
            *next = slot + gap;
            slot
        };
        self.sleep_until(slot).await
    }

    fn fail(&self, out: &mut DeviceOutcome, failure: Failure) {
        self.counters.failed.fetch_add(1, Ordering::Relaxed);
        self.observer.on_event(&FleetEvent::Failed {
            registration_id: &out.registration_id,
            failure: &failure,
        });
        out.failure = Some(failure);
    }
}

enum Conn {
    Mqtt(Box<MqttDevice>),
    Https,
}

async fn device(s: Arc<Shared>, spec: DeviceSpec, offset: Duration) -> DeviceOutcome {
    let mut out = DeviceOutcome {
        registration_id: spec.registration_id.clone(),
        device_id: None,
        assigned_hub: None,
        key: spec.key.clone(),
        connected: false,
        sent: 0,
        reconnects: 0,
        failure: None,
    };
    if !offset.is_zero() && !s.sleep_until(s.started + offset).await {
        return out;
    }
    let Ok(permit) = s.gate.acquire().await else {
        return out;
    };
    let (hub, device_id) = match &spec.assigned {
        Some(a) => a.clone(),
        None => {
            if !s.dps_slot().await {
                return out;
            }
            let req = RegisterRequest {
                id_scope: s.cfg.id_scope.clone(),
                registration_id: spec.registration_id.clone(),
                device_key: spec.key.clone(),
                payload: s.cfg.payload.clone(),
            };
            let registered = tokio::select! {
                r = register(&s, &req) => r,
                _ = s.cancel.cancelled() => return out,
            };
            match registered {
                Ok(r) => {
                    s.counters.provisioned.fetch_add(1, Ordering::Relaxed);
                    s.observer.on_event(&FleetEvent::Provisioned {
                        registration_id: &spec.registration_id,
                        device_id: &r.device_id,
                        hub: &r.assigned_hub,
                        throttled: r.throttled,
                    });
                    (r.assigned_hub, r.device_id)
                }
                Err(e) => {
                    s.fail(&mut out, dps_failure(&e));
                    return out;
                }
            }
        }
    };
    out.device_id = Some(device_id.clone());
    out.assigned_hub = Some(hub.clone());
    let identity = DeviceIdentity {
        hub,
        device_id: device_id.clone(),
        key: spec.key.clone(),
    };
    let mut conn = match s.cfg.transport {
        Transport::Https => Conn::Https,
        Transport::Mqtt => {
            let connected = tokio::select! {
                c = MqttDevice::connect(identity.clone(), s.cfg.hub.clone()) => c,
                _ = s.cancel.cancelled() => return out,
            };
            match connected {
                Ok(d) => Conn::Mqtt(Box::new(d)),
                Err(e) => {
                    s.fail(&mut out, hub_failure(Stage::Connect, &e));
                    return out;
                }
            }
        }
    };
    drop(permit);
    out.connected = true;
    s.counters.connected.fetch_add(1, Ordering::Relaxed);
    s.observer.on_event(&FleetEvent::Connected {
        device_id: &device_id,
    });

    let mut state = s.cfg.template.state(spec.n);
    let first = Instant::now();
    let mut k: u64 = 0;
    loop {
        if s.cfg.messages.is_some_and(|m| k >= m) || s.stopping() {
            break;
        }
        let due = first + s.cfg.interval.mul_f64(k as f64);
        let waited = match &mut conn {
            Conn::Mqtt(d) => {
                let at = s.deadline.map_or(due, |d| due.min(d));
                tokio::select! {
                    r = d.idle_until(at) => r.map(|_| !s.stopping()),
                    _ = s.cancel.cancelled() => Ok(false),
                }
            }
            Conn::Https => Ok(s.sleep_until(due).await),
        };
        match waited {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                s.fail(&mut out, hub_failure(Stage::Send, &e));
                break;
            }
        }
        let body = s
            .cfg
            .template
            .render(&mut state, &device_id, spec.n, s.started.elapsed());
        let msg = Message::json(&body);
        let sent = match &mut conn {
            Conn::Mqtt(d) => d.send(&msg).await,
            Conn::Https => match &s.https_hub {
                Some(h) => h.send(&identity, &msg).await,
                None => Err(HubError::Transport("HTTPS client unavailable".into())),
            },
        };
        match sent {
            Ok(()) => {
                k += 1;
                out.sent = k;
                s.counters.sent.fetch_add(1, Ordering::Relaxed);
                s.observer.on_event(&FleetEvent::Sent {
                    device_id: &device_id,
                    count: k,
                    body: &body,
                });
            }
            Err(e) => {
                s.fail(&mut out, hub_failure(Stage::Send, &e));
                break;
            }
        }
    }
    if let Conn::Mqtt(d) = conn {
        out.reconnects = d.reconnects;
        d.disconnect().await;
    }
    out
}

async fn register(
    s: &Shared,
    req: &RegisterRequest,
) -> Result<crate::dps::register::Registration, DpsError> {
    match (&s.cfg.transport, &s.https_dps) {
        (Transport::Https, Some(r)) => r.register(req).await,
        (Transport::Https, None) => Err(DpsError::Transport {
            endpoint: s.cfg.dps.endpoint.to_string(),
            message: "HTTPS client unavailable".into(),
        }),
        (Transport::Mqtt, _) => crate::dps::register::mqtt::register(&s.cfg.dps, req).await,
    }
}

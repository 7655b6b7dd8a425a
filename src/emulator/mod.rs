//! The local emulator: real servers on loopback that speak the Azure protocols twinbridge uses,
//! with state in SQLite. This build serves the ADT data plane, Event Hubs (AMQP 1.0, plus an
//! HTTP inject endpoint), and DPS + IoT Hub on one TLS port (`gateway`); realism knobs
//! (latency, faults, rate limits) live in one middleware layer shared by every HTTP surface.
pub mod adt;
pub mod dps;
pub mod eventhubs;
pub mod eventlog;
pub mod gateway;
pub mod iothub;
pub mod query;
mod realism;
pub mod store;

pub use realism::Realism;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// What to start.
#[derive(Debug, Clone)]
pub struct EmulatorConfig {
    pub host: IpAddr,
    /// 0 = any free port.
    pub adt_port: u16,
    /// Port of the Event Hubs AMQP endpoint (plain TCP); 0 = any free port.
    pub amqp_port: u16,
    /// None = in memory.
    pub state: Option<PathBuf>,
    pub realism: Realism,
    /// Event hubs to create (name, partitions); existing ones in the state are kept.
    pub hubs: Vec<(String, u32)>,
    /// Items per page of relationship lists (ADT: 100).
    pub list_page_size: usize,
    /// TLS port of the DPS and IoT Hub surfaces (MQTT and HTTPS on one port; 0 = any free).
    pub device_port: u16,
    /// DPS and IoT Hub configuration.
    pub devices: gateway::DevicesConfig,
}

impl EmulatorConfig {
    /// In memory, on 127.0.0.1 with a free port, no faults: what tests want.
    pub fn for_tests() -> Self {
        Self {
            host: IpAddr::from([127, 0, 0, 1]),
            adt_port: 0,
            amqp_port: 0,
            state: None,
            realism: Realism::default(),
            hubs: default_hubs(),
            list_page_size: 100,
            device_port: 0,
            devices: gateway::DevicesConfig::default(),
        }
    }
}

/// The emulator's Event Hubs connection string for `hub` at `addr`.
pub fn eventhubs_connection_string(addr: SocketAddr, hub: &str) -> String {
    format!(
        "Endpoint=sb://{addr}/;SharedAccessKeyName=emulator;SharedAccessKey=ZW11bGF0b3I=;EntityPath={hub};UseDevelopmentEmulator=true"
    )
}

/// The sample's hubs: `deviceevents` and `lifecycleevents`, 4 partitions each.
pub fn default_hubs() -> Vec<(String, u32)> {
    eventlog::DEFAULT_HUBS
        .iter()
        .map(|(n, p)| (n.to_string(), *p))
        .collect()
}

/// Why the emulator could not start.
#[derive(Debug, thiserror::Error)]
pub enum EmulatorError {
    #[error("cannot open the emulator state {path}: {source}")]
    State {
        path: String,
        source: rusqlite::Error,
    },
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("the DPS / IoT Hub surface could not start: {0}")]
    Devices(#[from] gateway::GatewayError),
}

/// A running emulator. Dropping it does not stop it; call [`Emulator::stop`].
pub struct Emulator {
    adt_addr: SocketAddr,
    amqp_addr: SocketAddr,
    cancel: CancellationToken,
    tasks: Vec<JoinHandle<()>>,
    pub state: Arc<store::Store>,
    /// The event hubs, shared by every surface that writes or reads events.
    pub events: Arc<eventlog::EventLog>,
    /// The DPS and IoT Hub surfaces (one TLS port).
    pub devices: DeviceSurfaces,
}

/// Handles on the DPS and IoT Hub surfaces.
pub struct DeviceSurfaces {
    pub addr: SocketAddr,
    /// The CA that signed the gateway's certificate (PEM); clients trust it with `--ca-cert`.
    pub ca_pem: String,
    pub hub: Arc<iothub::IotHub>,
    pub dps: Arc<dps::Dps>,
}

impl DeviceSurfaces {
    /// `localhost:PORT`: the DPS endpoint (`--dps-endpoint`) for MQTT and HTTPS.
    pub fn endpoint(&self) -> String {
        format!("localhost:{}", self.addr.port())
    }
    /// The `iothubowner` connection string of the emulated hub.
    pub fn hub_connection_string(&self) -> String {
        self.hub.owner_connection_string()
    }
}

impl Emulator {
    /// Open the state and bind every listener.
    pub async fn start(cfg: EmulatorConfig) -> Result<Self, EmulatorError> {
        let store =
            store::Store::open(cfg.state.as_deref()).map_err(|source| EmulatorError::State {
                path: cfg
                    .state
                    .as_ref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| "(memory)".into()),
                source,
            })?;
        let store = Arc::new(store);
        let events = eventlog::EventLog::open(store.clone(), &cfg.hubs).map_err(|source| {
            EmulatorError::State {
                path: cfg
                    .state
                    .as_ref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| "(memory)".into()),
                source,
            }
        })?;
        let events = Arc::new(events);
        let cancel = CancellationToken::new();
        let adt_state = adt::AdtState::new(store.clone(), cfg.list_page_size);
        // The inject endpoint is merged beside the ADT routes, outside their api-version/bearer
        // checks (the ADT router keeps the only fallback).
        let router = adt::router(adt_state, cfg.realism.clone())
            .merge(eventhubs::inject::router(events.clone()));
        let addr = SocketAddr::new(cfg.host, cfg.adt_port);
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| EmulatorError::Bind { addr, source })?;
        let adt_addr = listener
            .local_addr()
            .map_err(|source| EmulatorError::Bind { addr, source })?;
        let stop = cancel.clone();
        let task = tokio::spawn(async move {
            let served = axum::serve(listener, router)
                .with_graceful_shutdown(async move { stop.cancelled().await })
                .await;
            if let Err(e) = served {
                tracing::error!("ADT emulator stopped: {e}");
            }
        });
        let addr = SocketAddr::new(cfg.host, cfg.amqp_port);
        let amqp = eventhubs::bind(addr).map_err(|source| EmulatorError::Bind { addr, source })?;
        let amqp_addr = amqp
            .local_addr()
            .map_err(|source| EmulatorError::Bind { addr, source })?;
        let amqp_task = eventhubs::serve(amqp, events.clone(), cancel.clone());
        let mut devices_cfg = cfg.devices.clone();
        devices_cfg.dps.adt_url = Some(format!("http://{adt_addr}"));
        let gw = gateway::start(
            SocketAddr::new(cfg.host, cfg.device_port),
            devices_cfg,
            store.clone(),
            events.clone(),
            cancel.clone(),
        )
        .await?;
        let devices = DeviceSurfaces {
            addr: gw.addr,
            ca_pem: gw.ca_pem,
            hub: gw.hub,
            dps: gw.dps,
        };
        Ok(Self {
            adt_addr,
            amqp_addr,
            cancel,
            tasks: vec![task, amqp_task, gw.task],
            state: store,
            events,
            devices,
        })
    }

    /// Base URL of the ADT data plane.
    pub fn adt_url(&self) -> String {
        format!("http://{}", self.adt_addr)
    }

    pub fn adt_addr(&self) -> SocketAddr {
        self.adt_addr
    }

    /// Address of the Event Hubs AMQP endpoint.
    pub fn amqp_addr(&self) -> SocketAddr {
        self.amqp_addr
    }

    /// The Event Hubs connection string for `hub`, as the Azure SDKs take it
    /// (`UseDevelopmentEmulator=true` means plain AMQP to this host and port). The key is a
    /// placeholder: the emulator accepts any.
    pub fn eventhubs_connection_string(&self, hub: &str) -> String {
        eventhubs_connection_string(self.amqp_addr, hub)
    }

    /// URL of the HTTP inject endpoint for `hub` (`POST` NDJSON).
    pub fn inject_url(&self, hub: &str) -> String {
        format!("http://{}/eventhubs/{hub}/messages", self.adt_addr)
    }

    /// Stop accepting, finish in-flight requests, close.
    pub async fn stop(self) {
        self.cancel.cancel();
        for t in self.tasks {
            let _ = t.await;
        }
    }
}

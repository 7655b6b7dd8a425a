//! Bringing the demo's system up: the emulator, the sample's models and a building twin, the
//! allocation webhook as the emulated DPS's custom allocation, the two consumer pipelines, and
//! the fleet's configuration.
use super::{
    BUILDING_TWIN, Demo, DemoConfig, DemoError, DemoObserver, SAMPLE_MODELS, SPACE_MODEL,
    THERMOSTAT_MODEL,
};
use crate::adt::{AdtClient, AdtConfig};
use crate::dps::allocation::{AllocationPolicy, Allocator, ModelPattern, ParentSource};
use crate::dps::register::DpsOptions;
use crate::dps::webhook::{FunctionKeys, Webhook, WebhookAuth, WebhookConfig};
use crate::dtdl::{ModelSource, ParseOptions};
use crate::emulator::dps::{DEFAULT_GROUP_ID, EnrollmentGroup, WELL_KNOWN_GROUP_KEY};
use crate::emulator::iothub::{LIFECYCLE_HUB, TELEMETRY_HUB};
use crate::emulator::{Emulator, EmulatorConfig};
use crate::events::checkpoint::{CheckpointStore, FileCheckpointStore};
use crate::events::deadletter::DeadLetters;
use crate::events::eventhubs::{EventHubsConfig, StartPosition};
use crate::events::outcome::Outcomes;
use crate::events::pipeline::{self, Handler, RunOptions, Status};
use crate::events::sources::EventHubsPipelineSource;
use crate::hub::HubOptions;
use crate::hub::endpoint::Endpoint;
use crate::hub::service::ServiceClient;
use crate::lifecycle::engine::{LifecycleEngine, LifecycleHandler, LifecycleOptions};
use crate::models::{PlanOptions, UploadOptions};
use crate::retry::RetryPolicy;
use crate::sas::ConnectionString;
use crate::simulate::template::Template;
use crate::simulate::{Counters, DeviceSpec, FleetConfig};
use crate::sync::engine::{SyncEngine, SyncOptions};
use crate::sync::mapping::{Mode, SourceTime};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

/// Where everything listens, for `--keep-running` and the JSON report.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Endpoints {
    pub adt_url: String,
    pub telemetry_connection_string: String,
    pub lifecycle_connection_string: String,
    pub dps_endpoint: String,
    pub id_scope: String,
    pub group_key: String,
    pub iothub_connection_string: String,
    pub ca_cert: PathBuf,
    pub webhook_url: String,
    pub work_dir: PathBuf,
}

fn io(what: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> DemoError {
    let path = path.to_path_buf();
    move |source| DemoError::Io { what, path, source }
}

/// Start everything but the devices; `step(name, detail)` is called as each part is up.
pub(super) async fn start(
    cfg: &DemoConfig,
    observer: Arc<dyn DemoObserver>,
    step: &mut dyn FnMut(&str, String),
) -> Result<Demo, DemoError> {
    std::fs::create_dir_all(&cfg.work_dir).map_err(io("cannot create", &cfg.work_dir))?;
    let emulator = Emulator::start(EmulatorConfig::for_tests())
        .await
        .map_err(|e| DemoError::Emulator(e.to_string()))?;
    let ca_cert = cfg.work_dir.join("emulator-ca.pem");
    std::fs::write(&ca_cert, &emulator.devices.ca_pem).map_err(io("cannot write", &ca_cert))?;
    let adt_url = emulator.adt_url();
    step(
        "emulator",
        format!("ADT, DPS, IoT Hub and Event Hubs on loopback (ADT {adt_url})"),
    );

    let adt = AdtClient::new(
        AdtConfig::new(
            adt_url
                .parse()
                .map_err(|_| DemoError::Emulator(format!("bad ADT URL {adt_url}")))?,
        ),
        Arc::new(crate::auth::StaticToken("emulator".into())),
    )?;
    let uploaded = upload_models(&adt).await?;
    adt.put_twin(
        BUILDING_TWIN,
        &json!({"$metadata": {"$model": SPACE_MODEL}, "DisplayName": "Demo building"}),
        false,
    )
    .await?;
    step(
        "models",
        format!("{uploaded} sample models uploaded; twin {BUILDING_TWIN} ({SPACE_MODEL}) created"),
    );

    let webhook = start_webhook(&adt, &emulator).await?;
    step(
        "allocate serve",
        format!(
            "webhook {} answers the enrollment group's custom allocation",
            webhook.url()
        ),
    );

    let stop = CancellationToken::new();
    let mut tasks = Vec::new();
    let sync = Arc::new(SyncEngine::new(
        adt.clone(),
        SyncOptions {
            mode: Mode::Auto {
                source_time: SourceTime::None,
            },
            twin_id_from: crate::sync::twin_id::parse_sources("property:dtId,device-id")
                .map_err(DemoError::Events)?,
            min_interval: Duration::from_millis(100),
            concurrency: 16,
            immediate: false,
        },
    ));
    let sync_status = spawn_pipeline(
        &emulator,
        TELEMETRY_HUB,
        "sync-telemetry",
        sync.clone(),
        cfg,
        &stop,
        &mut tasks,
    )
    .await?;
    let (actions_tx, mut actions_rx) = tokio::sync::mpsc::unbounded_channel();
    let lifecycle = Arc::new(LifecycleHandler {
        engine: LifecycleEngine::new(
            adt.clone(),
            LifecycleOptions {
                on_delete: crate::lifecycle::engine::OnDelete::Delete,
                on_create: crate::lifecycle::engine::OnCreate::Ignore,
                allow_models: vec![THERMOSTAT_MODEL.into()],
                modules: false,
                dry_run: false,
                concurrency: 16,
                cascade: crate::adt::CascadeOptions::default(),
            },
        ),
        actions: actions_tx,
    });
    let forwarder = tokio::spawn(async move {
        while let Some(a) = actions_rx.recv().await {
            observer.lifecycle(&a);
        }
    });
    let lifecycle_status = spawn_pipeline(
        &emulator,
        LIFECYCLE_HUB,
        "watch-lifecycle",
        lifecycle.clone(),
        cfg,
        &stop,
        &mut tasks,
    )
    .await?;
    step(
        "pipelines",
        format!(
            "sync-telemetry reads {TELEMETRY_HUB}, watch-lifecycle reads {LIFECYCLE_HUB}; checkpoints and dead letters in {}",
            cfg.work_dir.display()
        ),
    );

    let tls = crate::hub::tls::client_config(Some(emulator.devices.ca_pem.as_bytes()))
        .map_err(|e| DemoError::Emulator(e.to_string()))?;
    let hub_cs = emulator.devices.hub_connection_string();
    let hub = ServiceClient::new(
        ConnectionString::parse(&hub_cs).map_err(|e| DemoError::Emulator(e.to_string()))?,
        tls.clone(),
        Duration::from_secs(30),
        RetryPolicy::default(),
    )?;
    let dps_endpoint = emulator.devices.endpoint();
    let endpoint =
        Endpoint::parse(&dps_endpoint).map_err(|e| DemoError::Emulator(e.to_string()))?;
    let id_scope = emulator.devices.dps.id_scope.clone();
    let fleet_cfg = FleetConfig {
        id_scope: id_scope.clone(),
        devices: devices(cfg.devices)?,
        payload: Some(json!({ "modelId": THERMOSTAT_MODEL })),
        transport: cfg.transport,
        dps: DpsOptions::new(endpoint, tls.clone()),
        hub: HubOptions::new(tls),
        interval: cfg.interval,
        messages: None,
        duration: Some(cfg.duration),
        ramp_up: (cfg.duration / 4).min(Duration::from_secs(2)),
        connect_concurrency: 32,
        dps_per_minute: 0,
        template: Template::sample(),
    };
    let endpoints = Endpoints {
        adt_url,
        telemetry_connection_string: emulator.eventhubs_connection_string(TELEMETRY_HUB),
        lifecycle_connection_string: emulator.eventhubs_connection_string(LIFECYCLE_HUB),
        dps_endpoint,
        id_scope,
        group_key: WELL_KNOWN_GROUP_KEY.into(),
        iothub_connection_string: hub_cs,
        ca_cert,
        webhook_url: webhook.url().to_string(),
        work_dir: cfg.work_dir.clone(),
    };
    Ok(Demo {
        endpoints,
        adt,
        hub,
        emulator,
        webhook,
        sync,
        lifecycle,
        sync_status,
        lifecycle_status,
        fleet: Arc::new(Counters::default()),
        fleet_cfg: Some(fleet_cfg),
        stop,
        tasks,
        forwarder,
    })
}

/// Upload the built-in sample models (those not already there); returns how many were new.
async fn upload_models(adt: &AdtClient) -> Result<usize, DemoError> {
    let sources: Vec<ModelSource> = SAMPLE_MODELS
        .iter()
        .map(|(name, text)| {
            serde_json::from_str(text)
                .map(|value| ModelSource {
                    name: format!("{name} (built in)"),
                    value,
                })
                .map_err(|e| DemoError::Models(format!("{name}: {e}")))
        })
        .collect::<Result<_, _>>()?;
    let instance = adt.list_models(&[], true).await?;
    let plan = crate::models::plan(
        &sources,
        Vec::new(),
        &instance,
        PlanOptions {
            parse: ParseOptions::default(),
            partial: false,
        },
    );
    if plan.has_errors() {
        let problems: Vec<String> = plan.diagnostics.iter().map(|d| d.to_string()).collect();
        return Err(DemoError::Models(problems.join("; ")));
    }
    let outcome = crate::models::upload(
        adt,
        &plan.upload,
        UploadOptions::default(),
        &crate::report::NoReporter,
    )
    .await;
    if let Some((model, reason)) = outcome.failed.first() {
        return Err(DemoError::Models(format!("{model}: {reason}")));
    }
    Ok(outcome.uploaded.len())
}

/// `allocate serve` on loopback with a fresh function key, set as the default enrollment
/// group's custom allocation webhook (`?code=KEY`, as DPS calls an Azure Function).
async fn start_webhook(adt: &AdtClient, emulator: &Emulator) -> Result<Webhook, DemoError> {
    let policy = AllocationPolicy {
        default_model: Some(THERMOSTAT_MODEL.into()),
        allowed_models: vec![ModelPattern::Exact(THERMOSTAT_MODEL.into())],
        parent: Some(ParentSource::Twin(BUILDING_TWIN.into())),
        ..AllocationPolicy::default()
    };
    let key = uuid::Uuid::new_v4().simple().to_string();
    let keys = FunctionKeys::new([key.as_str()]).map_err(DemoError::Webhook)?;
    let webhook = Webhook::start(
        WebhookConfig::new(([127, 0, 0, 1], 0).into(), WebhookAuth::Keys(keys)),
        Arc::new(Allocator::new(policy, adt.clone())),
    )
    .await
    .map_err(|e| DemoError::Webhook(e.to_string()))?;
    emulator
        .devices
        .dps
        .put_group(EnrollmentGroup::new(
            DEFAULT_GROUP_ID,
            WELL_KNOWN_GROUP_KEY,
            Some(format!("{}?code={key}", webhook.url())),
        ))
        .map_err(|e| DemoError::Webhook(e.to_string()))?;
    Ok(webhook)
}

/// Connect a pipeline to one of the emulator's hubs and run it until `stop`.
async fn spawn_pipeline(
    emulator: &Emulator,
    hub: &str,
    command: &str,
    handler: Arc<dyn Handler>,
    cfg: &DemoConfig,
    stop: &CancellationToken,
    tasks: &mut Vec<tokio::task::JoinHandle<()>>,
) -> Result<watch::Receiver<Status>, DemoError> {
    let events = |e: crate::events::EventsError| DemoError::Events(e.to_string());
    let ehcfg =
        EventHubsConfig::from_connection_string(&emulator.eventhubs_connection_string(hub), None)
            .map_err(events)?;
    let source = EventHubsPipelineSource::connect(ehcfg, StartPosition::Earliest)
        .await
        .map_err(events)?;
    let store: Arc<dyn CheckpointStore> =
        Arc::new(FileCheckpointStore::new(cfg.work_dir.join("checkpoints")));
    let dl_path = cfg
        .work_dir
        .join("dead-letters")
        .join(format!("{command}.ndjson"));
    let dead =
        DeadLetters::open(&dl_path).map_err(io("cannot open the dead-letter file", &dl_path))?;
    let opts = RunOptions {
        owner_id: format!("demo-{command}"),
        ..RunOptions::default()
    };
    let (tx, rx) = watch::channel(Status::default());
    let stop = stop.clone();
    tasks.push(tokio::spawn(async move {
        let out = Arc::new(Outcomes::new(Some(dead)));
        if let Err(e) = pipeline::run(
            Arc::new(source),
            Some(store),
            handler,
            out,
            opts,
            stop,
            Some(tx),
        )
        .await
        {
            tracing::warn!("demo pipeline stopped: {e}");
        }
    }));
    Ok(rx)
}

/// `thermostat-01` ... with keys derived from the emulator's well-known group key.
fn devices(n: usize) -> Result<Vec<DeviceSpec>, DemoError> {
    let width = n.to_string().len().max(2);
    (1..=n as u64)
        .map(|i| {
            let registration_id = format!("thermostat-{i:0width$}");
            let key = crate::sas::derive_device_key(WELL_KNOWN_GROUP_KEY, &registration_id)
                .map_err(|e| DemoError::Emulator(e.to_string()))?;
            Ok(DeviceSpec {
                n: i,
                registration_id,
                key,
                assigned: None,
            })
        })
        .collect()
}

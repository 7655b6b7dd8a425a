//! Where real Azure is less kind than a naive emulator, through the real binary: `allocate`
//! creates twins of models with components (ADT refuses a twin without them), `watch-lifecycle
//! --modules` never maps a module's lifecycle event onto its device's twin (the emulator emits
//! module events in both documented forms), and undocumented AllocationRequest fields are
//! accepted and logged unless `--strict-request`.
use super::support::*;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::sync::Arc;
use twinbridge::adt::{AdtClient, AdtConfig};
use twinbridge::auth::StaticToken;
use twinbridge::emulator::iothub::modules::ModuleEventForm;
use twinbridge::emulator::{Emulator, EmulatorConfig};

const THERMOSTAT: &str = "dtmi:contosocom:DigitalTwins:Thermostat;2";
const CONTROLLER: &str = "dtmi:com:example:twinbridge:TemperatureController;1";

fn adt(emu: &Emulator) -> AdtClient {
    let mut cfg = AdtConfig::new(emu.adt_url().parse().unwrap());
    cfg.retry.max_retries = 0;
    AdtClient::new(cfg, Arc::new(StaticToken("t".into()))).unwrap()
}

fn request(id: &str, model: &str, extra: Option<(&str, &str)>) -> Value {
    let mut r = json!({
        "enrollmentGroup": { "enrollmentGroupId": "g1", "allocationPolicy": "custom" },
        "deviceRuntimeContext": { "registrationId": id, "symmetricKey": {}, "payload": { "modelId": model } },
        "linkedHubs": ["hub1.azure-devices.net"]
    });
    if let Some((top, ctx)) = extra {
        r[top] = json!({"since": "tomorrow"});
        r["deviceRuntimeContext"][ctx] = json!(true);
    }
    r
}

fn write(tb: &Tb, name: &str, v: &Value) -> String {
    let p = tb.home.path().join(name);
    std::fs::write(&p, v.to_string()).unwrap();
    p.display().to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn allocate_creates_twins_of_component_models() {
    let emu = seeded_emulator().await;
    let tb = Tb::new().env("TWINBRIDGE_ADT_URL", &emu.adt_url());
    let models = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/models-components");
    let o = run_async(&tb, &["models", "upload", models.to_str().unwrap()]).await;
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let file = write(&tb, "req.json", &request("ctrl-cli", CONTROLLER, None));
    let args = [
        "--format",
        "json",
        "allocate",
        "--request",
        &file,
        "--allow-model",
        "dtmi:com:example:*",
    ];
    let o = run_async(&tb, &args).await;
    assert_eq!(code(&o), 0, "{}\n{}", stdout(&o), stderr(&o));
    let v = json_out(&o);
    assert_eq!(
        (v["status"].as_u64(), v["action"].as_str()),
        (Some(200), Some("created"))
    );
    let twin = adt(&emu).get_twin("ctrl-cli").await.unwrap();
    assert!(twin["deviceInformation"]["$metadata"].is_object(), "{twin}");
    assert!(twin["thermostat1"]["$metadata"].is_object(), "{twin}");
    emu.stop().await;
}

/// A call to the emulated hub's service API with an `iothubowner` SAS token.
async fn hub_call(emu: &Emulator, method: reqwest::Method, path: &str, body: Option<Value>) -> u16 {
    let conn =
        twinbridge::sas::ConnectionString::parse(&emu.devices.hub_connection_string()).unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let tls = twinbridge::hub::tls::client_config(Some(emu.devices.ca_pem.as_bytes())).unwrap();
    let http = reqwest::Client::builder()
        .use_preconfigured_tls((*tls).clone())
        .build()
        .unwrap();
    let url = format!(
        "https://{}{path}?api-version=2021-04-12",
        emu.devices.hub.host
    );
    let mut req = http
        .request(method, url)
        .header("Authorization", conn.service_token(now + 600).unwrap());
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = req.send().await.unwrap();
    resp.status().as_u16()
}

async fn module_events_leave_the_device_twin(form: ModuleEventForm) {
    let mut cfg = EmulatorConfig::for_tests();
    cfg.devices.module_events = form;
    let emu = Emulator::start(cfg).await.unwrap();
    let adt = adt(&emu);
    let dir = models_dir();
    adt.create_models(&[
        read_json(&dir.join("SpaceModel.json")),
        read_json(&dir.join("ThermostatModel.json")),
    ])
    .await
    .unwrap();
    let thermostat = json!({"$metadata": {"$model": THERMOSTAT}, "Temperature": 0.0});
    for twin in ["dev-m", "dev-m-m2"] {
        adt.put_twin(twin, &thermostat, false).await.unwrap();
    }
    use reqwest::Method;
    assert_eq!(
        hub_call(
            &emu,
            Method::PUT,
            "/devices/dev-m",
            Some(json!({"deviceId": "dev-m"}))
        )
        .await,
        200
    );
    for m in ["m1", "m2"] {
        let path = format!("/devices/dev-m/modules/{m}");
        let body = json!({"deviceId": "dev-m", "moduleId": m});
        assert_eq!(
            hub_call(&emu, Method::PUT, &path, Some(body.clone())).await,
            200
        );
        assert_eq!(
            hub_call(&emu, Method::PUT, &path, Some(body)).await,
            409,
            "exists"
        );
    }
    // m2 has a twin of its own: its module twin says so.
    let tags = json!({"tags": {"dtId": "dev-m-m2", "dtmi": THERMOSTAT}});
    assert_eq!(
        hub_call(&emu, Method::PATCH, "/twins/dev-m/modules/m2", Some(tags)).await,
        200
    );
    for m in ["m1", "m2"] {
        let path = format!("/devices/dev-m/modules/{m}");
        assert_eq!(hub_call(&emu, Method::DELETE, &path, None).await, 204);
        assert_eq!(hub_call(&emu, Method::GET, &path, None).await, 404);
    }
    // The hub emitted the module events like IoT Hub: moduleId and the module's connection id.
    let n = emu.events.partitions("lifecycleevents").unwrap();
    let events: Vec<_> = (0..n)
        .flat_map(|p| emu.events.read("lifecycleevents", p, -1, 1000).unwrap())
        .collect();
    let module_events: Vec<_> = events
        .iter()
        .filter(|e| e.properties.get("moduleId").is_some())
        .collect();
    assert_eq!(module_events.len(), 4, "create and delete of m1 and m2");
    let (create, delete, source) = match form {
        ModuleEventForm::DeviceOps => (
            "createDeviceIdentity",
            "deleteDeviceIdentity",
            "deviceLifecycleEvents",
        ),
        ModuleEventForm::ModuleOps => (
            "createModuleIdentity",
            "deleteModuleIdentity",
            "moduleLifecycleEvents",
        ),
    };
    for e in &module_events {
        let op = e.properties["opType"].as_str().unwrap();
        assert!(op == create || op == delete, "{op}");
        assert_eq!(e.properties["deviceId"], "dev-m");
        assert_eq!(e.system_properties["iothub-message-source"], source);
        assert_eq!(
            e.system_properties["iothub-connection-module-id"],
            e.properties["moduleId"]
        );
        assert_eq!(e.body_json().unwrap()["moduleId"], e.properties["moduleId"]);
    }

    let tb = Tb::new().env("TWINBRIDGE_ADT_URL", &emu.adt_url()).env(
        "TWINBRIDGE_EVENTHUB_CONNECTION_STRING",
        &emu.eventhubs_connection_string("lifecycleevents"),
    );
    let o = run_async(
        &tb,
        &[
            "watch-lifecycle",
            "--modules",
            "--allow-model",
            THERMOSTAT,
            "--until-idle",
            "1s",
            "--format",
            "json",
        ],
    )
    .await;
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let lines: Vec<Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let summary = lines.iter().find(|l| l["type"] == "summary").unwrap();
    assert_eq!(
        (summary["events"].as_u64(), summary["deleted"].as_u64()),
        (Some(5), Some(1)),
        "{form:?}: {summary}"
    );
    assert!(
        adt.get_twin("dev-m").await.is_ok(),
        "{form:?}: deleting a module must not delete its device's twin\n{}",
        stdout(&o)
    );
    assert!(
        adt.get_twin("dev-m-m2").await.unwrap_err().is_not_found(),
        "{form:?}: the module's own twin goes"
    );
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn deleting_a_module_never_deletes_the_device_twin() {
    module_events_leave_the_device_twin(ModuleEventForm::DeviceOps).await;
    module_events_leave_the_device_twin(ModuleEventForm::ModuleOps).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn undocumented_request_fields_are_accepted_unless_strict() {
    let emu = seeded_emulator().await;
    let tb = Tb::new().env("TWINBRIDGE_ADT_URL", &emu.adt_url());
    let extra = Some(("allocationContext", "deviceCapabilities"));
    let file = write(&tb, "req.json", &request("grow-1", THERMOSTAT, extra));
    let base = [
        "--format",
        "json",
        "allocate",
        "--request",
        &file,
        "--allow-model",
        THERMOSTAT,
    ];
    let o = run_async(&tb, &base).await;
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(json_out(&o)["action"], "created");
    let err = stderr(&o);
    assert!(
        err.contains("allocationContext")
            && err.contains("deviceRuntimeContext.deviceCapabilities"),
        "each undocumented field is logged: {err}"
    );
    // Strict mode answers 400 like before, and creates nothing.
    let file = write(&tb, "req2.json", &request("grow-2", THERMOSTAT, extra));
    let strict = [
        "--format",
        "json",
        "allocate",
        "--request",
        &file,
        "--allow-model",
        THERMOSTAT,
        "--strict-request",
    ];
    let o = run_async(&tb, &strict).await;
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert_eq!(json_out(&o)["status"], 400);
    assert!(stdout(&o).contains("allocationContext"), "{}", stdout(&o));
    assert!(
        adt(&emu)
            .get_twin("grow-2")
            .await
            .unwrap_err()
            .is_not_found()
    );
    // The former flag is still accepted.
    let o = run_async(
        &tb,
        &[
            "allocate",
            "--request",
            &file,
            "--allow-model",
            THERMOSTAT,
            "--allow-unknown-fields",
        ],
    )
    .await;
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    emu.stop().await;
}

/// A lifecycle event for a device that has no twin (handled as "gone").
fn ghost_delete(n: u32) -> twinbridge::events::Event {
    let device = format!("ghost-{n}");
    let mut e = twinbridge::events::Event::json(&json!({"deviceId": device}));
    e.properties
        .insert("opType".into(), json!("deleteDeviceIdentity"));
    e.properties.insert("deviceId".into(), json!(device));
    e
}

/// Start `watch-lifecycle` (plus `extra` flags) and wait until it has handled `ghost-{n}`, so
/// it is reading partition 0.
fn start_watching(tb: &Tb, extra: &[&str], n: u32) -> std::process::Child {
    use std::io::BufRead;
    let mut args = vec!["watch-lifecycle", "--allow-model", "*", "--format", "json"];
    args.extend_from_slice(extra);
    let mut child = tb
        .command(&args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let want = format!("ghost-{n}");
    let mut lines = std::io::BufReader::new(stdout).lines();
    loop {
        match lines.next() {
            Some(Ok(l)) if l.contains(&want) => break,
            Some(Ok(_)) => continue,
            _ => panic!("watch-lifecycle ended before handling {want}"),
        }
    }
    // Keep draining so the child never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    child
}

#[tokio::test(flavor = "multi_thread")]
async fn claimed_partitions_are_read_with_owner_level_zero_and_dry_runs_without() {
    use twinbridge::events::eventhubs::{EventHubsConfig, EventHubsSource, StartPosition};
    let emu = seeded_emulator().await;
    let hub = "lifecycleevents";
    let cs = emu.eventhubs_connection_string(hub);
    let source =
        EventHubsSource::connect(EventHubsConfig::from_connection_string(&cs, None).unwrap())
            .await
            .unwrap();
    let tb = Tb::new()
        .env("TWINBRIDGE_ADT_URL", &emu.adt_url())
        .env("TWINBRIDGE_EVENTHUB_CONNECTION_STRING", &cs);
    // Another reader of the consumer group (a plain receiver, e.g. a diagnostic tool).
    let mut plain = source
        .open_partition("0", StartPosition::Latest)
        .await
        .unwrap();
    let next = |n: u32| {
        emu.events
            .append(hub, Some(0), None, vec![ghost_delete(n)])
            .unwrap()
    };
    let alive = async |rx: &mut twinbridge::events::eventhubs::PartitionReceiver| {
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            assert!(tokio::time::Instant::now() < deadline, "no event came");
            let got = rx
                .next_batch(10, std::time::Duration::from_millis(200))
                .await
                .expect("the plain receiver is still reading");
            if !got.is_empty() {
                return;
            }
        }
    };
    // A dry run claims nothing, so it reads beside the plain receiver.
    next(1);
    let mut dry = start_watching(&tb, &["--dry-run"], 1);
    alive(&mut plain).await;
    next(2);
    alive(&mut plain).await;
    dry.kill().unwrap();
    let _ = dry.wait();
    // A real run claims the partitions through its checkpoint store and reads them with owner
    // level 0, like Microsoft's event processors: the plain receiver is displaced.
    next(3);
    let mut owner = start_watching(&tb, &[], 3);
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
    let why = loop {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the plain receiver was never displaced"
        );
        match plain
            .next_batch(10, std::time::Duration::from_millis(200))
            .await
        {
            Ok(_) => continue,
            Err(twinbridge::events::EventsError::TakenOver { message, .. }) => break message,
            Err(other) => panic!("{other}"),
        }
    };
    assert!(why.contains("epoch of '0'"), "{why}");
    owner.kill().unwrap();
    let _ = owner.wait();
    emu.stop().await;
}

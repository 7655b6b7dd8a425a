//! Twins of models with components, as ADT wants them: the emulator refuses a create body that
//! lacks a component (or a component's `$metadata`), and `allocate` and `watch-lifecycle
//! --on-create ensure-twin` both create every component, own and inherited, of a Plug and Play
//! style model (tests/data/models-components) and of RealEstateCore models.
use super::support::*;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::PathBuf;
use twinbridge::adt::{AdtClient, CascadeOptions, ErrorCode};
use twinbridge::dps::allocation::{
    AllocationPolicy, AllocationRequest, MismatchPolicy, ModelPattern, TwinAction, allocate,
};
use twinbridge::dtdl::{self, ModelSource, ParseOptions};
use twinbridge::events::Event;
use twinbridge::events::outcome::Outcomes;
use twinbridge::lifecycle::engine::{LifecycleEngine, LifecycleOptions, OnCreate, OnDelete};

pub const CONTROLLER: &str = "dtmi:com:example:twinbridge:TemperatureController;1";

/// The component models, in upload order.
pub fn component_models() -> Vec<Value> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/models-components");
    [
        "DeviceInformation.json",
        "BaseDevice.json",
        "ThermostatComponent.json",
        "TemperatureController.json",
    ]
    .iter()
    .map(|f| read_json(&dir.join(f)))
    .collect()
}

async fn component_instance() -> (twinbridge::emulator::Emulator, AdtClient) {
    let (emu, adt) = sample_instance().await;
    adt.create_models(&component_models()).await.unwrap();
    (emu, adt)
}

fn request(id: &str, model: &str) -> AllocationRequest {
    AllocationRequest::from_value(
        json!({
            "enrollmentGroup": { "enrollmentGroupId": "group1", "allocationPolicy": "custom" },
            "deviceRuntimeContext": { "registrationId": id, "payload": { "modelId": model } },
            "linkedHubs": ["hub1.azure-devices.net"]
        }),
        false,
    )
    .unwrap()
}

fn policy(allow: &str) -> AllocationPolicy {
    AllocationPolicy {
        allowed_models: vec![ModelPattern::parse(allow).unwrap()],
        ..AllocationPolicy::default()
    }
}

/// Status and the error's message with its details.
fn adt_code(e: &twinbridge::adt::AdtError) -> (Option<u16>, String) {
    let text = match e {
        twinbridge::adt::AdtError::Service {
            message, details, ..
        } => format!("{message} {}", details.join(" ")),
        other => other.to_string(),
    };
    (e.status(), text)
}

#[tokio::test]
async fn the_emulator_refuses_a_twin_without_its_components_like_adt() {
    let (emu, adt) = component_instance().await;
    // What allocate used to send: only the model.
    let bare = json!({ "$metadata": { "$model": CONTROLLER } });
    let e = adt.put_twin("t-bare", &bare, true).await.unwrap_err();
    assert!(e.is_code(&ErrorCode::ValidationFailed), "{e}");
    let (status, text) = adt_code(&e);
    assert_eq!(status, Some(400));
    assert!(
        text.contains("deviceInformation") && text.contains("thermostat1"),
        "both the own and the inherited component are named: {text}"
    );
    // A component without $metadata is refused too.
    let no_meta = json!({ "$metadata": { "$model": CONTROLLER },
        "deviceInformation": {}, "thermostat1": { "$metadata": {} } });
    let e = adt.put_twin("t-nometa", &no_meta, true).await.unwrap_err();
    assert!(e.is_code(&ErrorCode::ValidationFailed), "{e}");
    assert!(adt_code(&e).1.contains("$metadata"), "{e}");
    // The complete body is accepted, and property values inside components too.
    let full = json!({ "$metadata": { "$model": CONTROLLER },
        "deviceInformation": { "$metadata": {}, "manufacturer": "Contoso" },
        "thermostat1": { "$metadata": {} } });
    adt.put_twin("t-full", &full, true).await.unwrap();
    assert!(adt.get_twin("t-bare").await.unwrap_err().is_not_found());
    emu.stop().await;
}

#[tokio::test]
async fn allocation_creates_every_component_own_and_inherited() {
    let (emu, adt) = component_instance().await;
    let p = policy("dtmi:com:example:*");
    let a = allocate(&request("ctrl-1", CONTROLLER), &p, &adt)
        .await
        .unwrap_or_else(|e| panic!("allocation of a component model: {e}"));
    assert_eq!(a.action, TwinAction::Created);
    assert_eq!(a.adt_calls, 3, "GET twin, model lookup, PUT twin");
    let twin = adt.get_twin("ctrl-1").await.unwrap();
    assert_eq!(twin["$metadata"]["$model"], CONTROLLER);
    assert!(twin["deviceInformation"]["$metadata"].is_object(), "{twin}");
    assert!(twin["thermostat1"]["$metadata"].is_object(), "{twin}");
    // The components are usable at once: a PATCH inside one succeeds.
    adt.patch_twin(
        "ctrl-1",
        &[twinbridge::adt::PatchOp::add(
            "/thermostat1/targetTemperature",
            json!(21.5),
        )],
        None,
    )
    .await
    .unwrap();
    // A re-registration reuses the twin; a mismatch replaced under `replace` gets its
    // components too.
    let again = allocate(&request("ctrl-1", CONTROLLER), &p, &adt)
        .await
        .unwrap();
    assert_eq!(again.action, TwinAction::Reused);
    adt.put_twin("ctrl-2", &thermostat(1.0), false)
        .await
        .unwrap();
    let mut replace = policy("dtmi:com:example:*");
    replace.on_model_mismatch = MismatchPolicy::Replace;
    let r = allocate(&request("ctrl-2", CONTROLLER), &replace, &adt)
        .await
        .unwrap();
    assert_eq!(r.action, TwinAction::Replaced);
    let twin = adt.get_twin("ctrl-2").await.unwrap();
    assert!(twin["deviceInformation"].is_object() && twin["thermostat1"].is_object());
    emu.stop().await;
}

fn create_event(device: &str, model: &str) -> Event {
    let mut e = Event::json(&json!({"deviceId": device, "version": 2,
        "tags": {"dtId": device, "dtmi": model}}));
    for (k, v) in [
        ("opType", "createDeviceIdentity"),
        ("deviceId", device),
        ("hubName", "myhub"),
    ] {
        e.properties.insert(k.into(), json!(v));
    }
    e.system_properties.insert(
        "iothub-message-source".into(),
        json!("deviceLifecycleEvents"),
    );
    e.partition = Some("0".into());
    e.sequence_number = Some(0);
    e
}

#[tokio::test]
async fn ensure_twin_builds_the_same_body_as_allocation() {
    let (emu, adt) = component_instance().await;
    let eng = LifecycleEngine::new(
        adt.clone(),
        LifecycleOptions {
            on_delete: OnDelete::Log,
            on_create: OnCreate::EnsureTwin,
            allow_models: vec!["*".into()],
            modules: false,
            dry_run: false,
            concurrency: 2,
            cascade: CascadeOptions::default(),
        },
    );
    let out = Outcomes::new(None);
    let e = create_event("ctrl-lc", CONTROLLER);
    out.delivered(std::slice::from_ref(&e));
    let a = eng.handle(vec![e], &out).await.unwrap();
    assert_eq!(
        (a[0].action.as_str(), a[0].result.as_str()),
        ("create", "ok"),
        "{a:?}"
    );
    allocate(
        &request("ctrl-al", CONTROLLER),
        &policy("dtmi:com:example:*"),
        &adt,
    )
    .await
    .unwrap();
    let strip = |mut t: Value| {
        let o = t.as_object_mut().unwrap();
        o.retain(|k, _| !k.starts_with('$'));
        o.keys().cloned().collect::<BTreeSet<String>>()
    };
    let lc = strip(adt.get_twin("ctrl-lc").await.unwrap());
    let al = strip(adt.get_twin("ctrl-al").await.unwrap());
    assert_eq!(lc, al);
    assert_eq!(
        lc,
        BTreeSet::from(["deviceInformation".to_string(), "thermostat1".to_string()])
    );
    emu.stop().await;
}

/// Every model `root` needs (extends, component schemas, ...), in upload order.
fn closure(set: &dtdl::ModelSet, roots: &[&str]) -> Vec<String> {
    let mut need: BTreeSet<String> = BTreeSet::new();
    let mut stack: Vec<String> = roots.iter().map(|r| r.to_string()).collect();
    while let Some(id) = stack.pop() {
        if need.insert(id.clone()) {
            stack.extend(set.dependencies(&id));
        }
    }
    set.dependency_order()
        .into_iter()
        .filter(|id| need.contains(id))
        .collect()
}

#[tokio::test]
async fn realestatecore_models_with_components_allocate() {
    let sources: Vec<ModelSource> = super::ontology::realestatecore();
    let set = dtdl::parse(&sources, ParseOptions::default()).expect("RealEstateCore parses");
    let ids: Vec<String> = set.dependency_order();
    // The REC interface with an inherited component (and the most components), and one with
    // only its own.
    let inherited = ids
        .iter()
        .filter(|id| set.components(id).iter().any(|c| c.defined_in != **id))
        .max_by_key(|id| (set.components(id).len(), (*id).clone()))
        .expect("some RealEstateCore interface inherits a component")
        .clone();
    let own = ids
        .iter()
        .find(|id| {
            let comps = set.components(id);
            !comps.is_empty() && comps.iter().all(|c| c.defined_in == **id)
        })
        .expect("some RealEstateCore interface has its own component")
        .clone();
    let by_id: std::collections::HashMap<String, Value> = set
        .interfaces()
        .map(|i| (i.id.clone(), i.raw.clone()))
        .collect();
    let emu = emulator().await;
    let adt = client_for(&emu.adt_url());
    let upload = closure(&set, &[&inherited, &own]);
    for chunk in upload.chunks(250) {
        let batch: Vec<Value> = chunk.iter().map(|id| by_id[id].clone()).collect();
        adt.create_models(&batch).await.unwrap();
    }
    let p = policy("dtmi:digitaltwins:rec_3_3:*");
    for (n, model) in [&inherited, &own].into_iter().enumerate() {
        let dev = format!("rec-{n}");
        let a = allocate(&request(&dev, model), &p, &adt)
            .await
            .unwrap_or_else(|e| panic!("allocation of {model}: {e}"));
        assert_eq!(a.action, TwinAction::Created);
        let twin = adt.get_twin(&dev).await.unwrap();
        for c in set.components(model) {
            assert!(
                twin[c.name.as_str()]["$metadata"].is_object(),
                "{model}: component {} missing in {twin}",
                c.name
            );
        }
    }
    emu.stop().await;
}

//! Shared helpers: an in-process emulator, a client for it, the shared/ reference data.
use serde_json::{Value, json};
use std::path::PathBuf;
use std::sync::Arc;
use twinbridge::adt::{AdtClient, AdtConfig};
use twinbridge::auth::StaticToken;
use twinbridge::emulator::{Emulator, EmulatorConfig};
use twinbridge::retry::RetryPolicy;

/// The reference data folder beside the checkout (`../shared`), or `$TWINBRIDGE_SHARED`.
pub fn shared_dir() -> PathBuf {
    let dir = std::env::var_os("TWINBRIDGE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    assert!(
        dir.is_dir(),
        "reference data not found at {} (set TWINBRIDGE_SHARED)",
        dir.display()
    );
    dir
}

pub async fn emulator() -> Emulator {
    Emulator::start(EmulatorConfig::for_tests())
        .await
        .expect("emulator starts")
}

pub fn client_for(url: &str) -> AdtClient {
    let mut cfg = AdtConfig::new(url.parse().expect("url"));
    cfg.retry = RetryPolicy {
        max_retries: 3,
        base: std::time::Duration::from_millis(10),
        cap: std::time::Duration::from_millis(200),
    };
    AdtClient::new(cfg, Arc::new(StaticToken("test-token".into()))).expect("client")
}

pub fn read_json(path: &std::path::Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The sample's two models.
pub fn sample_models() -> Vec<Value> {
    let dir = shared_dir().join("seed-sample/models");
    vec![
        read_json(&dir.join("SpaceModel.json")),
        read_json(&dir.join("ThermostatModel.json")),
    ]
}

pub const SPACE: &str = "dtmi:contosocom:DigitalTwins:Space;1";
pub const THERMOSTAT: &str = "dtmi:contosocom:DigitalTwins:Thermostat;2";

/// An emulator with the sample's models and a client.
pub async fn sample_instance() -> (Emulator, AdtClient) {
    let emu = emulator().await;
    let client = client_for(&emu.adt_url());
    client
        .create_models(&sample_models())
        .await
        .expect("sample models upload");
    (emu, client)
}

pub fn thermostat(temp: f64) -> Value {
    json!({ "$metadata": { "$model": THERMOSTAT }, "Temperature": temp })
}

pub fn space() -> Value {
    json!({ "$metadata": { "$model": SPACE } })
}

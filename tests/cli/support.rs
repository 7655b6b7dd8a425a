//! Running the binary with a clean environment, and an emulator seeded with the sample's models.
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use twinbridge::emulator::{Emulator, EmulatorConfig};

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_twinbridge"))
}

/// The sample's two DTDL models, `models/` in the repository.
pub fn models_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("models")
}

/// Test fixtures with their licences (`tests/data/`: DTDL conformance cases, RealEstateCore).
pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

/// A command with an empty environment except PATH and a temp HOME/XDG dirs.
pub struct Tb {
    pub home: tempfile::TempDir,
    pub env: Vec<(String, String)>,
}

impl Tb {
    pub fn new() -> Self {
        Self {
            home: tempfile::tempdir().unwrap(),
            env: Vec::new(),
        }
    }

    pub fn env(mut self, k: &str, v: &str) -> Self {
        self.env.push((k.into(), v.into()));
        self
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(bin());
        c.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", self.home.path())
            .env("XDG_CONFIG_HOME", self.home.path().join("config"))
            .env("XDG_DATA_HOME", self.home.path().join("data"))
            .env("NO_COLOR", "1")
            .args(args)
            .stdin(Stdio::null());
        for (k, v) in &self.env {
            c.env(k, v);
        }
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("twinbridge runs")
    }

    /// Write the default config file.
    pub fn config(&self, text: &str) -> PathBuf {
        let p = self.home.path().join("config/twinbridge/config.toml");
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

pub fn json_out(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
            stdout(o),
            stderr(o)
        )
    })
}

pub fn read_json(p: &Path) -> Value {
    serde_json::from_str(
        std::fs::read_to_string(p)
            .unwrap()
            .trim_start_matches('\u{feff}'),
    )
    .unwrap()
}

/// An in-process emulator with the sample's models (a test runtime keeps it serving).
pub async fn seeded_emulator() -> Emulator {
    let emu = Emulator::start(EmulatorConfig::for_tests()).await.unwrap();
    let dir = models_dir();
    let models = vec![
        read_json(&dir.join("SpaceModel.json")),
        read_json(&dir.join("ThermostatModel.json")),
    ];
    let mut cfg = twinbridge::adt::AdtConfig::new(emu.adt_url().parse().unwrap());
    cfg.retry.max_retries = 0;
    let adt = twinbridge::adt::AdtClient::new(
        cfg,
        std::sync::Arc::new(twinbridge::auth::StaticToken("t".into())),
    )
    .unwrap();
    adt.create_models(&models).await.unwrap();
    emu
}

/// An ADT client for a test's own checks (a fixed token; the emulator accepts any).
pub fn adt_client(url: &str) -> twinbridge::adt::AdtClient {
    twinbridge::adt::AdtClient::new(
        twinbridge::adt::AdtConfig::new(url.parse().unwrap()),
        std::sync::Arc::new(twinbridge::auth::StaticToken("t".into())),
    )
    .unwrap()
}

/// A seeded emulator with thermostat twins `dev-0` .. `dev-{n-1}` at Temperature 0.
pub async fn emulator_with_twins(n: usize) -> (Emulator, twinbridge::adt::AdtClient) {
    let emu = seeded_emulator().await;
    let adt = adt_client(&emu.adt_url());
    for i in 0..n {
        adt.put_twin(
            &format!("dev-{i}"),
            &serde_json::json!({"$metadata": {"$model": "dtmi:contosocom:DigitalTwins:Thermostat;2"}, "Temperature": 0.0}),
            false,
        )
        .await
        .unwrap();
    }
    (emu, adt)
}

/// Run the binary off the async runtime.
pub async fn run_async(tb: &Tb, args: &[&str]) -> Output {
    let mut cmd = tb.command(args);
    tokio::task::spawn_blocking(move || cmd.output().expect("twinbridge runs"))
        .await
        .unwrap()
}

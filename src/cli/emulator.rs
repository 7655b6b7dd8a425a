//! `twinbridge emulator` arguments.
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct EmulatorArgs {
    /// Address to listen on. Loopback by default; the emulator has no real authentication.
    #[arg(long, env = "TWINBRIDGE_EMULATOR_HOST", value_name = "IP")]
    pub host: Option<String>,
    /// Port of the ADT data-plane API (0 = any free port) [default: 8480].
    #[arg(long, env = "TWINBRIDGE_EMULATOR_ADT_PORT", value_name = "PORT")]
    pub adt_port: Option<u16>,
    /// Port of the Event Hubs AMQP 1.0 endpoint (plain TCP; 0 = any free port) [default: 5672].
    #[arg(long, env = "TWINBRIDGE_EMULATOR_AMQP_PORT", value_name = "PORT")]
    pub amqp_port: Option<u16>,
    /// An event hub to serve as NAME:PARTITIONS; repeat for more (hubs already in the state are
    /// kept) [default: deviceevents:4 and lifecycleevents:4].
    #[arg(
        long = "hub",
        env = "TWINBRIDGE_EMULATOR_HUBS",
        value_name = "NAME:PARTITIONS",
        value_delimiter = ','
    )]
    pub hubs: Vec<String>,
    /// SQLite state file [default: $XDG_DATA_HOME/twinbridge/emulator.sqlite].
    #[arg(
        long,
        env = "TWINBRIDGE_EMULATOR_STATE",
        value_name = "PATH",
        conflicts_with = "in_memory"
    )]
    pub state: Option<PathBuf>,
    /// Keep state in memory only (for tests); nothing survives a restart.
    #[arg(long)]
    pub in_memory: bool,
    /// Added delay before every response, e.g. 20ms (realism for benchmarks).
    #[arg(long, env = "TWINBRIDGE_EMULATOR_LATENCY", value_name = "DURATION")]
    pub latency: Option<humantime::Duration>,
    /// Fraction of requests answered with a random 429 (with Retry-After) or 503, e.g. 0.05.
    #[arg(long, env = "TWINBRIDGE_EMULATOR_FAULT_RATE", value_name = "RATE")]
    pub fault_rate: Option<f64>,
    /// Enforce ADT's documented rate limits (10 writes/s per twin, 1000 patches/s) with 429.
    #[arg(long)]
    pub enforce_limits: bool,
    #[command(flatten)]
    pub devices: EmulatorDeviceArgs,
}

/// The DPS and IoT Hub surfaces of `twinbridge emulator`.
#[derive(Debug, Args, Default)]
#[command(next_help_heading = "DPS and IoT Hub")]
pub struct EmulatorDeviceArgs {
    /// TLS port of DPS and IoT Hub, MQTT and HTTPS on one port (0 = any free port)
    /// [default: 8883, the port the official device SDKs use].
    #[arg(long, env = "TWINBRIDGE_EMULATOR_DEVICE_PORT", value_name = "PORT")]
    pub device_port: Option<u16>,
    /// The hub's host name as devices see it [default: localhost:PORT]. Use `localhost` with
    /// port 8883 for SDKs that always connect to port 8883 (the Python azure-iot-device SDK).
    #[arg(long, env = "TWINBRIDGE_EMULATOR_HUB_HOSTNAME", value_name = "HOST")]
    pub hub_hostname: Option<String>,
    /// The DPS ID scope [default: 0ne00000000].
    #[arg(long, env = "TWINBRIDGE_EMULATOR_ID_SCOPE", value_name = "SCOPE")]
    pub id_scope: Option<String>,
    /// A symmetric-key enrollment group, ID:GROUP_KEY (repeatable). Without any, a group
    /// `default` with the emulator's well-known key is created.
    #[arg(long = "enrollment-group", value_name = "ID:KEY")]
    pub enrollment_groups: Vec<String>,
    /// Custom allocation webhook URL for groups without their own (e.g. `twinbridge allocate
    /// serve`). Without one, the built-in policy assigns the hub and tags dtId/dtmi from the
    /// registration id and payload.modelId. A function key in it (`?code=KEY`) is never printed.
    #[arg(
        long,
        env = "TWINBRIDGE_EMULATOR_ALLOCATION_WEBHOOK",
        hide_env_values = true,
        value_name = "URL"
    )]
    pub allocation_webhook: Option<String>,
    /// Allocate with twinbridge's own allocation logic (what `allocate serve` does, any model
    /// allowed) in-process against this emulator's ADT, for groups without a webhook: each
    /// device gets its twin, so models must be uploaded first.
    #[arg(long, conflicts_with = "allocation_webhook")]
    pub in_process_allocation: bool,
    /// A message enrichment KEY=VALUE on telemetry, e.g. dtId=$twin.tags.dtId (repeatable)
    /// [default: dtId=$twin.tags.dtId and dtmi=$twin.tags.dtmi].
    #[arg(long = "enrichment", value_name = "KEY=VALUE")]
    pub enrichments: Vec<String>,
    /// Registrations per minute DPS accepts before answering 429 [default: unlimited].
    #[arg(long, env = "TWINBRIDGE_EMULATOR_DPS_RATE_LIMIT", value_name = "N")]
    pub dps_rate_limit: Option<u32>,
    /// Where to write the CA certificate clients trust (`--ca-cert`)
    /// [default: emulator-ca.pem beside the state file, or in $XDG_DATA_HOME/twinbridge].
    #[arg(long, env = "TWINBRIDGE_EMULATOR_CA_OUT", value_name = "PATH")]
    pub ca_out: Option<PathBuf>,
}

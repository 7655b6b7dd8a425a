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
}

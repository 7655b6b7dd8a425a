//! `twinbridge demo` arguments.
use super::TransportArg;
use clap::Args;
use std::path::PathBuf;

/// Arguments of `twinbridge demo`.
#[derive(Debug, Args)]
#[command(after_help = "\
What it runs, all in this process and on loopback, through the same code as the commands:
  emulator (ADT, DPS, IoT Hub, Event Hubs) -> models upload (models/) -> allocate serve as the
  enrollment group's custom allocation webhook -> sync-telemetry + watch-lifecycle -> devices
  provisioning through DPS with {\"modelId\"} and sending {\"Temperature\": 25 +/- 1} -> a few
  devices deleted from the hub -> the device-twin mapping table and statistics.

Checks (exit 0 only if all pass): every device provisioned; every remaining twin's Temperature
equals the last value its device sent; deleted devices' twins are gone; nothing dead-lettered.

Examples:
  cargo run --release -- demo
  twinbridge demo --devices 100 --duration 1m --format json > report.json
  twinbridge demo --keep-running      # then poke at it with the commands it prints")]
pub struct DemoArgs {
    /// Simulated devices.
    #[arg(long, value_name = "N", default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub devices: u32,

    /// How long the devices send telemetry.
    #[arg(long, value_name = "DURATION", default_value = "30s")]
    pub duration: humantime::Duration,

    /// Time between two messages of one device (the sample's simulator: 500ms).
    #[arg(long, value_name = "DURATION", default_value = "500ms")]
    pub interval: humantime::Duration,

    /// Devices to delete from the hub afterwards [default: a fifth of them, at least 1].
    #[arg(long, value_name = "N")]
    pub delete: Option<u32>,

    /// Device transport for DPS and IoT Hub.
    #[arg(long, value_enum, default_value_t = TransportArg::Mqtt)]
    pub transport: TransportArg,

    /// Leave the emulator, webhook and pipelines running after the report, print their
    /// endpoints and commands to try, and stop on Ctrl-C.
    #[arg(long)]
    pub keep_running: bool,

    /// Longest wait for the pipelines to catch up after the devices stop (and after the
    /// deletions).
    #[arg(long, value_name = "DURATION", default_value = "30s")]
    pub settle_timeout: humantime::Duration,

    /// Directory for checkpoints, dead letters and the emulator's CA certificate
    /// [default: a new directory under the state directory's demo/].
    #[arg(long, value_name = "PATH")]
    pub work_dir: Option<PathBuf>,
}

//! `twinbridge simulate-device` arguments.
use clap::{Args, ValueEnum};
use std::path::PathBuf;

/// Device transport.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TransportArg {
    /// MQTT over TLS, port 8883 (what the sample's simulator uses).
    Mqtt,
    /// HTTPS, port 443.
    Https,
}

/// Arguments of `twinbridge simulate-device`.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  # 1,000 thermostats through DPS, one message per 10 s each, for 5 minutes
  twinbridge simulate-device --scope 0ne0012345 --group-key \"$GROUP_KEY\" \\
      --registration-id 'thermo-{n:04}' --count 1000 --model 'dtmi:contosocom:DigitalTwins:Thermostat;2' \\
      --interval 10s --duration 5m --ramp-up 1m
  # against the local emulator (it prints these values)
  twinbridge simulate-device --dps-endpoint localhost:8883 --ca-cert ~/.local/share/twinbridge/emulator-ca.pem \\
      --scope 0ne00000000 --group-key <key> --count 10 --messages 5")]
pub struct SimulateDeviceArgs {
    /// DPS ID scope (portal: Device Provisioning Service > Overview).
    #[arg(long, env = "TWINBRIDGE_ID_SCOPE", value_name = "ID_SCOPE")]
    pub scope: Option<String>,

    /// Enrollment group key (base64); each device's key is derived from it and its id.
    #[arg(
        long,
        env = "TWINBRIDGE_GROUP_KEY",
        value_name = "KEY",
        conflicts_with = "device_key",
        hide_env_values = true
    )]
    pub group_key: Option<String>,

    /// A device's own symmetric key (one device, or individual enrollment).
    #[arg(
        long,
        env = "TWINBRIDGE_DEVICE_KEY",
        value_name = "KEY",
        hide_env_values = true
    )]
    pub device_key: Option<String>,

    /// Registration id, or a pattern with {n} / {n:04} for --count > 1.
    #[arg(long, value_name = "ID|PATTERN", default_value = "sim-{n:04}")]
    pub registration_id: String,

    /// How many devices to simulate.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub count: u64,

    /// First value of {n}.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub first: u64,

    /// DTDL model id sent in the DPS payload as `modelId` (the sample's allocation reads it).
    #[arg(long, value_name = "DTMI")]
    pub model: Option<String>,

    /// Extra DPS payload (a JSON object), merged with `modelId`.
    #[arg(long, value_name = "JSON")]
    pub payload: Option<String>,

    /// Transport to DPS and IoT Hub.
    #[arg(long, value_enum, default_value = "mqtt")]
    pub transport: TransportArg,

    /// Time between messages of one device [default: 500ms, like the sample].
    #[arg(long, value_name = "DURATION", conflicts_with = "rate")]
    pub interval: Option<humantime::Duration>,

    /// Total messages per second across all devices (sets each device's interval).
    #[arg(long, value_name = "MSGS_PER_S")]
    pub rate: Option<f64>,

    /// Stop after this long (default: run until Ctrl-C or --messages).
    #[arg(long, value_name = "DURATION")]
    pub duration: Option<humantime::Duration>,

    /// Messages per device, then stop (0 = provision and connect only).
    #[arg(long, value_name = "N")]
    pub messages: Option<u64>,

    /// Spread device starts evenly over this time.
    #[arg(long, value_name = "DURATION")]
    pub ramp_up: Option<humantime::Duration>,

    /// Telemetry template (JSON with generators; see examples/telemetry-template.json)
    /// [default: {"Temperature": 25 ± 1}].
    #[arg(long, value_name = "FILE")]
    pub telemetry: Option<PathBuf>,

    /// Devices provisioning or connecting at the same time.
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub connect_concurrency: usize,

    /// DPS registrations per minute at most (DPS allows 200/min per service unit; the issue
    /// target is 1000/min).
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub dps_rate: u32,

    /// DPS host[:port] [default: global.azure-devices-provisioning.net].
    #[arg(long, env = "TWINBRIDGE_DPS_ENDPOINT", value_name = "HOST[:PORT]")]
    pub dps_endpoint: Option<String>,

    /// Also trust this CA (PEM), e.g. the emulator's.
    #[arg(long, env = "TWINBRIDGE_CA_CERT", value_name = "PATH")]
    pub ca_cert: Option<PathBuf>,

    /// Write each device's assignment (hub, device id) to FILE, keys redacted.
    #[arg(long, value_name = "FILE")]
    pub save_credentials: Option<PathBuf>,

    /// Write the derived device keys into --save-credentials too (the file is then a secret).
    #[arg(long, requires = "save_credentials")]
    pub include_keys: bool,

    /// Skip DPS: use the devices and assignments saved by --save-credentials.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["count", "registration_id", "first"])]
    pub from_credentials: Option<PathBuf>,
}

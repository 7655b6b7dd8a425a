//! `twinbridge devices` arguments.
use clap::{Args, Subcommand};
use std::path::PathBuf;

/// Options every `devices` subcommand takes.
#[derive(Debug, Args, Clone, Default)]
pub struct HubConnArgs {
    /// IoT Hub connection string of a policy with registry access
    /// (HostName=...;SharedAccessKeyName=iothubowner;SharedAccessKey=...).
    #[arg(
        long,
        env = "TWINBRIDGE_IOTHUB_CONNECTION_STRING",
        value_name = "CONNECTION_STRING",
        hide_env_values = true
    )]
    pub connection_string: Option<String>,
    /// IoT Hub host name (myhub.azure-devices.net) to reach with an Entra ID token from the
    /// global --auth instead of a connection string (role: IoT Hub Registry Contributor, or
    /// IoT Hub Data Reader for read-only use). Takes precedence over a connection string.
    #[arg(long, env = "TWINBRIDGE_IOTHUB_HOSTNAME", value_name = "HOST")]
    pub hub_hostname: Option<String>,
    /// Also trust this CA (PEM), e.g. the emulator's.
    #[arg(long, env = "TWINBRIDGE_CA_CERT", value_name = "PATH")]
    pub ca_cert: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum DevicesCommand {
    /// List devices in the hub's registry with their twin tags (dtId, dtmi).
    List(DevicesListArgs),
    /// Show one device: identity (keys redacted), status, connection state, twin.
    Show(DevicesShowArgs),
    /// Delete devices from the registry (IoT Hub emits deleteDeviceIdentity lifecycle events).
    Delete(DevicesDeleteArgs),
}

#[derive(Debug, Args)]
pub struct DevicesListArgs {
    #[command(flatten)]
    pub conn: HubConnArgs,
    /// A registry query condition, e.g. "tags.dtmi = 'dtmi:contosocom:DigitalTwins:Thermostat;2'".
    #[arg(long = "where", value_name = "CONDITION")]
    pub condition: Option<String>,
    /// Stop after this many devices.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

#[derive(Debug, Args)]
pub struct DevicesShowArgs {
    #[command(flatten)]
    pub conn: HubConnArgs,
    /// The device id.
    pub id: String,
}

#[derive(Debug, Args)]
pub struct DevicesDeleteArgs {
    #[command(flatten)]
    pub conn: HubConnArgs,
    /// Device ids.
    #[arg(required = true)]
    pub ids: Vec<String>,
    /// Do not ask for confirmation (required when not on a terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
}

//! The command line: clap derive only. Global options, the command tree, one `*Args` per command.
//!
//! Every option that can also live in the config file is an `Option<T>` with an env var and no
//! clap default; `settings.rs` resolves flag/env -> config file -> default.
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

mod allocate;
mod completions;
mod demo;
mod devices;
mod emulator;
mod mappings;
mod models;
mod service;
mod simulate_device;
mod source;
mod sync_telemetry;
mod twins;
mod watch_lifecycle;

pub use allocate::*;
pub use completions::*;
pub use demo::*;
pub use devices::*;
pub use emulator::*;
pub use mappings::*;
pub use models::*;
pub use service::*;
pub use simulate_device::*;
pub use source::*;
pub use sync_telemetry::*;
pub use twins::*;
pub use watch_lifecycle::*;

const AFTER_HELP: &str = "\
Settings come from flags, then TWINBRIDGE_* environment variables, then the config file
(--config, else $XDG_CONFIG_HOME/twinbridge/config.toml, [profiles.NAME] with --profile),
then defaults. Run `twinbridge emulator` for a local ADT to try any command against.

Exit codes: 0 success, 1 failure, 2 usage or configuration error, 130 interrupted.";

/// twinbridge: wire IoT devices into Azure Digital Twins from one binary.
///
/// Replaces the "Azure Digital Twins and IoT Hub provisioning integration" sample (three Azure
/// Functions and a Node.js simulator): allocate devices through DPS, sync telemetry and device
/// lifecycle into ADT, simulate fleets, manage DTDL models, inspect twins, and run a local
/// emulator of the Azure services it uses.
#[derive(Debug, Parser)]
#[command(name = "twinbridge", version, after_help = AFTER_HELP, max_term_width = 100, arg_required_else_help = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The command (optional only with --show-settings).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options every command accepts.
#[derive(Debug, Args, Clone, Default)]
pub struct GlobalArgs {
    /// Config file to read instead of $XDG_CONFIG_HOME/twinbridge/config.toml.
    #[arg(long, global = true, env = "TWINBRIDGE_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Named profile from the config file ([profiles.NAME]) layered over its top-level settings.
    #[arg(long, global = true, env = "TWINBRIDGE_PROFILE", value_name = "NAME")]
    pub profile: Option<String>,

    /// Azure Digital Twins instance URL, e.g. https://myinstance.api.weu.digitaltwins.azure.net
    /// (also read from the sample's ADT_SERVICE_URL / AdtInstanceUrl).
    #[arg(long, global = true, env = "TWINBRIDGE_ADT_URL", value_name = "URL")]
    pub adt_url: Option<String>,

    /// ADT data-plane api-version [default: 2023-10-31].
    #[arg(
        long,
        global = true,
        env = "TWINBRIDGE_ADT_API_VERSION",
        value_name = "VERSION"
    )]
    pub adt_api_version: Option<String>,

    /// How to get Entra ID tokens [default: auto]. `auto` tries client secret (AZURE_TENANT_ID,
    /// AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity (where its
    /// environment is present), then the Azure CLI / Azure Developer CLI; it uses no credential
    /// for an http:// loopback URL (the emulator).
    #[arg(
        long,
        global = true,
        env = "TWINBRIDGE_AUTH",
        value_enum,
        value_name = "MODE"
    )]
    pub auth: Option<AuthMode>,

    /// Output format: `table` for people, `json` for scripts [default: table].
    #[arg(
        long,
        global = true,
        env = "TWINBRIDGE_FORMAT",
        value_enum,
        value_name = "FORMAT"
    )]
    pub format: Option<Format>,

    /// When to use colours [default: auto: a terminal, NO_COLOR unset and TERM not dumb].
    #[arg(
        long,
        global = true,
        env = "TWINBRIDGE_COLOR",
        value_enum,
        value_name = "WHEN"
    )]
    pub color: Option<ColorChoice>,

    /// Log lines on stderr as `text` for people or `json` (one object a line: timestamp, level,
    /// target, message and fields) for journald, Container Apps, Loki [default: text].
    #[arg(
        long,
        global = true,
        env = "TWINBRIDGE_LOG_FORMAT",
        value_enum,
        value_name = "FORMAT"
    )]
    pub log_format: Option<LogFormat>,

    /// Timeout for one request to a service [default: 30s].
    #[arg(
        long,
        global = true,
        env = "TWINBRIDGE_TIMEOUT",
        value_name = "DURATION"
    )]
    pub timeout: Option<humantime::Duration>,

    /// Retries of a throttled (429), unavailable (503) or failed-to-connect request [default: 8].
    #[arg(long, global = true, env = "TWINBRIDGE_MAX_RETRIES", value_name = "N")]
    pub max_retries: Option<u32>,

    /// Requests in flight at once per service client [default: 16].
    #[arg(long, global = true, env = "TWINBRIDGE_CONCURRENCY", value_name = "N")]
    pub concurrency: Option<usize>,

    /// Let credentials travel over plain HTTP or AMQP to a host that is not loopback: an
    /// http:// ADT URL or blob checkpoint store, UseDevelopmentEmulator=true in an Event Hubs
    /// connection string for a remote host. Refused without it (exit 2); loopback (127.0.0.0/8,
    /// ::1, localhost) is always allowed.
    #[arg(
        long,
        global = true,
        env = "TWINBRIDGE_ALLOW_INSECURE_TRANSPORT",
        value_parser = clap::builder::BoolishValueParser::new(),
        action = clap::ArgAction::SetTrue
    )]
    pub allow_insecure_transport: bool,

    /// Print only data and errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// More log output on stderr: -v debug, -vv trace (RUST_LOG overrides).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Print the resolved settings (secrets redacted) with where each came from, then exit.
    #[arg(long, global = true, hide = true)]
    pub show_settings: bool,
}

/// How credentials for Azure are obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AuthMode {
    /// Client secret, workload identity, managed identity, then developer tools.
    Auto,
    /// Azure CLI (`az login`) or Azure Developer CLI (`azd auth login`).
    Cli,
    /// The managed identity of the VM, App Service, Container App or Arc machine.
    ManagedIdentity,
    /// Kubernetes workload identity (AZURE_FEDERATED_TOKEN_FILE).
    WorkloadIdentity,
    /// A service principal: AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET.
    ClientSecret,
    /// No credential (the local emulator): a placeholder bearer token is sent.
    None,
}

/// Output format of data on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    Table,
    Json,
}

/// Format of log lines on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LogFormat {
    Text,
    Json,
}

/// Colour choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the sample's whole flow locally and check it: emulator, models, DPS allocation,
    /// telemetry and lifecycle pipelines, simulated devices. Start here.
    ///
    /// Exits 0 only if every check passes; `--format json` prints the report.
    Demo(DemoArgs),
    /// Answer DPS custom-allocation requests: find or create the device's twin, pick the hub.
    ///
    /// `allocate serve` is the webhook DPS calls (replacing the sample's Azure Function);
    /// `allocate --request FILE` runs one AllocationRequest and prints the response.
    Allocate(Box<AllocateArgs>),
    /// Map device telemetry from Event Hubs onto twin properties (coalesced per twin).
    SyncTelemetry(SyncTelemetryArgs),
    /// Keep ADT in step with the device registry: remove a deleted device's twin.
    WatchLifecycle(WatchLifecycleArgs),
    /// Provision simulated devices through DPS and send telemetry, from one to thousands.
    SimulateDevice(SimulateDeviceArgs),
    /// Upload, validate, list and delete DTDL models.
    #[command(subcommand)]
    Models(ModelsCommand),
    /// Inspect and delete digital twins: show, list, query, delete.
    #[command(subcommand)]
    Twins(TwinsCommand),
    /// The IoT Hub device registry: list, show, delete devices (with an IoT Hub connection string).
    #[command(subcommand)]
    Devices(DevicesCommand),
    /// Device-to-twin mappings: each device's twin, model and last update, with what is wrong.
    ///
    /// Joins the IoT Hub registry (tags dtId/dtmi) with ADT. Exit code 0 when every shown row is
    /// ok, 1 when problems are shown (for cron and scripts). --fix repairs missing twins and tags.
    Mappings(MappingsArgs),
    /// Run the local emulator of Azure Digital Twins, DPS and IoT Hub on loopback.
    ///
    /// Prints its endpoints (one JSON document with --format json), then serves until Ctrl-C.
    /// Point twinbridge at it with `--adt-url` or TWINBRIDGE_ADT_URL; devices use
    /// `--dps-endpoint localhost:8883 --ca-cert <the CA file it writes>`.
    Emulator(EmulatorArgs),
    /// Print a shell completion script to stdout.
    ///
    /// Example: `twinbridge completions bash > ~/.local/share/bash-completion/completions/twinbridge`
    Completions(CompletionsArgs),
}

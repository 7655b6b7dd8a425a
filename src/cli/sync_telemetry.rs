//! `twinbridge sync-telemetry` arguments.
use super::SourceArgs;
use clap::Args;
use std::path::PathBuf;

/// Options of `sync-telemetry`.
#[derive(Debug, Args)]
pub struct SyncTelemetryArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    #[command(flatten)]
    pub service: super::ServiceArgs,
    /// Where each event's twin id comes from, first present wins: property:NAME (an
    /// application property / enrichment), system:NAME, body:/json/pointer, device-id.
    #[arg(long, value_name = "LIST", default_value = "property:dtId,device-id")]
    pub twin_id_from: String,
    /// Map only this body field onto the twin property of the same name with a JSON Patch
    /// `replace` (repeatable). `--property Temperature` reproduces the sample exactly.
    #[arg(long, value_name = "NAME", conflicts_with = "mapping")]
    pub property: Vec<String>,
    /// A TOML mapping file: per-model rules (body JSON pointer -> twin path, scale, offset,
    /// source time). See examples/mapping.toml.
    #[arg(long, value_name = "FILE")]
    pub mapping: Option<PathBuf>,
    /// With the default mapping, write this time as `$metadata/<prop>/sourceTime`: `none`,
    /// `enqueued` (the event's enqueued time) or a JSON pointer into the body [default: none].
    #[arg(long, value_name = "SOURCE")]
    pub source_time: Option<String>,
    /// Collect updates this long and send one PATCH per twin with the latest value of each
    /// property [default: 1s]. 0 sends each event's patch at once (the sample's way).
    #[arg(long, value_name = "DURATION", env = "TWINBRIDGE_FLUSH_INTERVAL")]
    pub flush_interval: Option<humantime::Duration>,
}

//! `twinbridge watch-lifecycle` arguments.
use super::SourceArgs;
use clap::{Args, ValueEnum};

/// What to do with a deleted device's twin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnDeleteArg {
    /// Delete its relationships (both ways), then the twin.
    Delete,
    /// Delete its relationships, keep the twin, set --detach-set on it.
    Detach,
    /// Only report.
    Log,
}

/// What to do when a device is created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnCreateArg {
    Ignore,
    /// Create the twin from the body's tags.dtmi when it is missing (devices created outside DPS).
    EnsureTwin,
}

/// Options of `watch-lifecycle`.
#[derive(Debug, Args)]
pub struct WatchLifecycleArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    #[command(flatten)]
    pub service: super::ServiceArgs,
    /// Action on deleteDeviceIdentity [default: delete].
    #[arg(long, value_enum, value_name = "ACTION", default_value = "delete")]
    pub on_delete: OnDeleteArg,
    /// With --on-delete detach: the property to set, as PATH=JSON.
    #[arg(
        long,
        value_name = "PATH=JSON",
        default_value = "/deviceStatus=\"deleted\""
    )]
    pub detach_set: String,
    /// Only touch twins of these models: an exact DTMI, a prefix ending in * (e.g.
    /// 'dtmi:contosocom:DigitalTwins:Thermostat;*'), or '*' for every model. Repeatable and
    /// required: a lifecycle stream must never delete a Space because a device shared its id.
    #[arg(long, value_name = "PATTERN")]
    pub allow_model: Vec<String>,
    /// Action on createDeviceIdentity [default: ignore].
    #[arg(long, value_enum, value_name = "ACTION", default_value = "ignore")]
    pub on_create: OnCreateArg,
    /// Also act on module lifecycle events (ignored by default). A module's twin is the
    /// `tags.dtId` of its module twin; a module without one is skipped, never mapped to its
    /// device's twin.
    #[arg(long)]
    pub modules: bool,
    /// Print what would be deleted or patched; touch nothing, checkpoint nothing.
    #[arg(long)]
    pub dry_run: bool,
}

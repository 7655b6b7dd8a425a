//! `twinbridge mappings` arguments.
use super::HubConnArgs;
use clap::{Args, ValueEnum};

/// A status `--status` selects (same names as the JSON `status` field).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MappingStatus {
    /// Tags dtId/dtmi set, the twin exists with the tagged model.
    Ok,
    /// Tag dtId set, but ADT has no such twin.
    TwinMissing,
    /// The device's dtmi tag differs from the twin's model.
    ModelMismatch,
    /// The device has no dtId tag.
    NoDtidTag,
    /// The twin exists but the device has no dtmi tag.
    NoDtmiTag,
    /// A twin of a device model that no device points at (with --orphans).
    Orphan,
}

#[derive(Debug, Args)]
pub struct MappingsArgs {
    #[command(flatten)]
    pub conn: HubConnArgs,
    /// Also list twins of the devices' models that no device points at.
    #[arg(long)]
    pub orphans: bool,
    /// Only rows with this status (repeatable, or comma-separated).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "STATUS")]
    pub status: Vec<MappingStatus>,
    /// Only devices whose dtmi tag or twin model is this DTMI.
    #[arg(long, value_name = "DTMI")]
    pub model: Option<String>,
    /// Only devices whose id matches this glob (`*` any run, `?` one character); orphan twins
    /// are matched by their twin id.
    #[arg(long, value_name = "GLOB")]
    pub device: Option<String>,
    /// Repair what is safe to repair among the shown rows: create missing twins (model from the
    /// device's dtmi tag, id from its dtId tag) and set missing dtId/dtmi tags. A model mismatch
    /// is reported, never fixed automatically.
    #[arg(long)]
    pub fix: bool,
    /// With --fix: print what would change, change nothing.
    #[arg(long, requires = "fix")]
    pub dry_run: bool,
    /// With --fix: do not ask for confirmation (required when not on a terminal).
    #[arg(long, short = 'y', requires = "fix")]
    pub yes: bool,
}

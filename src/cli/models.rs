//! `twinbridge models` arguments.
use super::PendingArgs;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum ModelsCommand {
    /// Upload DTDL models in dependency order, only those not already in the instance.
    Upload(PendingArgs),
    /// Validate DTDL v2/v3 model files without uploading them.
    Validate(PendingArgs),
    /// List the models in the instance.
    List(PendingArgs),
    /// Delete (or decommission) models from the instance.
    Delete(PendingArgs),
}

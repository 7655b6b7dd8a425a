//! `twinbridge models` arguments.
use clap::{Args, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum ModelsCommand {
    /// Upload DTDL models in dependency order, only those not already in the instance.
    ///
    /// Parses every model (DTDL v2 and v3) and reports every problem with file and JSON
    /// pointer; compares with the instance (new / unchanged / conflicting); uploads only the new
    /// ones in batches of at most 250. Exits 0 only if nothing failed and nothing conflicts.
    ///
    /// Example: twinbridge models upload models/ --dry-run
    Upload(ModelsUploadArgs),
    /// Validate DTDL v2/v3 model files (parsed together as one set) without uploading them.
    ///
    /// Every error is reported with file, JSON pointer and model; exit 0 only if all are valid.
    Validate(ModelsValidateArgs),
    /// List the models in the instance.
    List(ModelsListArgs),
    /// Delete models (dependents first), or decommission those twins still use.
    Delete(ModelsDeleteArgs),
}

/// Options of `models upload`.
#[derive(Debug, Args)]
pub struct ModelsUploadArgs {
    /// Model files, directories (searched recursively for *.json and *.dtdl) or glob patterns
    /// ("models/**/*.json"). A file holds one model or an array of models.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Stop after comparing with the instance and print the plan; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Models per create call (ADT allows at most 250).
    #[arg(long, value_name = "N", default_value_t = 250, value_parser = clap::value_parser!(u16).range(1..=250))]
    pub batch_size: u16,
    /// Refuse to upload anything when a model conflicts with the instance; with `=false`,
    /// upload the rest and report the conflicts.
    #[arg(long, value_name = "BOOL", default_value_t = true, num_args = 0..=1, default_missing_value = "true", action = clap::ArgAction::Set)]
    pub fail_on_conflict: bool,
    /// Upload everything that does not depend on an invalid model (default: nothing when any
    /// model is invalid).
    #[arg(long)]
    pub partial: bool,
    /// For conflicting models that no twin uses: delete them from the instance and upload the
    /// new definitions (with the models that depend on them). Requires --yes.
    #[arg(long)]
    pub replace_conflicting: bool,
    /// Confirm --replace-conflicting.
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Accept undefined extension contexts (the suite's AllowUndefinedExtensions).
    #[arg(long)]
    pub allow_undefined_extensions: bool,
}

/// Options of `models validate`.
#[derive(Debug, Args)]
pub struct ModelsValidateArgs {
    /// Model files, directories or glob patterns, validated together as one model set.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Accept undefined extension contexts (default: reject them, as ADT's parser does).
    #[arg(long)]
    pub allow_undefined_extensions: bool,
}

/// Options of `models list`.
#[derive(Debug, Args)]
pub struct ModelsListArgs {
    /// Only these models and what they depend on (repeatable).
    #[arg(long, value_name = "DTMI")]
    pub dependencies_for: Vec<String>,
    /// Include each model's definition (JSON output).
    #[arg(long)]
    pub definitions: bool,
}

/// Options of `models delete`.
#[derive(Debug, Args)]
pub struct ModelsDeleteArgs {
    /// The models to delete.
    #[arg(
        value_name = "DTMI",
        required_unless_present = "all",
        conflicts_with = "all"
    )]
    pub ids: Vec<String>,
    /// Delete every model in the instance.
    #[arg(long)]
    pub all: bool,
    /// Decommission (instead of refusing) models that twins still use.
    #[arg(long)]
    pub decommission: bool,
    /// Print what would be deleted; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask for confirmation (required when not on a terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
}

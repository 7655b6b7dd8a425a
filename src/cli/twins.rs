//! `twinbridge twins` arguments.
use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum TwinsCommand {
    /// Show one twin: properties with update times, model, etag, relationships both ways.
    Show(TwinShowArgs),
    /// List twins, optionally of one model (including models that extend it) or matching a filter.
    List(TwinListArgs),
    /// Run an ADT query and print every result (all pages).
    ///
    /// Example: twinbridge twins query "SELECT * FROM digitaltwins T WHERE T.Temperature > 30"
    Query(TwinQueryArgs),
    /// Delete a twin; with --with-relationships, its relationships (both ways) first.
    Delete(TwinDeleteArgs),
}

#[derive(Debug, Args)]
pub struct TwinShowArgs {
    /// The twin id ($dtId).
    pub id: String,
}

#[derive(Debug, Args)]
pub struct TwinListArgs {
    /// Only twins of this model or of models that extend it (IS_OF_MODEL).
    #[arg(long, value_name = "DTMI")]
    pub model: Option<String>,
    /// An extra ADT query condition on twin T, e.g. "T.Temperature > 30".
    #[arg(long = "where", value_name = "CONDITION")]
    pub condition: Option<String>,
    /// Stop after this many twins.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

#[derive(Debug, Args)]
pub struct TwinQueryArgs {
    /// The query, e.g. "SELECT * FROM digitaltwins WHERE IS_OF_MODEL('dtmi:example:Room;1')".
    pub query: String,
    /// Stop after this many results.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Results per page requested from ADT (max-items-per-page).
    #[arg(long, value_name = "N")]
    pub page_size: Option<u32>,
}

#[derive(Debug, Args)]
pub struct TwinDeleteArgs {
    /// The twin id ($dtId).
    pub id: String,
    /// Delete the twin's outgoing and incoming relationships first (ADT refuses otherwise).
    #[arg(long)]
    pub with_relationships: bool,
    /// Do not ask for confirmation (required when not on a terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
}

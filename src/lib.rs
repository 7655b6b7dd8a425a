//! twinbridge: one binary for Azure IoT fleets on Azure Digital Twins.
//!
//! The library holds everything; `main.rs` only parses and calls [`run`]. Core modules (`adt`,
//! `dtdl`, `emulator`, `retry`, `sas`) do no printing and read no environment; `commands` resolves
//! settings, calls the core and renders through `output`.
pub mod adt;
pub mod auth;
pub mod cli;
pub mod commands;
pub mod demo;
pub mod dps;
pub mod dtdl;
pub mod emulator;
pub mod error;
pub mod events;
pub mod gate;
pub mod hub;
pub mod lifecycle;
pub mod mappings;
pub mod metrics;
pub mod models;
pub mod output;
pub mod report;
pub mod retry;
pub mod sas;
pub mod secret;
pub mod service;
pub mod settings;
pub mod simulate;
pub mod sync;

pub use error::{Exit, UsageError};

/// Run one parsed command line to completion.
pub async fn run(cli: cli::Cli) -> color_eyre::Result<Exit> {
    commands::dispatch(cli).await
}

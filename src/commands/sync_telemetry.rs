//! `twinbridge sync-telemetry` (delivered by a later build).
use super::Ctx;
use crate::cli::SyncTelemetryArgs;
use crate::error::Exit;
use color_eyre::eyre::Result;

pub async fn run(_args: SyncTelemetryArgs, _ctx: &Ctx) -> Result<Exit> {
    super::pending::run("sync-telemetry")
}

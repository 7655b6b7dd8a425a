//! `twinbridge watch-lifecycle` (delivered by a later build).
use super::Ctx;
use crate::cli::WatchLifecycleArgs;
use crate::error::Exit;
use color_eyre::eyre::Result;

pub async fn run(_args: WatchLifecycleArgs, _ctx: &Ctx) -> Result<Exit> {
    super::pending::run("watch-lifecycle")
}

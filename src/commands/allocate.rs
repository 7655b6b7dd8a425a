//! `twinbridge allocate` (delivered by a later build).
use super::Ctx;
use crate::cli::AllocateArgs;
use crate::error::Exit;
use color_eyre::eyre::Result;

pub async fn run(_args: AllocateArgs, _ctx: &Ctx) -> Result<Exit> {
    super::pending::run("allocate")
}

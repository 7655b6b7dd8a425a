//! `twinbridge simulate-device` (delivered by a later build).
use super::Ctx;
use crate::cli::SimulateDeviceArgs;
use crate::error::Exit;
use color_eyre::eyre::Result;

pub async fn run(_args: SimulateDeviceArgs, _ctx: &Ctx) -> Result<Exit> {
    super::pending::run("simulate-device")
}

//! `twinbridge models upload|validate|list|delete`.
use super::Ctx;
use crate::cli::ModelsCommand;
use crate::error::Exit;
use color_eyre::eyre::Result;

pub async fn run(cmd: ModelsCommand, _ctx: &Ctx) -> Result<Exit> {
    match cmd {
        ModelsCommand::Upload(_) => super::pending::run("models upload"),
        ModelsCommand::Validate(_) => super::pending::run("models validate"),
        ModelsCommand::List(_) => super::pending::run("models list"),
        ModelsCommand::Delete(_) => super::pending::run("models delete"),
    }
}

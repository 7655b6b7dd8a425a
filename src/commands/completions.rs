//! `twinbridge completions SHELL`: the completion script on stdout.
use super::Ctx;
use crate::cli::{Cli, CompletionsArgs};
use crate::error::Exit;
use clap::CommandFactory;
use color_eyre::eyre::Result;

/// The completion script for `shell` (also used by the staleness test).
pub fn script(shell: clap_complete::Shell) -> String {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "twinbridge", &mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

pub fn run(args: CompletionsArgs, ctx: &Ctx) -> Result<Exit> {
    ctx.printer.out(&script(args.shell))?;
    Ok(Exit::Success)
}

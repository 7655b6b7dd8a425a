//! Commands that a later build delivers: a clear message and exit code 2.
use crate::error::{Exit, UsageError};
use color_eyre::eyre::Result;

pub fn run(name: &str) -> Result<Exit> {
    Err(UsageError::new(format!(
        "`twinbridge {name}` is not yet available in this build"
    ))
    .with_hint("see README.md for what this build can do; `twinbridge --help` lists the commands")
    .into())
}

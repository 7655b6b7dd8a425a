//! The `twinbridge` binary: install the error hook, parse, build the runtime, run, map the exit code.
use clap::Parser;
use std::process::ExitCode;
use twinbridge::{Exit, cli::Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    twinbridge::output::install_error_hook(cli.global.verbose, cli.global.color);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(err) => {
            eprintln!("error: could not start the async runtime: {err}");
            return ExitCode::from(Exit::Failure as u8);
        }
    };
    let result = runtime.block_on(twinbridge::run(cli));
    // Do not wait for stray blocking tasks (e.g. a pending prompt) once we have an answer.
    runtime.shutdown_timeout(std::time::Duration::from_millis(200));
    match result {
        Ok(exit) => ExitCode::from(exit as u8),
        Err(report) => ExitCode::from(twinbridge::output::report_error(report) as u8),
    }
}

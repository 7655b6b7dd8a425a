//! tracing to stderr: quiet by default (warnings), -v debug, -vv trace; RUST_LOG overrides.
use tracing_subscriber::EnvFilter;

/// Install the global subscriber once.
pub fn init_logging(verbose: u8, quiet: bool, access_log: bool) {
    let default = match (quiet, verbose) {
        (true, _) => "off,twinbridge=error",
        // Other crates' warnings (e.g. the AMQP client's recoverable reconnects) are noise
        // for people; -v shows them.
        (false, 0) if access_log => "off,twinbridge=warn,twinbridge::access=info",
        (false, 0) => "off,twinbridge=warn",
        (false, 1) => "twinbridge=debug,info",
        (false, _) => "twinbridge=trace,debug",
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(verbose > 0)
        .try_init();
}

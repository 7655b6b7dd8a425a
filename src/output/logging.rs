//! tracing to stderr: quiet by default (warnings), -v debug, -vv trace; RUST_LOG overrides.
//! `--log-format text` for people (colour only on a colour terminal), `json` for collectors:
//! one object a line with timestamp, level, target, message and the event's fields.
use crate::cli::{ColorChoice, LogFormat};
use crate::settings::OutputSettings;
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use tracing_subscriber::EnvFilter;

/// Set once JSON logs are chosen: stderr messages outside tracing follow the same format.
static JSON_LOGS: AtomicBool = AtomicBool::new(false);

/// Whether stderr carries JSON log lines (`--log-format json`).
pub fn json_logs() -> bool {
    JSON_LOGS.load(Ordering::Relaxed)
}

/// Whether colour codes may go to stderr: a terminal, colour allowed by `--color` and the
/// environment (NO_COLOR, TERM=dumb).
pub fn stderr_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => std::io::stderr().is_terminal() && super::color_allowed_by_env(),
    }
}

/// The default filter for a verbosity.
fn default_filter(verbose: u8, quiet: bool, access_log: bool) -> &'static str {
    match (quiet, verbose) {
        (true, _) => "off,twinbridge=error",
        // Other crates' warnings (e.g. the AMQP client's recoverable reconnects) are noise
        // for people; -v shows them.
        (false, 0) if access_log => "off,twinbridge=warn,twinbridge::access=info",
        (false, 0) => "off,twinbridge=warn",
        (false, 1) => "twinbridge=debug,info",
        (false, _) => "twinbridge=trace,debug",
    }
}

/// Install the global subscriber once.
pub fn init_logging(o: &OutputSettings, access_log: bool) {
    let default = default_filter(o.verbose, o.quiet, access_log);
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    match o.log_format {
        LogFormat::Json => {
            JSON_LOGS.store(true, Ordering::Relaxed);
            let _ = tracing_subscriber::fmt()
                .json()
                .flatten_event(true)
                .with_current_span(false)
                .with_span_list(false)
                .with_target(true)
                .with_ansi(false)
                .with_env_filter(filter)
                .with_writer(std::io::stderr)
                .try_init();
        }
        LogFormat::Text => {
            let _ = tracing_subscriber::fmt()
                .with_env_filter(filter)
                .with_writer(std::io::stderr)
                .with_target(o.verbose > 0)
                .with_ansi(stderr_color(o.color))
                .try_init();
        }
    }
}

/// One JSON log line for a message that does not come through tracing (the printer's notes
/// and warnings, the final error), in the shape the JSON subscriber writes.
pub fn json_line(level: &str, message: &str) -> String {
    let now = time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    serde_json::json!({
        "timestamp": now,
        "level": level,
        "message": message,
        "target": "twinbridge",
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn json_lines_carry_level_and_message() {
        let v: serde_json::Value =
            serde_json::from_str(&super::json_line("WARN", "a \"quoted\"\nline")).unwrap();
        assert_eq!(v["level"], "WARN");
        assert_eq!(v["message"], "a \"quoted\"\nline");
        assert!(v["timestamp"].as_str().unwrap().contains('T'));
    }
}

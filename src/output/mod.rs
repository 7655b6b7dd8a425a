//! Rendering: stdout carries data only (tables or JSON); logs, progress, prompts, warnings and
//! errors go to stderr. Also the error hook and the mapping of errors to exit codes.
mod live;
mod logging;
mod progress;
mod table;

pub use live::LiveBlock;
pub use logging::{init_logging, json_logs, stderr_color};
pub use progress::ProgressReporter;
pub use table::{new_table, sanitize};

use crate::cli::{ColorChoice, Format};
use crate::error::{BrokenPipe, Exit, Interrupted, UsageError};
use crate::settings::OutputSettings;
use color_eyre::eyre::Result;
use std::io::{IsTerminal, Write};

/// Version of the JSON documents twinbridge prints; bumped on incompatible changes.
pub const SCHEMA_VERSION: u32 = 1;

/// Writes data to stdout and messages to stderr according to the output settings.
#[derive(Debug, Clone)]
pub struct Printer {
    pub format: Format,
    pub color: bool,
    pub quiet: bool,
    pub stdout_tty: bool,
    pub stderr_tty: bool,
    /// Colour codes allowed on stderr (terminal, --color, NO_COLOR).
    pub stderr_color: bool,
}

impl Printer {
    pub fn new(o: &OutputSettings) -> Self {
        let stdout_tty = std::io::stdout().is_terminal();
        let stderr_tty = std::io::stderr().is_terminal();
        let color = match o.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => stdout_tty && color_allowed_by_env(),
        };
        Self {
            format: o.format,
            color,
            quiet: o.quiet,
            stdout_tty,
            stderr_tty,
            stderr_color: stderr_color(o.color),
        }
    }

    pub fn is_json(&self) -> bool {
        self.format == Format::Json
    }

    /// Write raw text to stdout; a closed pipe becomes [`BrokenPipe`] (exit 0).
    pub fn out(&self, text: &str) -> Result<()> {
        let mut out = std::io::stdout().lock();
        let r = out.write_all(text.as_bytes()).and_then(|_| out.flush());
        match r {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(BrokenPipe.into()),
            Err(e) => Err(e.into()),
        }
    }

    /// One JSON document, pretty-printed, to stdout.
    pub fn json(&self, value: &serde_json::Value) -> Result<()> {
        let mut s = serde_json::to_string_pretty(value)?;
        s.push('\n');
        self.out(&s)
    }

    /// One compact JSON line to stdout (NDJSON streams, and documents scripts read by line).
    pub fn json_line(&self, value: &serde_json::Value) -> Result<()> {
        let mut s = serde_json::to_string(value)?;
        s.push('\n');
        self.out(&s)
    }

    /// A table to stdout.
    pub fn table(&self, table: &comfy_table::Table) -> Result<()> {
        self.out(&format!("{table}\n"))
    }

    /// An informational message on stderr (suppressed by -q).
    pub fn info(&self, msg: impl AsRef<str>) {
        if !self.quiet {
            if json_logs() {
                eprintln!("{}", logging::json_line("INFO", msg.as_ref()));
            } else {
                eprintln!("{}", msg.as_ref());
            }
        }
    }

    /// A warning on stderr (suppressed by -q).
    pub fn warn(&self, msg: impl AsRef<str>) {
        if !self.quiet {
            if json_logs() {
                eprintln!("{}", logging::json_line("WARN", msg.as_ref()));
            } else if self.stderr_color {
                eprintln!("\x1b[33mwarning:\x1b[0m {}", msg.as_ref());
            } else {
                eprintln!("warning: {}", msg.as_ref());
            }
        }
    }

    /// True when prompts may be shown: stdin and stderr are terminals.
    pub fn interactive(&self) -> bool {
        std::io::stdin().is_terminal() && self.stderr_tty
    }

    /// Whether live progress may be drawn: stderr a terminal, not quiet, not JSON, not CI.
    pub fn live_progress(&self) -> bool {
        self.stderr_tty && !self.quiet && !self.is_json() && std::env::var_os("CI").is_none()
    }

    /// A progress reporter for core work (indicatif on a TTY, milestone lines otherwise).
    pub fn progress(&self, what: &str) -> ProgressReporter {
        ProgressReporter::new(what, self.live_progress(), self.quiet || self.is_json())
    }

    /// Ask a yes/no question, or fail with a usage error naming `flag` when not interactive.
    pub fn confirm(&self, question: &str, flag: &str) -> Result<bool> {
        if !self.interactive() {
            return Err(UsageError::new(format!(
                "refusing to proceed without confirmation: {question}"
            ))
            .with_hint(format!("not on a terminal: pass {flag} to confirm"))
            .into());
        }
        Ok(dialoguer::Confirm::new()
            .with_prompt(question)
            .default(false)
            .interact()?)
    }
}

fn color_allowed_by_env() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::env::var("TERM").map(|t| t != "dumb").unwrap_or(true)
}

/// Install color-eyre's report handler (colours only where stderr is a colour terminal and
/// `--color` allows). Backtraces only at -vv: people need the cause and the remedy, not frames.
pub fn install_error_hook(verbose: u8, color: Option<ColorChoice>) {
    if verbose < 2 {
        // SAFETY: called at the start of main, before any other thread exists.
        unsafe { std::env::set_var("RUST_LIB_BACKTRACE", "0") };
    }
    let colored = stderr_color(color.unwrap_or(ColorChoice::Auto));
    let builder = color_eyre::config::HookBuilder::default().display_env_section(false);
    let builder = if colored {
        builder
    } else {
        builder.theme(color_eyre::config::Theme::new())
    };
    let _ = builder.install();
}

/// Print an error report to stderr and return its exit code.
pub fn report_error(report: color_eyre::Report) -> Exit {
    if report.downcast_ref::<BrokenPipe>().is_some() {
        return Exit::Success;
    }
    if report.downcast_ref::<Interrupted>().is_some() {
        eprintln!("interrupted");
        return Exit::Interrupted;
    }
    // Secrets are redacted where they enter a message; redact_text here is the last line of
    // defence for a library's error that quotes a connection string or a SAS URL.
    use crate::secret::redact_text;
    if json_logs() {
        let usage = report.downcast_ref::<UsageError>();
        let mut msg = match usage {
            Some(u) => u.message.clone(),
            None => format!("{report:#}"),
        };
        if let Some(hint) = usage.and_then(|u| u.hint.as_ref()) {
            msg.push_str("; hint: ");
            msg.push_str(hint);
        }
        eprintln!("{}", logging::json_line("ERROR", &redact_text(&msg)));
        return if usage.is_some() {
            Exit::Usage
        } else {
            Exit::Failure
        };
    }
    if let Some(usage) = report.downcast_ref::<UsageError>() {
        eprintln!("error: {}", redact_text(&usage.message));
        if let Some(hint) = &usage.hint {
            eprintln!("  hint: {}", redact_text(hint));
        }
        return Exit::Usage;
    }
    eprintln!("Error: {}", redact_text(&format!("{report:?}")));
    Exit::Failure
}

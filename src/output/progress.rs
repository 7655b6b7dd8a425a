//! A [`Reporter`] that draws indicatif progress on a terminal and prints milestones elsewhere.
use crate::report::Reporter;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::time::Duration;

/// Progress for one piece of long work.
pub struct ProgressReporter {
    bar: Option<ProgressBar>,
    silent: bool,
    what: String,
}

impl ProgressReporter {
    pub fn new(what: &str, live: bool, silent: bool) -> Self {
        let bar = live.then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("{spinner} {prefix}: {msg} [{elapsed}]")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.set_prefix(what.to_string());
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Self {
            bar,
            silent,
            what: what.to_string(),
        }
    }
}

impl Reporter for ProgressReporter {
    fn progress(&self, done: u64, total: Option<u64>, message: &str) {
        if let Some(bar) = &self.bar {
            match total {
                Some(t) => bar.set_message(format!("{done}/{t} {message}")),
                None => bar.set_message(format!("{done} {message}")),
            }
        }
    }

    fn milestone(&self, message: &str) {
        match &self.bar {
            Some(bar) => bar.println(message),
            None if !self.silent => eprintln!("{}: {message}", self.what),
            None => {}
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Drop for ProgressReporter {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

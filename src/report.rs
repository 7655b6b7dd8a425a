//! The `Reporter` trait through which core code reports progress without printing.
//!
//! The CLI implements it with indicatif (or plain lines off a TTY); tests use [`NoReporter`].

/// Progress sink for long work in the core.
pub trait Reporter: Send + Sync {
    /// `done` of `total` units (total unknown: `None`) with a short message.
    fn progress(&self, _done: u64, _total: Option<u64>, _message: &str) {}
    /// A milestone worth one line off a TTY.
    fn milestone(&self, _message: &str) {}
    /// Work finished; clear any live display.
    fn finish(&self) {}
}

/// A reporter that reports nothing.
pub struct NoReporter;

impl Reporter for NoReporter {}

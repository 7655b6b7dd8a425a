//! Readiness: what `/readyz` checks. A consumer is ready once it is connected to its source and
//! its first ownership round is done, and every command needs ADT reachable and not stopping.
use std::sync::atomic::{AtomicBool, Ordering};

/// The readiness conditions of one process.
#[derive(Debug, Default)]
pub struct Readiness {
    /// Conditions that apply (set once by the command that runs).
    needs_source: AtomicBool,
    source: AtomicBool,
    first_round: AtomicBool,
    stopping: AtomicBool,
}

impl Readiness {
    /// This process reads an event source: require a connection and a first ownership round.
    pub fn expect_source(&self) {
        self.needs_source.store(true, Ordering::Relaxed);
    }

    /// Connected to the event source.
    pub fn source_connected(&self) {
        self.source.store(true, Ordering::Relaxed);
    }

    /// The first ownership round finished (partitions claimed and readers started).
    pub fn first_round_done(&self) {
        self.first_round.store(true, Ordering::Relaxed);
    }

    /// A stop signal arrived: take no new work (load balancers should stop sending).
    pub fn stopping(&self) {
        self.stopping.store(true, Ordering::Relaxed);
    }

    /// Whether a stop signal arrived.
    pub fn is_stopping(&self) -> bool {
        self.stopping.load(Ordering::Relaxed)
    }

    /// Ready, or the reasons not to be; `adt` is why ADT is not reachable, if it is not.
    pub fn check(&self, adt: Option<String>) -> Result<(), Vec<String>> {
        let mut why = Vec::new();
        if self.stopping.load(Ordering::Relaxed) {
            why.push("shutting down".to_string());
        }
        if self.needs_source.load(Ordering::Relaxed) {
            if !self.source.load(Ordering::Relaxed) {
                why.push("not connected to the event source yet".into());
            } else if !self.first_round.load(Ordering::Relaxed) {
                why.push("first partition ownership round not done yet".into());
            }
        }
        why.extend(adt);
        if why.is_empty() { Ok(()) } else { Err(why) }
    }
}

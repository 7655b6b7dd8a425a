//! What the handlers of the shared pipeline report back: an event's effect is durable (done),
//! or the event goes to the dead-letter file (durable once synced, then done). The completion
//! tracker behind this decides how far checkpoints may go.
use super::Event;
use super::deadletter::DeadLetters;
use super::tracker::{CompletionTracker, Position};
use crate::metrics::Metrics;
use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// The position of an event (events from sources always carry one).
pub fn position(e: &Event) -> Position {
    Position {
        partition: e.partition.clone().unwrap_or_else(|| "0".into()),
        sequence_number: e.sequence_number.unwrap_or(-1),
        offset: e.offset.clone(),
    }
}

/// Shared completion state of one pipeline run.
pub struct Outcomes {
    pub tracker: Mutex<CompletionTracker>,
    dead: Mutex<Option<DeadLetters>>,
    dead_pending: Mutex<Vec<Position>>,
    pub dead_lettered: AtomicU64,
    pub done: AtomicU64,
    metrics: Option<Metrics>,
    /// Enqueued time (ms) of each delivered event not done yet, for the end-to-end lag.
    enqueued: Mutex<HashMap<(String, i64), i64>>,
}

/// The dead-letter file could not be written: the event is NOT done (it will be redelivered).
#[derive(Debug, thiserror::Error)]
#[error("cannot write the dead-letter file {path}: {source}")]
pub struct DeadLetterError {
    pub path: String,
    pub source: std::io::Error,
}

impl Outcomes {
    pub fn new(dead: Option<DeadLetters>) -> Self {
        Self {
            tracker: Mutex::new(CompletionTracker::new()),
            dead: Mutex::new(dead),
            dead_pending: Mutex::new(Vec::new()),
            dead_lettered: AtomicU64::new(0),
            done: AtomicU64::new(0),
            metrics: None,
            enqueued: Mutex::default(),
        }
    }

    /// Count received / applied / dead-lettered events and the end-to-end lag into `metrics`.
    pub fn with_metrics(mut self, metrics: Metrics) -> Self {
        self.metrics = Some(metrics);
        self
    }

    /// Events were handed to a handler.
    pub fn delivered(&self, events: &[Event]) {
        let mut t = self.tracker.lock().unwrap_or_else(|p| p.into_inner());
        for e in events {
            t.delivered(&position(e));
        }
        drop(t);
        if let Some(m) = &self.metrics {
            m.events_received(events.len());
            let mut q = self.enqueued.lock().unwrap_or_else(|p| p.into_inner());
            for e in events {
                let p = position(e);
                q.insert((p.partition, p.sequence_number), e.enqueued_ms());
            }
        }
    }

    /// The effect of these events is durable.
    pub fn done<'a>(&self, positions: impl IntoIterator<Item = &'a Position>) {
        self.complete(positions, true);
    }

    fn complete<'a>(&self, positions: impl IntoIterator<Item = &'a Position>, applied: bool) {
        let mut t = self.tracker.lock().unwrap_or_else(|p| p.into_inner());
        let mut q = self
            .metrics
            .as_ref()
            .map(|_| self.enqueued.lock().unwrap_or_else(|p| p.into_inner()));
        let now_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64);
        for p in positions {
            t.done(p);
            self.done.fetch_add(1, Ordering::Relaxed);
            if let (Some(m), Some(q)) = (&self.metrics, q.as_mut()) {
                let enq = q.remove(&(p.partition.clone(), p.sequence_number));
                if applied {
                    let lag = enq.filter(|ms| *ms > 0).map(|ms| {
                        std::time::Duration::from_millis(now_ms.saturating_sub(ms).max(0) as u64)
                    });
                    m.event_applied(lag);
                }
            }
        }
    }

    /// Write a dead letter; it counts as done after [`Outcomes::sync_dead_letters`].
    pub fn dead_letter(
        &self,
        event: &Event,
        reason: &str,
        stage: &str,
    ) -> Result<(), DeadLetterError> {
        let mut dead = self.dead.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(d) = dead.as_mut() {
            d.write(event, reason, stage)
                .map_err(|source| DeadLetterError {
                    path: d.path().display().to_string(),
                    source,
                })?;
        }
        tracing::info!(stage, reason, partition = ?event.partition, sequence = ?event.sequence_number, "dead-lettered an event");
        self.dead_lettered.fetch_add(1, Ordering::Relaxed);
        if let Some(m) = &self.metrics {
            m.event_dead_lettered(stage);
        }
        self.dead_pending
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(position(event));
        Ok(())
    }

    /// Sync the dead-letter file, then mark what it holds as done.
    pub fn sync_dead_letters(&self) -> Result<(), DeadLetterError> {
        let pending: Vec<Position> =
            std::mem::take(&mut *self.dead_pending.lock().unwrap_or_else(|p| p.into_inner()));
        if pending.is_empty() {
            return Ok(());
        }
        {
            let mut dead = self.dead.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(d) = dead.as_mut()
                && let Err(source) = d.sync()
            {
                let path = d.path().display().to_string();
                drop(dead);
                self.dead_pending
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .extend(pending);
                return Err(DeadLetterError { path, source });
            }
        }
        self.complete(pending.iter(), false);
        Ok(())
    }

    /// Path of the dead-letter file, if any.
    pub fn dead_letter_path(&self) -> Option<String> {
        self.dead
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            .map(|d| d.path().display().to_string())
    }
}

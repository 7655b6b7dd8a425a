//! Throttling and outage periods as a small state machine: the first failure starts a period,
//! the next success ends it with its duration, so a period is logged and counted once, not once
//! per failed request. Pure: the caller passes the time.
use std::time::{Duration, Instant};

/// What kind of trouble a period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutageKind {
    /// 429: the service answers, but asks us to slow down.
    Throttled,
    /// 5xx or no response at all.
    Unavailable,
}

impl OutageKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OutageKind::Throttled => "throttled",
            OutageKind::Unavailable => "unavailable",
        }
    }

    /// The kind a response status (None: no response) stands for, if it is a failure.
    pub fn of(status: Option<u16>) -> Option<Self> {
        match status {
            None | Some(500 | 502 | 503 | 504) => Some(OutageKind::Unavailable),
            Some(429) => Some(OutageKind::Throttled),
            Some(_) => None,
        }
    }
}

/// A change worth one log line and one count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transition {
    Started(OutageKind),
    Ended {
        /// The worst kind seen during the period.
        kind: OutageKind,
        duration: Duration,
        /// Failed requests during the period.
        failures: u64,
    },
}

/// The current period, if any.
#[derive(Debug, Default, Clone)]
pub struct OutageState {
    current: Option<(OutageKind, Instant, u64)>,
}

impl OutageState {
    /// A failed request of `kind` at `now`: Started when no period was open.
    pub fn failure(&mut self, kind: OutageKind, now: Instant) -> Option<Transition> {
        match &mut self.current {
            Some((k, _, n)) => {
                *n += 1;
                if kind == OutageKind::Unavailable {
                    *k = OutageKind::Unavailable;
                }
                None
            }
            None => {
                self.current = Some((kind, now, 1));
                Some(Transition::Started(kind))
            }
        }
    }

    /// A successful request at `now`: Ended when a period was open.
    pub fn success(&mut self, now: Instant) -> Option<Transition> {
        let (kind, since, failures) = self.current.take()?;
        Some(Transition::Ended {
            kind,
            duration: now.saturating_duration_since(since),
            failures,
        })
    }

    /// The open period: its worst kind and when it started.
    pub fn current(&self) -> Option<(OutageKind, Instant)> {
        self.current.map(|(k, s, _)| (k, s))
    }
}

//! Errors of the event sources (Event Hubs, NDJSON).
use std::path::PathBuf;

/// Why an event source could not be configured, opened or read.
#[derive(Debug, thiserror::Error)]
pub enum EventsError {
    /// Bad configuration: a malformed connection string, a missing hub name, ... (exit 2).
    #[error("{message}")]
    Config {
        message: String,
        /// How to fix it.
        hint: String,
    },
    /// The Event Hubs namespace could not be reached or refused us.
    #[error("cannot connect to Event Hubs {endpoint}: {message}")]
    Connect { endpoint: String, message: String },
    /// A management call ($management READ) failed.
    #[error("Event Hubs {hub}: {message}")]
    Management { hub: String, message: String },
    /// The hub has no such partition.
    #[error("event hub {hub:?} has no partition {partition:?} (it has {known:?})")]
    NoSuchPartition {
        hub: String,
        partition: String,
        known: Vec<String>,
    },
    /// The receiver of a partition stopped for good (it was closed, or failed permanently).
    #[error("receiver of partition {partition} stopped: {message}")]
    Receiver { partition: String, message: String },
    /// The service disconnected the receiver because another one attached to the partition
    /// and consumer group with an equal or higher owner level (epoch): the partition is
    /// someone else's now, so the receiver does not reconnect by itself.
    #[error("partition {partition} was taken by another receiver: {message}")]
    TakenOver { partition: String, message: String },
    /// Reading an NDJSON input failed.
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// One NDJSON line is not an event; the source goes on with the next line.
    #[error("{path} line {line}: {reason}")]
    BadLine {
        path: PathBuf,
        line: u64,
        reason: String,
        /// The raw line (for a dead-letter file).
        text: String,
    },
}

impl EventsError {
    pub(crate) fn config(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self::Config {
            message: message.into(),
            hint: hint.into(),
        }
    }

    /// True for configuration errors (the caller should exit 2 and show the hint).
    pub fn is_config(&self) -> bool {
        matches!(self, Self::Config { .. } | Self::NoSuchPartition { .. })
    }

    /// A remedy to show the user, when one is known.
    pub fn hint(&self) -> Option<&str> {
        match self {
            Self::Config { hint, .. } => Some(hint),
            Self::Connect { .. } => Some(
                "check the namespace and network (AMQP needs TCP 5671 outbound; behind a firewall use the WebSockets transport on 443); for the emulator use its connection string with UseDevelopmentEmulator=true",
            ),
            _ => None,
        }
    }
}

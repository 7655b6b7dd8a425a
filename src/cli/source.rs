//! Options shared by the two consumers (`sync-telemetry`, `watch-lifecycle`): where events come
//! from, where checkpoints go, how long to run.
use clap::{Args, ValueEnum};
use std::path::PathBuf;

/// Transport to Event Hubs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EventHubsTransport {
    /// AMQP over TCP 5671 (plain AMQP to an emulator with UseDevelopmentEmulator=true).
    Amqp,
    /// AMQP over WebSockets 443 (through firewalls and proxies).
    Websockets,
}

/// The event source and checkpointing.
#[derive(Debug, Args, Clone)]
pub struct SourceArgs {
    /// Event Hubs connection string (Endpoint=sb://...;SharedAccessKeyName=...;SharedAccessKey=...
    /// [;EntityPath=...][;UseDevelopmentEmulator=true]). Also TWINBRIDGE_EVENTHUB_CONNECTION_STRING
    /// or the sample's EVENTHUB_CONNECTIONSTRING; prefer the environment (keeps the key out of
    /// shell history).
    #[arg(long, value_name = "CS", conflicts_with_all = ["namespace", "from_file"])]
    pub connection_string: Option<String>,
    /// Event Hubs namespace for Entra ID auth (e.g. myns.servicebus.windows.net); uses --auth.
    #[arg(long, value_name = "FQDN", conflicts_with = "from_file")]
    pub namespace: Option<String>,
    /// Event hub name (when the connection string has no EntityPath).
    #[arg(long, value_name = "NAME")]
    pub eventhub: Option<String>,
    /// Consumer group [default: $Default].
    #[arg(long, value_name = "NAME", env = "TWINBRIDGE_CONSUMER_GROUP")]
    pub consumer_group: Option<String>,
    /// Transport [default: amqp].
    #[arg(long, value_enum, value_name = "TRANSPORT")]
    pub transport: Option<EventHubsTransport>,
    /// Where to start a partition that has no checkpoint: earliest, latest, or an RFC 3339
    /// enqueued time [default: earliest].
    #[arg(long, value_name = "POSITION")]
    pub start: Option<String>,
    /// Read NDJSON events from a file, or `-` for stdin, instead of Event Hubs (replays, cron,
    /// tests). The format is documented in docs/events.md.
    #[arg(long, value_name = "PATH")]
    pub from_file: Option<PathBuf>,
    /// Checkpoint store: `file:` (default, under $XDG_STATE_HOME/twinbridge/checkpoints),
    /// `file:PATH`, `blob:https://ACCOUNT.blob.core.windows.net/CONTAINER` (Entra ID, or a SAS in
    /// the URL), or a storage connection string. Processes sharing a store and consumer group
    /// split the partitions between them.
    #[arg(
        long,
        value_name = "SPEC",
        env = "TWINBRIDGE_CHECKPOINT_STORE",
        hide_env_values = true
    )]
    pub checkpoint_store: Option<String>,
    /// Storage account key for a `blob:` checkpoint store (Shared Key auth).
    #[arg(
        long,
        value_name = "KEY",
        env = "TWINBRIDGE_STORAGE_ACCOUNT_KEY",
        hide_env_values = true
    )]
    pub storage_account_key: Option<String>,
    /// This process's owner id in the checkpoint store [default: a random UUID]. Give each
    /// instance a stable id so that a restarted instance takes its partitions back at once
    /// instead of waiting for its old claims to expire.
    #[arg(long, value_name = "ID", env = "TWINBRIDGE_OWNER_ID")]
    pub owner_id: Option<String>,
    /// How long a partition claim lasts without renewal; a process that died loses its
    /// partitions to the others after this [default: 60s].
    #[arg(long, value_name = "DURATION")]
    pub ownership_expiry: Option<humantime::Duration>,
    /// Dead-letter file: events that cannot be applied, one NDJSON line each with the reason
    /// [default: $XDG_STATE_HOME/twinbridge/dead-letters/<command>.ndjson].
    #[arg(long, value_name = "PATH", env = "TWINBRIDGE_DEAD_LETTER")]
    pub dead_letter: Option<PathBuf>,
    /// Drain the backlog and exit (for cron): stop once no event arrived for this long and
    /// everything is applied [default when given without a value: 5s].
    #[arg(long, value_name = "DURATION", num_args = 0..=1, default_missing_value = "5s")]
    pub until_idle: Option<humantime::Duration>,
}

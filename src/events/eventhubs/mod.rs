//! The Event Hubs source: a consumer on `azure_messaging_eventhubs` that lists partitions, reads
//! their properties (for lag) and opens per-partition receivers that hand out batches of
//! [`Event`]s, reconnecting with backoff without losing or repeating a position. Network I/O
//! (AMQP) only; no printing, no environment.
//!
//! ```no_run
//! # async fn demo() -> Result<(), twinbridge::events::EventsError> {
//! use twinbridge::events::eventhubs::{EventHubsConfig, EventHubsSource, StartPosition};
//! let cfg = EventHubsConfig::from_connection_string("Endpoint=sb://...;EntityPath=deviceevents", None)?;
//! let source = EventHubsSource::connect(cfg).await?;
//! for id in source.partition_ids().await? {
//!     let mut rx = source.open_partition(&id, StartPosition::Earliest).await?;
//!     let batch = rx.next_batch(100, std::time::Duration::from_secs(1)).await?;
//!     # let _ = batch;
//! }
//! # Ok(()) }
//! ```
mod config;
mod convert;
mod receiver;

pub use config::{Backoff, DEFAULT_CONSUMER_GROUP, EventHubsAuth, EventHubsConfig, Transport};
/// The received-message decoder, for the `amqp_message` fuzz target (tests/fuzz).
#[doc(hidden)]
pub use convert::message_to_event;
pub use convert::{epoch_ms, rfc3339_ms};
pub use receiver::PartitionReceiver;

use crate::events::EventsError;
use azure_core_amqp::AmqpTransport;
use azure_messaging_eventhubs::{ConsumerClient, RetryOptions};
use std::time::{Duration, SystemTime};
use tokio::sync::Mutex;

/// Where a partition receiver starts when there is no checkpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartPosition {
    /// The oldest retained event.
    Earliest,
    /// Only events enqueued after the receiver opened (resolved to a sequence number at open,
    /// so a reconnect before the first event loses nothing).
    Latest,
    /// Events enqueued at or after this time.
    EnqueuedTime(SystemTime),
    /// Events after this sequence number (a checkpoint).
    AfterSequenceNumber(i64),
    /// Events after this offset (a checkpoint written by another SDK).
    AfterOffset(String),
}

/// A partition's state, for lag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartitionProperties {
    pub partition: String,
    pub begin_sequence_number: i64,
    /// -1 when the partition never had an event.
    pub last_enqueued_sequence_number: i64,
    pub last_enqueued_offset: String,
    pub last_enqueued_time: Option<SystemTime>,
    pub is_empty: bool,
}

impl PartitionProperties {
    /// Events enqueued after `processed` (the last sequence number handled; None = nothing yet).
    pub fn lag(&self, processed: Option<i64>) -> i64 {
        if self.is_empty {
            return 0;
        }
        let from = processed.unwrap_or(self.begin_sequence_number - 1);
        (self.last_enqueued_sequence_number - from).max(0)
    }
}

/// A connected Event Hub consumer (one consumer group).
pub struct EventHubsSource {
    cfg: EventHubsConfig,
    /// The connection used for management calls; reopened after a failure.
    mgmt: Mutex<Option<ConsumerClient>>,
}

/// Attempts at a management call (each on a fresh connection after a failure, with backoff):
/// the SDK's client loses a race on AMQP channel reuse now and then (crates.md section 2).
const MGMT_ATTEMPTS: u32 = 8;
/// How long opening a connection may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);
/// How long one management call may take.
const MGMT_TIMEOUT: Duration = Duration::from_secs(20);

fn sdk_retry(cfg: &EventHubsConfig, max_retries: u32) -> RetryOptions {
    let ms = |d: Duration| azure_core::time::Duration::milliseconds(d.as_millis() as i64);
    RetryOptions {
        initial_delay: ms(cfg.backoff.initial),
        max_delay: ms(cfg.backoff.max),
        max_retries,
        max_total_elapsed: azure_core::time::Duration::seconds(60),
    }
}

/// Open one AMQP connection. `max_retries` is the SDK's own retry count (0 for receivers:
/// twinbridge reconnects them itself, from the last delivered position).
pub(crate) async fn open_client(
    cfg: &EventHubsConfig,
    max_retries: u32,
) -> Result<ConsumerClient, EventsError> {
    let mut b = ConsumerClient::builder()
        .with_consumer_group(cfg.consumer_group.clone())
        .with_application_id("twinbridge".into())
        .with_retry_options(sdk_retry(cfg, max_retries))
        .with_transport(match cfg.transport {
            Transport::Amqp => AmqpTransport::Tcp,
            Transport::WebSockets => AmqpTransport::WebSocket,
        });
    if let Some(e) = &cfg.custom_endpoint {
        b = b.with_custom_endpoint(e.clone());
    }
    let open = async {
        match &cfg.auth {
            EventHubsAuth::ConnectionString(cs) => {
                b.open_with_connection_string(cs.expose(), Some(&cfg.hub))
                    .await
            }
            EventHubsAuth::Credential(c) => {
                b.open(&cfg.fully_qualified_namespace, cfg.hub.clone(), c.clone())
                    .await
            }
        }
    };
    let connect_error = |message: String| EventsError::Connect {
        endpoint: cfg.endpoint_display(),
        message,
    };
    match tokio::time::timeout(CONNECT_TIMEOUT, open).await {
        Ok(Ok(c)) => Ok(c),
        Ok(Err(e)) => Err(connect_error(first_line(&e.to_string()))),
        Err(_) => Err(connect_error(format!(
            "no answer within {CONNECT_TIMEOUT:?}"
        ))),
    }
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or(s).to_string()
}

/// Close a client without waiting long on a dead connection.
pub(crate) async fn close_quietly(client: ConsumerClient) {
    let _ = tokio::time::timeout(Duration::from_secs(2), client.close()).await;
}

/// Drops the management connection unless the call on it ran to completion.
struct InFlight<'a> {
    slot: &'a mut Option<ConsumerClient>,
    armed: bool,
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        if self.armed {
            self.slot.take();
        }
    }
}

impl EventHubsSource {
    /// Connect and check that the hub exists. The first connect is retried with backoff (the
    /// SDK's client can lose a race on AMQP channel reuse right after opening).
    pub async fn connect(cfg: EventHubsConfig) -> Result<Self, EventsError> {
        let source = Self {
            cfg,
            mgmt: Mutex::new(None),
        };
        let mut delay = source.cfg.backoff.initial;
        let mut attempt = 0;
        loop {
            attempt += 1;
            match source.partition_ids().await {
                Ok(_) => return Ok(source),
                Err(e) if attempt >= source.cfg.backoff.connect_attempts.max(1) => return Err(e),
                Err(e) => {
                    tracing::debug!("event hubs connect attempt {attempt} failed: {e}");
                    tokio::time::sleep(delay).await;
                    delay = (delay * 2).min(source.cfg.backoff.max);
                }
            }
        }
    }

    pub fn fully_qualified_namespace(&self) -> &str {
        &self.cfg.fully_qualified_namespace
    }

    pub fn hub(&self) -> &str {
        &self.cfg.hub
    }

    pub fn consumer_group(&self) -> &str {
        &self.cfg.consumer_group
    }

    pub fn config(&self) -> &EventHubsConfig {
        &self.cfg
    }

    /// Run a management call on the shared connection, reopening it once if it failed.
    async fn with_mgmt<T, F>(&self, call: F) -> Result<T, EventsError>
    where
        F: for<'a> Fn(
            &'a ConsumerClient,
        )
            -> futures::future::BoxFuture<'a, azure_messaging_eventhubs::Result<T>>,
    {
        let mut slot = self.mgmt.lock().await;
        let mut last = String::new();
        let mut delay = self.cfg.backoff.initial;
        for attempt in 0..MGMT_ATTEMPTS {
            if attempt > 0 {
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(self.cfg.backoff.max);
            }
            if slot.is_none() {
                match open_client(&self.cfg, 1).await {
                    Ok(c) => *slot = Some(c),
                    Err(e) => {
                        last = e.to_string();
                        continue;
                    }
                }
            }
            // The SDK's management call has no deadline of its own. Its link takes the next
            // answer as the answer to the current request, so a call abandoned mid-flight (our
            // caller dropped this future: a timeout, a stop signal) poisons the connection: the
            // guard then drops it, and the next call opens a fresh one.
            let mut guard = InFlight {
                slot: &mut slot,
                armed: true,
            };
            let outcome = match guard.slot.as_ref() {
                Some(client) => tokio::time::timeout(MGMT_TIMEOUT, call(client)).await,
                None => continue,
            };
            guard.armed = false;
            drop(guard);
            match outcome {
                Ok(Ok(v)) => return Ok(v),
                Ok(Err(e)) => {
                    last = first_line(&e.to_string());
                    // A 4xx from the service is an answer (no such hub, not allowed), not a
                    // connection problem: retrying will not change it.
                    if last.contains("status code: 4") {
                        break;
                    }
                }
                Err(_) => last = format!("no answer within {MGMT_TIMEOUT:?}"),
            }
            tracing::debug!(
                "event hubs management call on {} failed (attempt {}): {last}",
                self.cfg.hub,
                attempt + 1
            );
            // A fresh connection next time (the old one may be dead, or may have lost the
            // SDK's channel-reuse race).
            if let Some(c) = slot.take() {
                close_quietly(c).await;
            }
        }
        Err(EventsError::Management {
            hub: self.cfg.hub.clone(),
            message: last,
        })
    }

    /// The hub's partition ids.
    pub async fn partition_ids(&self) -> Result<Vec<String>, EventsError> {
        self.with_mgmt(|c| Box::pin(async move { c.get_eventhub_properties().await }))
            .await
            .map(|p| p.partition_ids)
    }

    /// Last enqueued sequence number / offset / time of a partition.
    pub async fn partition_properties(
        &self,
        partition: &str,
    ) -> Result<PartitionProperties, EventsError> {
        let id = partition.to_string();
        let p = self
            .with_mgmt(move |c| {
                let id = id.clone();
                Box::pin(async move { c.get_partition_properties(&id).await })
            })
            .await?;
        Ok(PartitionProperties {
            partition: partition.to_string(),
            begin_sequence_number: p.beginning_sequence_number,
            last_enqueued_sequence_number: p.last_enqueued_sequence_number,
            last_enqueued_offset: p.last_enqueued_offset,
            last_enqueued_time: p.last_enqueued_time_utc,
            is_empty: p.is_empty,
        })
    }

    /// Start receiving a partition. `Latest` is pinned to the current last sequence number now,
    /// so nothing enqueued during a later reconnect is skipped.
    pub async fn open_partition(
        &self,
        partition: &str,
        start: StartPosition,
    ) -> Result<PartitionReceiver, EventsError> {
        self.open_partition_with(partition, start, None).await
    }

    /// [`Self::open_partition`] with an owner level (epoch): the service then keeps one
    /// receiver per partition and consumer group, disconnecting receivers of a lower (or
    /// equal) owner level and refusing plain ones. Microsoft's event processors use 0 when
    /// they claim partitions through a checkpoint store.
    pub async fn open_partition_with(
        &self,
        partition: &str,
        start: StartPosition,
        owner_level: Option<i64>,
    ) -> Result<PartitionReceiver, EventsError> {
        let ids = self.partition_ids().await?;
        if !ids.iter().any(|i| i == partition) {
            return Err(EventsError::NoSuchPartition {
                hub: self.cfg.hub.clone(),
                partition: partition.to_string(),
                known: ids,
            });
        }
        let start = match start {
            StartPosition::Latest => {
                let p = self.partition_properties(partition).await?;
                if p.is_empty {
                    StartPosition::Earliest
                } else {
                    StartPosition::AfterSequenceNumber(p.last_enqueued_sequence_number)
                }
            }
            other => other,
        };
        Ok(PartitionReceiver::spawn(
            self.cfg.clone(),
            partition.to_string(),
            start,
            owner_level,
        ))
    }

    /// Close the management connection.
    pub async fn close(self) {
        if let Some(c) = self.mgmt.into_inner() {
            close_quietly(c).await;
        }
    }
}

//! One partition's receiver: a task that owns its own AMQP connection, streams events into a
//! bounded channel, and on any link or connection loss reconnects with exponential backoff from
//! just after the last event it delivered (duplicates a recovering SDK link might replay are
//! dropped by sequence number). A receiver opened as the partition's owner carries an owner
//! level (epoch), as Microsoft's event processors do; when the service disconnects it for a
//! receiver of an equal or higher owner level, it stops instead of taking the partition back.
use super::convert::message_to_event;
use super::{EventHubsConfig, StartPosition, close_quietly, open_client};
use crate::events::{Event, EventsError};
use azure_messaging_eventhubs::error::ErrorKind;
use azure_messaging_eventhubs::{EventHubsError, OpenReceiverOptions, StartLocation};
use futures::StreamExt;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// Receives one partition. Dropping it stops the background task.
pub struct PartitionReceiver {
    partition: String,
    rx: mpsc::Receiver<Event>,
    cancel: CancellationToken,
    task: Option<JoinHandle<()>>,
    status: Arc<Status>,
}

/// What the task reports besides events.
#[derive(Default)]
struct Status {
    reconnects: AtomicU64,
    last_error: Mutex<Option<String>>,
    /// The service gave the partition to a receiver of an equal or higher owner level.
    taken_over: std::sync::atomic::AtomicBool,
}

enum Ended {
    Cancelled,
    Failed(String),
    /// Displaced by another receiver's owner level (`amqp:link:stolen`).
    TakenOver(String),
}

/// How a receive or open error ends the session.
fn ended_by(e: EventHubsError) -> Ended {
    if matches!(e.kind, ErrorKind::ConsumerDisconnected(_)) {
        Ended::TakenOver(e.to_string())
    } else {
        Ended::Failed(e.to_string())
    }
}

fn to_sdk(start: &StartPosition) -> azure_messaging_eventhubs::StartPosition {
    use azure_messaging_eventhubs::StartPosition as P;
    let (location, inclusive) = match start {
        StartPosition::Earliest => (StartLocation::Earliest, false),
        StartPosition::Latest => (StartLocation::Latest, false),
        StartPosition::EnqueuedTime(t) => (StartLocation::EnqueuedTime(*t), true),
        StartPosition::AfterSequenceNumber(n) => (StartLocation::SequenceNumber(*n), false),
        StartPosition::AfterOffset(o) => (StartLocation::Offset(o.clone()), false),
    };
    P {
        location,
        inclusive,
    }
}

struct Worker {
    cfg: EventHubsConfig,
    partition: String,
    /// Owner level (epoch) of the receiver link; `None` = a plain (non-epoch) receiver.
    owner_level: Option<i64>,
    start: StartPosition,
    last: Option<i64>,
    tx: mpsc::Sender<Event>,
    cancel: CancellationToken,
    status: Arc<Status>,
}

impl Worker {
    async fn run(mut self) {
        let mut delay = self.cfg.backoff.initial;
        loop {
            let before = self.last;
            match self.session().await {
                Ended::Cancelled => return,
                Ended::TakenOver(reason) => {
                    tracing::info!(
                        partition = %self.partition,
                        "event hubs receiver displaced by another receiver of the partition ({reason}); not reconnecting"
                    );
                    *self
                        .status
                        .last_error
                        .lock()
                        .unwrap_or_else(|p| p.into_inner()) = Some(reason);
                    self.status.taken_over.store(true, Ordering::Relaxed);
                    return;
                }
                Ended::Failed(reason) => {
                    if self.last != before {
                        delay = self.cfg.backoff.initial;
                    }
                    tracing::warn!(
                        partition = %self.partition,
                        "event hubs receiver lost ({reason}); reconnecting in {delay:?} after sequence number {:?}",
                        self.last
                    );
                    *self
                        .status
                        .last_error
                        .lock()
                        .unwrap_or_else(|p| p.into_inner()) = Some(reason);
                    self.status.reconnects.fetch_add(1, Ordering::Relaxed);
                    tokio::select! {
                        _ = tokio::time::sleep(delay) => {}
                        _ = self.cancel.cancelled() => return,
                    }
                    delay = (delay * 2).min(self.cfg.backoff.max);
                }
            }
        }
    }

    fn position(&self) -> StartPosition {
        match self.last {
            Some(seq) => StartPosition::AfterSequenceNumber(seq),
            None => self.start.clone(),
        }
    }

    /// One connection's worth of receiving.
    async fn session(&mut self) -> Ended {
        let client = tokio::select! {
            c = open_client(&self.cfg, 0) => match c {
                Ok(c) => c,
                Err(e) => return Ended::Failed(e.to_string()),
            },
            _ = self.cancel.cancelled() => return Ended::Cancelled,
        };
        let options = OpenReceiverOptions {
            start_position: Some(to_sdk(&self.position())),
            prefetch: Some(self.cfg.prefetch),
            owner_level: self.owner_level,
            ..Default::default()
        };
        let receiver = match client
            .open_receiver_on_partition(self.partition.clone(), Some(options))
            .await
        {
            Ok(r) => r,
            Err(e) => {
                close_quietly(client).await;
                return ended_by(e);
            }
        };
        let ended = {
            let stream = receiver.stream_events();
            futures::pin_mut!(stream);
            loop {
                let item = tokio::select! {
                    item = stream.next() => item,
                    _ = self.cancel.cancelled() => break Ended::Cancelled,
                };
                let received = match item {
                    Some(Ok(r)) => r,
                    Some(Err(e)) => break ended_by(e),
                    None => break Ended::Failed("the event stream ended".into()),
                };
                let event = message_to_event(received.raw_amqp_message(), &self.partition);
                if let (Some(seq), Some(last)) = (event.sequence_number, self.last)
                    && seq <= last
                {
                    continue;
                }
                let seq = event.sequence_number;
                tokio::select! {
                    sent = self.tx.send(event) => if sent.is_err() { break Ended::Cancelled },
                    _ = self.cancel.cancelled() => break Ended::Cancelled,
                }
                if seq.is_some() {
                    self.last = seq;
                }
            }
        };
        let _ = tokio::time::timeout(Duration::from_secs(2), receiver.close()).await;
        close_quietly(client).await;
        ended
    }
}

impl PartitionReceiver {
    pub(super) fn spawn(
        cfg: EventHubsConfig,
        partition: String,
        start: StartPosition,
        owner_level: Option<i64>,
    ) -> Self {
        let (tx, rx) = mpsc::channel(cfg.prefetch.max(1) as usize);
        let cancel = CancellationToken::new();
        let status = Arc::new(Status::default());
        let worker = Worker {
            cfg,
            partition: partition.clone(),
            owner_level,
            start,
            last: None,
            tx,
            cancel: cancel.clone(),
            status: status.clone(),
        };
        let task = tokio::spawn(worker.run());
        Self {
            partition,
            rx,
            cancel,
            task: Some(task),
            status,
        }
    }

    pub fn partition_id(&self) -> &str {
        &self.partition
    }

    /// Wait up to `max_wait` for the first event, then take what is already buffered, up to
    /// `max` events in partition order. An empty batch means nothing arrived in `max_wait`.
    /// Connection losses are handled inside (see [`Self::reconnects`]); an error means the
    /// receiver stopped for good.
    pub async fn next_batch(
        &mut self,
        max: usize,
        max_wait: Duration,
    ) -> Result<Vec<Event>, EventsError> {
        let mut out = Vec::new();
        match tokio::time::timeout(max_wait, self.rx.recv()).await {
            Err(_) => return Ok(out),
            Ok(None) => {
                let partition = self.partition.clone();
                let message = self
                    .last_error()
                    .unwrap_or_else(|| "the receiver was closed".into());
                if self.status.taken_over.load(Ordering::Relaxed) {
                    return Err(EventsError::TakenOver { partition, message });
                }
                return Err(EventsError::Receiver { partition, message });
            }
            Ok(Some(e)) => out.push(e),
        }
        while out.len() < max.max(1) {
            match self.rx.try_recv() {
                Ok(e) => out.push(e),
                Err(_) => break,
            }
        }
        Ok(out)
    }

    /// Whether the service gave the partition to a receiver of an equal or higher owner level
    /// (the receiver then stopped; see [`EventsError::TakenOver`]).
    pub fn taken_over(&self) -> bool {
        self.status.taken_over.load(Ordering::Relaxed)
    }

    /// How many times the connection was lost and reopened.
    pub fn reconnects(&self) -> u64 {
        self.status.reconnects.load(Ordering::Relaxed)
    }

    /// Why the connection was last lost, if it was.
    pub fn last_error(&self) -> Option<String> {
        self.status
            .last_error
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Stop receiving and close the connection.
    pub async fn close(mut self) {
        self.cancel.cancel();
        if let Some(t) = self.task.take() {
            let _ = tokio::time::timeout(Duration::from_secs(5), t).await;
        }
    }
}

impl Drop for PartitionReceiver {
    fn drop(&mut self) {
        self.cancel.cancel();
    }
}

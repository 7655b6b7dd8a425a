//! The pipeline's sources: Event Hubs partitions (through [`EventHubsSource`]) and NDJSON files
//! or stdin (through [`NdjsonSource`], read by a background task so batches are not held back
//! waiting for lines that have not come yet).
use super::eventhubs::{EventHubsConfig, EventHubsSource, PartitionReceiver, StartPosition};
use super::ndjson::{NDJSON_PARTITION, NdjsonSource};
use super::pipeline::{Batch, EventSource, Item, PartitionReader};
use super::{Event, EventsError};
use std::path::PathBuf;
use std::time::Duration;
use tokio::sync::mpsc;

/// The owner level (epoch) of receivers of claimed partitions: 0, what the event processors of
/// Microsoft's SDKs (.NET, Java, Python, Rust) use when a checkpoint store is configured.
pub const OWNER_LEVEL: i64 = 0;

/// Event Hubs as a pipeline source.
pub struct EventHubsPipelineSource {
    source: EventHubsSource,
    start: StartPosition,
}

impl EventHubsPipelineSource {
    /// Connect; `start` applies to partitions without a checkpoint.
    pub async fn connect(cfg: EventHubsConfig, start: StartPosition) -> Result<Self, EventsError> {
        Ok(Self {
            source: EventHubsSource::connect(cfg).await?,
            start,
        })
    }
}

struct ReceiverReader(PartitionReceiver);

#[async_trait::async_trait]
impl PartitionReader for ReceiverReader {
    async fn next_batch(&mut self, max: usize, wait: Duration) -> Result<Batch, String> {
        let events = self
            .0
            .next_batch(max, wait)
            .await
            .map_err(|e| e.to_string())?;
        Ok(Batch {
            items: events.into_iter().map(Item::Event).collect(),
            end: false,
        })
    }

    fn taken_over(&self) -> bool {
        self.0.taken_over()
    }
}

#[async_trait::async_trait]
impl EventSource for EventHubsPipelineSource {
    fn scope(&self) -> (String, String, String) {
        (
            self.source.fully_qualified_namespace().to_string(),
            self.source.hub().to_string(),
            self.source.consumer_group().to_string(),
        )
    }

    async fn partition_ids(&self) -> Result<Vec<String>, String> {
        self.source.partition_ids().await.map_err(|e| e.to_string())
    }

    async fn open(
        &self,
        partition: &str,
        after: Option<i64>,
    ) -> Result<Box<dyn PartitionReader>, String> {
        let start = after
            .map(StartPosition::AfterSequenceNumber)
            .unwrap_or_else(|| self.start.clone());
        let r = self
            .source
            .open_partition(partition, start)
            .await
            .map_err(|e| e.to_string())?;
        Ok(Box::new(ReceiverReader(r)))
    }

    /// A claimed partition is read with owner level 0, like Microsoft's event processors: a
    /// processor that claims it through a shared checkpoint store displaces this receiver,
    /// and plain receivers cannot read beside it.
    async fn open_owned(
        &self,
        partition: &str,
        after: Option<i64>,
    ) -> Result<Box<dyn PartitionReader>, String> {
        let start = after
            .map(StartPosition::AfterSequenceNumber)
            .unwrap_or_else(|| self.start.clone());
        let r = self
            .source
            .open_partition_with(partition, start, Some(OWNER_LEVEL))
            .await
            .map_err(|e| e.to_string())?;
        Ok(Box::new(ReceiverReader(r)))
    }

    async fn last_enqueued(&self, partition: &str) -> Option<i64> {
        self.source
            .partition_properties(partition)
            .await
            .ok()
            .map(|p| p.last_enqueued_sequence_number)
    }
}

/// NDJSON lines (a file, or `-` for stdin) as a one-partition pipeline source.
pub struct NdjsonPipelineSource {
    path: PathBuf,
}

impl NdjsonPipelineSource {
    pub fn new(path: PathBuf) -> Self {
        Self { path }
    }
}

enum Line {
    Item(Box<Item>),
    End,
}

struct LinesReader {
    rx: mpsc::Receiver<Line>,
    ended: bool,
}

/// A bad line as an event, so it can be dead-lettered with its position.
fn bad_line_event(e: &EventsError) -> Option<(Event, String)> {
    let EventsError::BadLine {
        line,
        reason,
        text,
        path,
    } = e
    else {
        return None;
    };
    let seq = *line as i64 - 1;
    let event = Event {
        body: text.clone().into_bytes(),
        partition: Some(NDJSON_PARTITION.into()),
        sequence_number: Some(seq),
        offset: Some(seq.to_string()),
        ..Event::default()
    };
    Some((event, format!("{} line {line}: {reason}", path.display())))
}

#[async_trait::async_trait]
impl PartitionReader for LinesReader {
    async fn next_batch(&mut self, max: usize, wait: Duration) -> Result<Batch, String> {
        let mut batch = Batch::default();
        if self.ended {
            batch.end = true;
            return Ok(batch);
        }
        let first = match tokio::time::timeout(wait, self.rx.recv()).await {
            Err(_) => return Ok(batch),
            Ok(None) => {
                self.ended = true;
                batch.end = true;
                return Ok(batch);
            }
            Ok(Some(l)) => l,
        };
        let mut next = Some(first);
        while let Some(l) = next.take() {
            match l {
                Line::Item(i) => batch.items.push(*i),
                Line::End => {
                    self.ended = true;
                    batch.end = true;
                    break;
                }
            }
            if batch.items.len() >= max.max(1) {
                break;
            }
            next = self.rx.try_recv().ok();
        }
        Ok(batch)
    }
}

#[async_trait::async_trait]
impl EventSource for NdjsonPipelineSource {
    fn scope(&self) -> (String, String, String) {
        (
            "file".into(),
            self.path.display().to_string(),
            "$file".into(),
        )
    }

    async fn partition_ids(&self) -> Result<Vec<String>, String> {
        Ok(vec![NDJSON_PARTITION.to_string()])
    }

    async fn open(
        &self,
        _partition: &str,
        after: Option<i64>,
    ) -> Result<Box<dyn PartitionReader>, String> {
        let mut source = NdjsonSource::open(&self.path)
            .await
            .map_err(|e| e.to_string())?;
        let (tx, rx) = mpsc::channel(10_000);
        tokio::spawn(async move {
            while let Some(r) = source.next_event().await {
                let item = match r {
                    Ok(e) if after.is_some_and(|a| e.sequence_number.unwrap_or(-1) <= a) => {
                        continue;
                    }
                    Ok(e) => Item::Event(e),
                    Err(e) => match bad_line_event(&e) {
                        Some((event, reason)) => Item::Bad { event, reason },
                        None => {
                            tracing::error!("{e}");
                            break;
                        }
                    },
                };
                if tx.send(Line::Item(Box::new(item))).await.is_err() {
                    return;
                }
            }
            let _ = tx.send(Line::End).await;
        });
        Ok(Box::new(LinesReader { rx, ended: false }))
    }

    async fn last_enqueued(&self, _partition: &str) -> Option<i64> {
        None
    }
}

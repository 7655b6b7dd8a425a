//! The pipeline's sources: Event Hubs partitions (through [`EventHubsSource`]) and NDJSON files
//! or stdin (through [`NdjsonSource`], read by a background task so batches are not held back
//! waiting for lines that have not come yet).
use super::checkpoint::Checkpoint;
use super::eventhubs::{EventHubsConfig, EventHubsSource, PartitionReceiver, StartPosition};
use super::file_identity::{FileHead, checkpoint_key};
use super::ndjson::{NDJSON_PARTITION, NdjsonSource};
use super::pipeline::{Batch, EventSource, Item, PartitionReader};
use super::tracker::Position;
use super::{Event, EventsError};
use std::io::{Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;
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
///
/// A file's checkpoint key is its absolute path (case preserved), and its checkpoints carry the
/// file's content identity: a stored position is used only for the same content (see
/// [`crate::events::file_identity`]); otherwise the file is read from its first line, with a
/// warning. Everything at or below a checkpoint is skipped, events and bad lines alike. Stdin and
/// other pipes have no identity and are always read from the start.
pub struct NdjsonPipelineSource(Arc<Input>);

struct Input {
    path: PathBuf,
    key: String,
    /// The file, opened once (None for stdin), and what it was when opened (None: not a
    /// regular file).
    file: Option<(std::fs::File, Option<FileHead>)>,
}

impl NdjsonPipelineSource {
    /// Open `path` (`-` is stdin, opened when read) and take its identity.
    pub async fn open(path: PathBuf) -> Result<Self, EventsError> {
        if path == Path::new("-") {
            return Ok(Self(Arc::new(Input {
                key: "-".into(),
                path,
                file: None,
            })));
        }
        let p = path.clone();
        let opened = tokio::task::spawn_blocking(move || {
            let f = std::fs::File::open(&p)?;
            let head = FileHead::read(&f)?;
            Ok((f, head))
        })
        .await
        .map_err(|e| std::io::Error::other(e.to_string()))
        .and_then(|r| r)
        .map_err(|source| EventsError::Io {
            path: path.clone(),
            source,
        })?;
        Ok(Self(Arc::new(Input {
            key: checkpoint_key(&path),
            path,
            file: Some(opened),
        })))
    }
}

impl Input {
    fn head(&self) -> Option<&FileHead> {
        self.file.as_ref().and_then(|(_, h)| h.as_ref())
    }

    /// A reader from the first line: the opened file again (not whatever the path names now).
    fn reader(&self) -> Result<NdjsonSource, EventsError> {
        let io = |source| EventsError::Io {
            path: self.path.clone(),
            source,
        };
        let Some((file, head)) = &self.file else {
            return Ok(NdjsonSource::from_reader(
                "-",
                tokio::io::BufReader::new(tokio::io::stdin()),
            ));
        };
        let mut f = file.try_clone().map_err(io)?;
        if head.is_some() {
            f.seek(SeekFrom::Start(0)).map_err(io)?;
        }
        let source = NdjsonSource::from_file(&self.path, tokio::fs::File::from_std(f));
        Ok(if head.is_some() {
            source.hold_incomplete_tail()
        } else {
            source
        })
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

/// The position of a source result: an event's sequence number, or a bad line's index.
fn item_position(r: &Result<Event, EventsError>) -> Option<i64> {
    match r {
        Ok(e) => e.sequence_number,
        Err(EventsError::BadLine { line, .. }) => Some(*line as i64 - 1),
        Err(_) => None,
    }
}

/// Read `source` into `tx`, skipping everything at or below `after`. A file that ends before
/// `after` is not the content of its checkpoint: it is read again from its first line.
async fn feed(
    me: Arc<Input>,
    mut source: NdjsonSource,
    mut after: Option<i64>,
    tx: mpsc::Sender<Line>,
) {
    let mut highest: Option<i64> = None;
    loop {
        let Some(r) = source.next_event().await else {
            if let Some(a) = after.filter(|a| me.head().is_some() && highest.is_none_or(|h| h < *a))
            {
                tracing::warn!(
                    "{}: it ends before line {} where its checkpoint is, so the checkpoint is for \
                     other content; reading it from the first line",
                    me.path.display(),
                    a + 1
                );
                match me.reader() {
                    Ok(s) => {
                        (source, after, highest) = (s, None, None);
                        continue;
                    }
                    Err(e) => {
                        tracing::error!("{e}");
                        break;
                    }
                }
            }
            if let Some(t) = source.incomplete_tail() {
                tracing::warn!(
                    "{}: line {} ({} bytes) has no newline yet and is not JSON: left for a \
                     later run (a writer is still writing it?)",
                    me.path.display(),
                    t.line,
                    t.len
                );
            }
            break;
        };
        let pos = item_position(&r);
        highest = highest.max(pos);
        if after.is_some_and(|a| pos.is_some_and(|p| p <= a)) {
            continue;
        }
        let item = match r {
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
}

#[async_trait::async_trait]
impl EventSource for NdjsonPipelineSource {
    fn scope(&self) -> (String, String, String) {
        ("file".into(), self.0.key.clone(), "$file".into())
    }

    async fn partition_ids(&self) -> Result<Vec<String>, String> {
        Ok(vec![NDJSON_PARTITION.to_string()])
    }

    async fn open(
        &self,
        _partition: &str,
        after: Option<i64>,
    ) -> Result<Box<dyn PartitionReader>, String> {
        let source = self.0.reader().map_err(|e| e.to_string())?;
        let (tx, rx) = mpsc::channel(10_000);
        tokio::spawn(feed(self.0.clone(), source, after, tx));
        Ok(Box::new(LinesReader { rx, ended: false }))
    }

    async fn last_enqueued(&self, _partition: &str) -> Option<i64> {
        None
    }

    fn resume_after(&self, checkpoint: &Checkpoint) -> Option<i64> {
        let seq = checkpoint.sequence_number?;
        let verdict = match self.0.head() {
            Some(head) => head.matches(checkpoint.offset.as_deref()),
            None => {
                tracing::info!(
                    "{}: not a regular file, so checkpoints do not apply; reading it all",
                    self.0.path.display()
                );
                return None;
            }
        };
        match verdict {
            Ok(()) => Some(seq),
            Err(why) => {
                tracing::warn!(
                    "{}: not resuming after line {} from its checkpoint: {why}; reading it from \
                     the first line",
                    self.0.path.display(),
                    seq + 1
                );
                None
            }
        }
    }

    fn checkpoint_offset(&self, position: &Position) -> Option<String> {
        match self.0.head() {
            Some(head) => Some(head.identity.encode()),
            None => position.offset.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn read_all(source: &NdjsonPipelineSource, after: Option<i64>) -> Vec<i64> {
        let mut reader = source.open("0", after).await.unwrap();
        let mut seen = Vec::new();
        loop {
            let batch = reader
                .next_batch(100, Duration::from_secs(5))
                .await
                .unwrap();
            for item in batch.items {
                match item {
                    Item::Event(e) | Item::Bad { event: e, .. } => {
                        seen.push(e.sequence_number.unwrap())
                    }
                }
            }
            if batch.end {
                return seen;
            }
        }
    }

    fn checkpoint(source: &NdjsonPipelineSource, offset: Option<String>, seq: i64) -> Checkpoint {
        let (ns, hub, cg) = source.scope();
        Checkpoint::new(&ns, &hub, &cg, "0", offset, Some(seq))
    }

    #[tokio::test]
    async fn a_checkpoint_resumes_only_the_same_content() {
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("f.ndjson");
        std::fs::write(&path, "{\"body\":1}\n{bad\n{\"body\":3}\n").unwrap();
        let source = NdjsonPipelineSource::open(path.clone()).await.unwrap();
        let pos = Position {
            partition: "0".into(),
            sequence_number: 1,
            offset: Some("1".into()),
        };
        let own = checkpoint(&source, source.checkpoint_offset(&pos), 1);
        assert_eq!(source.resume_after(&own), Some(1));
        // everything at or below the checkpoint is skipped, the bad line too
        assert_eq!(read_all(&source, Some(1)).await, vec![2]);
        // a checkpoint without an identity (an earlier version's) is not trusted
        assert_eq!(
            source.resume_after(&checkpoint(&source, pos.offset.clone(), 1)),
            None
        );
        // another file's identity neither
        let other = d.path().join("g.ndjson");
        std::fs::write(&other, "{\"body\":9}\n").unwrap();
        let other = NdjsonPipelineSource::open(other).await.unwrap();
        let theirs = checkpoint(&source, other.checkpoint_offset(&pos), 1);
        assert_eq!(source.resume_after(&theirs), None);
    }

    #[tokio::test]
    async fn a_file_that_ends_before_its_checkpoint_is_read_from_the_start() {
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("f.ndjson");
        std::fs::write(&path, "{\"body\":1}\n{\"body\":2}\n").unwrap();
        let source = NdjsonPipelineSource::open(path).await.unwrap();
        assert_eq!(read_all(&source, Some(7)).await, vec![0, 1]);
        assert_eq!(read_all(&source, Some(1)).await, Vec::<i64>::new());
    }

    #[tokio::test]
    async fn stdin_has_no_identity() {
        let source = NdjsonPipelineSource::open("-".into()).await.unwrap();
        let cp = checkpoint(&source, Some("file1;size=1;head=0:".into()), 5);
        assert_eq!(source.resume_after(&cp), None);
        assert_eq!(source.scope().1, "-");
    }
}

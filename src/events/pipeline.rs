//! The one event pipeline both consumers share:
//!
//! ```text
//! source (Event Hubs partition receivers | NDJSON) -> handler (telemetry | lifecycle)
//!   -> outcomes (done / dead-lettered / retry later) -> completion tracker -> checkpoint store
//!                        └─ retry hold (outage: pause, probe with capped backoff) ─┐
//!                                                              handler again  <────┘
//! ```
//!
//! Partitions are owned through the checkpoint store (ETag-guarded claims with expiry, balanced
//! between processes), each owned partition is read from its checkpoint by its own task, and a
//! checkpoint never passes an event whose effect is not durable. While the service is
//! unavailable no new events are taken and held ones probe it (see [`super::hold`]). A lost
//! partition's pending work is dropped (the handler hears of it) so nothing of it is written
//! here any more. On stop: finish in-flight work, write the last checkpoints, release
//! ownership. I/O only through the traits it is given.
use super::Event;
use super::checkpoint::{Checkpoint, CheckpointError, CheckpointStore, Ownership, balance_round};
use super::deadletter::INPUT_STAGE;
use super::hold::OutageStatus;
use super::outcome::{DeadLetterError, Outcomes, position};
use super::tracker::Position;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, watch};
use tokio_util::sync::CancellationToken;

/// The longest a call to the source (list partitions, open a partition) may take before the
/// pipeline gives up on it for now and tries again later.
const SOURCE_CALL_TIMEOUT: Duration = Duration::from_secs(30);

/// One item a partition reader yields.
#[derive(Debug)]
pub enum Item {
    Event(Event),
    /// Input that is not an event (an NDJSON line that does not parse): dead-letter it.
    Bad {
        event: Event,
        reason: String,
    },
}

/// A batch from a partition reader.
#[derive(Debug, Default)]
pub struct Batch {
    pub items: Vec<Item>,
    /// The input ended (files): no more batches will come.
    pub end: bool,
}

/// Reads one partition.
#[async_trait::async_trait]
pub trait PartitionReader: Send {
    /// Up to `max` items, waiting at most `wait` for the first one.
    async fn next_batch(&mut self, max: usize, wait: Duration) -> Result<Batch, String>;
    /// After an error: the source gave the partition to another reader (an Event Hubs receiver
    /// of an equal or higher owner level), so ownership is worth checking before reopening.
    fn taken_over(&self) -> bool {
        false
    }
}

/// Where events come from.
#[async_trait::async_trait]
pub trait EventSource: Send + Sync {
    /// (fully qualified namespace, hub, consumer group): the checkpoint scope.
    fn scope(&self) -> (String, String, String);
    async fn partition_ids(&self) -> Result<Vec<String>, String>;
    /// Open a partition after `after` (a checkpointed sequence number), or at the source's
    /// configured start when None.
    async fn open(
        &self,
        partition: &str,
        after: Option<i64>,
    ) -> Result<Box<dyn PartitionReader>, String>;
    /// Last enqueued sequence number of a partition (for lag), if known.
    async fn last_enqueued(&self, partition: &str) -> Option<i64>;
    /// Where to resume from a stored checkpoint: after this sequence number, or at the
    /// configured start when None. A source whose positions only mean something for the same
    /// content (a file) checks here that the checkpoint is its own.
    fn resume_after(&self, checkpoint: &Checkpoint) -> Option<i64> {
        checkpoint.sequence_number
    }
    /// The offset to store in a checkpoint at `position` (default: the event's offset).
    fn checkpoint_offset(&self, position: &Position) -> Option<String> {
        position.offset.clone()
    }
    /// Open a partition this process claimed through the checkpoint store, as its exclusive
    /// reader where the source has such a notion (Event Hubs: owner level 0, as Microsoft's
    /// event processors do).
    async fn open_owned(
        &self,
        partition: &str,
        after: Option<i64>,
    ) -> Result<Box<dyn PartitionReader>, String> {
        self.open(partition, after).await
    }
}

/// What the pipeline feeds (the telemetry and lifecycle engines).
#[async_trait::async_trait]
pub trait Handler: Send + Sync {
    /// Take delivered events; report each through `out`, now or later: done, dead-lettered
    /// (with the reason), or handed back with [`Outcomes::retry_later`] (an outage, or another
    /// try soon): the pipeline holds those and gives them to [`Handler::retry`].
    async fn handle(&self, events: Vec<Event>, out: &Outcomes) -> Result<(), DeadLetterError>;
    /// Events handed back earlier, given again (by default: as if new).
    async fn retry(&self, events: Vec<Event>, out: &Outcomes) -> Result<(), DeadLetterError> {
        self.handle(events, out).await
    }
    /// Periodic work (flush coalesced patches).
    async fn tick(&self, out: &Outcomes) -> Result<(), DeadLetterError>;
    /// Events accepted and not yet done.
    fn pending(&self) -> usize;
    /// The pipeline is stopping: a `handle` in progress should finish the requests already in
    /// flight and leave the rest of its events undone (they are redelivered after the last
    /// checkpoint). Called from another task while `handle` runs.
    fn stop(&self) {}
    /// These partitions belong to another process now: drop their pending work and write
    /// nothing of them any more (what becomes done by that is reported through `out`).
    fn partitions_lost(&self, _partitions: &[String], _out: &Outcomes) {}
}

/// How the pipeline runs.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub max_batch: usize,
    /// How long a reader waits for the first event of a batch.
    pub wait: Duration,
    /// Handler tick (the flush interval).
    pub tick: Duration,
    pub checkpoint_every: Duration,
    pub balance_every: Duration,
    pub ownership_expiry: Duration,
    pub owner_id: String,
    /// Exit once every partition is drained: no event for this long and nothing pending.
    pub until_idle: Option<Duration>,
    /// Write checkpoints and claim ownership (false for dry runs: touch nothing).
    pub checkpoints: bool,
    /// On stop, the longest finishing accepted work may take before the last checkpoints are
    /// written anyway (what is unfinished then is redelivered after them).
    pub drain_timeout: Duration,
}

impl Default for RunOptions {
    fn default() -> Self {
        Self {
            max_batch: 500,
            wait: Duration::from_millis(200),
            tick: Duration::from_secs(1),
            checkpoint_every: Duration::from_secs(5),
            balance_every: super::balance::DEFAULT_BALANCE_INTERVAL,
            ownership_expiry: super::balance::DEFAULT_OWNERSHIP_EXPIRY,
            owner_id: uuid::Uuid::new_v4().to_string(),
            until_idle: None,
            checkpoints: true,
            drain_timeout: Duration::from_secs(20),
        }
    }
}

/// Per-partition state for status displays.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct PartitionStatus {
    pub delivered: Option<i64>,
    pub checkpoint: Option<i64>,
    pub last_enqueued: Option<i64>,
    pub ended: bool,
}

impl PartitionStatus {
    /// Events enqueued but not delivered yet.
    pub fn lag(&self) -> Option<i64> {
        let last = self.last_enqueued?;
        let done = self.delivered.or(self.checkpoint).unwrap_or(-1);
        Some((last - done).max(0))
    }
}

/// A snapshot of the run.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Status {
    pub partitions: BTreeMap<String, PartitionStatus>,
    pub events: u64,
    pub done: u64,
    pub dead_lettered: u64,
    pub outstanding: usize,
    pub checkpoints_written: u64,
    pub reader_errors: u64,
    /// Partitions of the hub that no live process holds yet (claimed in later rounds).
    pub unclaimed: usize,
    /// Events held for another try (see [`super::hold`]).
    pub held: usize,
    /// The outage in progress: no new events are taken meanwhile.
    pub outage: Option<OutageStatus>,
    /// Outages that ended, and their total length in seconds.
    pub outages: u64,
    pub outage_seconds: f64,
}

/// Why the pipeline stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("event source: {0}")]
    Source(String),
    #[error(transparent)]
    Checkpoint(#[from] CheckpointError),
    #[error(transparent)]
    DeadLetter(#[from] DeadLetterError),
    #[error("the handler's flush task failed: {0}")]
    Flush(String),
}

/// Wait for a background flush and pass on its error.
async fn finish_flush(
    task: tokio::task::JoinHandle<Result<(), DeadLetterError>>,
) -> Result<(), PipelineError> {
    task.await
        .map_err(|e| PipelineError::Flush(e.to_string()))??;
    Ok(())
}

/// How a run ended.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct RunReport {
    pub status: Status,
    /// Stopped by the cancellation token (Ctrl-C / SIGTERM) rather than by running dry.
    pub interrupted: bool,
    /// Events still not done at exit (they will be redelivered after the last checkpoint).
    pub unfinished: usize,
}

enum Msg {
    Batch(String, Batch),
    Failed(String, String),
    /// The source gave the partition to another reader.
    TakenOver(String, String),
}

struct Reader {
    stop: CancellationToken,
    ownership: Option<Ownership>,
}

fn spawn_reader(
    partition: String,
    mut reader: Box<dyn PartitionReader>,
    opts: &RunOptions,
    tx: mpsc::Sender<Msg>,
) -> CancellationToken {
    let stop = CancellationToken::new();
    let token = stop.clone();
    let (max, wait) = (opts.max_batch, opts.wait);
    tokio::spawn(async move {
        loop {
            let next = tokio::select! {
                _ = token.cancelled() => return,
                b = reader.next_batch(max, wait) => b,
            };
            match next {
                Ok(batch) => {
                    let end = batch.end;
                    if (!batch.items.is_empty() || end)
                        && tx.send(Msg::Batch(partition.clone(), batch)).await.is_err()
                    {
                        return;
                    }
                    if end {
                        return;
                    }
                }
                Err(e) if reader.taken_over() => {
                    let _ = tx.send(Msg::TakenOver(partition.clone(), e)).await;
                    return;
                }
                Err(e) => {
                    let _ = tx.send(Msg::Failed(partition.clone(), e)).await;
                    return;
                }
            }
        }
    });
    stop
}

struct Runner {
    source: Arc<dyn EventSource>,
    store: Option<Arc<dyn CheckpointStore>>,
    handler: Arc<dyn Handler>,
    out: Arc<Outcomes>,
    opts: RunOptions,
    scope: (String, String, String),
    tx: mpsc::Sender<Msg>,
    readers: HashMap<String, Reader>,
    status: Status,
    /// Partitions whose reader failed: when to reopen, and the ownership held for them.
    reopen: HashMap<String, (Instant, Option<Ownership>)>,
}

impl Runner {
    async fn checkpoint_of(&self, partition: &str) -> Result<Option<i64>, PipelineError> {
        let Some(store) = &self.store else {
            return Ok(None);
        };
        let (ns, hub, cg) = &self.scope;
        let cps = store.list_checkpoints(ns, hub, cg).await?;
        Ok(cps
            .into_iter()
            .find(|c| c.partition == partition)
            .and_then(|c| self.source.resume_after(&c)))
    }

    async fn open(
        &mut self,
        partition: &str,
        ownership: Option<Ownership>,
    ) -> Result<(), PipelineError> {
        let delivered = self
            .status
            .partitions
            .get(partition)
            .and_then(|p| p.delivered);
        let after = match delivered {
            Some(d) => Some(d),
            None => self.checkpoint_of(partition).await?,
        };
        let opening = async {
            match &ownership {
                Some(_) => self.source.open_owned(partition, after).await,
                None => self.source.open(partition, after).await,
            }
        };
        let reader = tokio::time::timeout(SOURCE_CALL_TIMEOUT, opening)
            .await
            .map_err(|_| PipelineError::Source(format!("opening partition {partition} timed out")))?
            .map_err(PipelineError::Source)?;
        let stop = spawn_reader(partition.to_string(), reader, &self.opts, self.tx.clone());
        let st = self
            .status
            .partitions
            .entry(partition.to_string())
            .or_default();
        if st.checkpoint.is_none() {
            st.checkpoint = after;
        }
        tracing::info!(partition, ?after, "reading partition");
        self.readers
            .insert(partition.to_string(), Reader { stop, ownership });
        Ok(())
    }

    /// Claim partitions (or take all without a store) and start or stop readers accordingly.
    async fn balance(&mut self) -> Result<(), PipelineError> {
        let ids = tokio::time::timeout(SOURCE_CALL_TIMEOUT, self.source.partition_ids())
            .await
            .map_err(|_| PipelineError::Source("listing partitions timed out".into()))?
            .map_err(PipelineError::Source)?;
        let owned: Vec<(String, Option<Ownership>)> = match (&self.store, self.opts.checkpoints) {
            (Some(store), true) => {
                let (ns, hub, cg) = &self.scope;
                let round = balance_round(
                    store.as_ref(),
                    (ns, hub, cg),
                    &ids,
                    &self.opts.owner_id,
                    self.opts.ownership_expiry,
                )
                .await?;
                // Partitions nobody active holds (neither we nor another live owner).
                let listed = store.list_ownership(ns, hub, cg).await?;
                let now = std::time::SystemTime::now();
                let held_by_others = listed
                    .iter()
                    .filter(|o| {
                        o.owner_id != self.opts.owner_id
                            && super::balance::is_active(o, now, self.opts.ownership_expiry)
                    })
                    .filter(|o| !round.owned.iter().any(|m| m.partition == o.partition))
                    .count();
                self.status.unclaimed =
                    ids.len().saturating_sub(round.owned.len() + held_by_others);
                round
                    .owned
                    .into_iter()
                    .map(|o| (o.partition.clone(), Some(o)))
                    .collect()
            }
            _ => {
                self.status.unclaimed = 0;
                ids.iter().map(|p| (p.clone(), None)).collect()
            }
        };
        let keep: BTreeSet<String> = owned.iter().map(|(p, _)| p.clone()).collect();
        // Lost partitions: last checkpoint, stop reading, forget.
        let lost: Vec<String> = self
            .readers
            .keys()
            .chain(self.reopen.keys())
            .filter(|p| !keep.contains(*p))
            .cloned()
            .collect();
        for p in lost {
            self.reopen.remove(&p);
            if let Some(r) = self.readers.remove(&p) {
                r.stop.cancel();
            }
            // Nothing of it is written from here any more; what that leaves done (superseded
            // by the partition's own newer values) may still move the checkpoint.
            self.handler
                .partitions_lost(std::slice::from_ref(&p), &self.out);
            self.checkpoint(Some(&p)).await?;
            self.out.partition_lost(&p);
            self.status.partitions.remove(&p);
            tracing::info!(partition = p, "partition taken over by another process");
        }
        for (p, ownership) in owned {
            if let Some(r) = self.readers.get_mut(&p) {
                r.ownership = ownership;
            } else if let Some(entry) = self.reopen.get_mut(&p) {
                entry.1 = ownership;
            } else if !self.reopen.contains_key(&p)
                && !self.status.partitions.get(&p).is_some_and(|s| s.ended)
            {
                self.open(&p, ownership).await?;
            }
        }
        Ok(())
    }

    /// Write checkpoints that moved (one partition, or all).
    async fn checkpoint(&mut self, only: Option<&str>) -> Result<(), PipelineError> {
        let parts: Vec<String> = match only {
            Some(p) => vec![p.to_string()],
            None => self.status.partitions.keys().cloned().collect(),
        };
        for p in parts {
            let cp = self
                .out
                .tracker
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .take_checkpoint(&p);
            let Some(cp) = cp else { continue };
            if let (Some(store), true) = (&self.store, self.opts.checkpoints) {
                let (ns, hub, cg) = &self.scope;
                let offset = self
                    .source
                    .checkpoint_offset(&cp)
                    .or_else(|| Some(cp.sequence_number.to_string()));
                store
                    .update_checkpoint(&Checkpoint::new(
                        ns,
                        hub,
                        cg,
                        &p,
                        offset,
                        Some(cp.sequence_number),
                    ))
                    .await?;
                self.status.checkpoints_written += 1;
            }
            if let Some(s) = self.status.partitions.get_mut(&p) {
                s.checkpoint = Some(cp.sequence_number);
            }
        }
        Ok(())
    }

    async fn on_batch(&mut self, partition: String, batch: Batch) -> Result<(), PipelineError> {
        if !self.readers.contains_key(&partition) && !self.reopen.contains_key(&partition) {
            // Read before the partition went to another process: its new owner reads it again.
            return Ok(());
        }
        let mut events = Vec::with_capacity(batch.items.len());
        let mut bad = Vec::new();
        for item in batch.items {
            match item {
                Item::Event(e) => events.push(e),
                Item::Bad { event, reason } => bad.push((event, reason)),
            }
        }
        let st = self.status.partitions.entry(partition).or_default();
        for e in events.iter().chain(bad.iter().map(|(e, _)| e)) {
            let seq = position(e).sequence_number;
            st.delivered = Some(st.delivered.map_or(seq, |d| d.max(seq)));
        }
        st.ended |= batch.end;
        self.status.events += (events.len() + bad.len()) as u64;
        for (e, reason) in &bad {
            self.out.delivered(std::slice::from_ref(e));
            self.out.dead_letter(e, reason, INPUT_STAGE)?;
        }
        self.out.sync_dead_letters()?;
        if !events.is_empty() {
            self.out.delivered(&events);
            self.handler.handle(events, &self.out).await?;
        }
        Ok(())
    }

    async fn refresh_status(&mut self, tx: Option<&watch::Sender<Status>>, lag: bool) {
        if lag {
            // Lag is best effort: never let a slow management call hold up the pipeline.
            let parts: Vec<String> = self.status.partitions.keys().cloned().collect();
            let source = self.source.clone();
            let lasts = futures::future::join_all(parts.iter().map(|p| {
                let source = source.clone();
                async move {
                    tokio::time::timeout(Duration::from_secs(2), source.last_enqueued(p))
                        .await
                        .ok()
                        .flatten()
                }
            }))
            .await;
            for (p, last) in parts.iter().zip(lasts) {
                if let (Some(st), Some(last)) = (self.status.partitions.get_mut(p), last) {
                    st.last_enqueued = Some(last);
                }
            }
        }
        self.status.done = self.out.done.load(std::sync::atomic::Ordering::Relaxed);
        self.status.dead_lettered = self
            .out
            .dead_lettered
            .load(std::sync::atomic::Ordering::Relaxed);
        self.status.outstanding = self
            .out
            .tracker
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .outstanding();
        self.status.held = self.out.held();
        let (outage, outages, total) = self.out.outage_status();
        self.status.outage = outage;
        self.status.outages = outages;
        self.status.outage_seconds = total.as_secs_f64();
        if let Some(tx) = tx {
            let _ = tx.send(self.status.clone());
        }
    }
}

/// Run the pipeline until cancelled (or drained with `until_idle`).
pub async fn run(
    source: Arc<dyn EventSource>,
    store: Option<Arc<dyn CheckpointStore>>,
    handler: Arc<dyn Handler>,
    out: Arc<Outcomes>,
    opts: RunOptions,
    cancel: CancellationToken,
    status_tx: Option<watch::Sender<Status>>,
) -> Result<RunReport, PipelineError> {
    let (tx, mut rx) = mpsc::channel::<Msg>(16);
    let scope = source.scope();
    let mut r = Runner {
        source,
        store,
        handler,
        out,
        opts: opts.clone(),
        scope,
        tx,
        readers: HashMap::new(),
        status: Status::default(),
        reopen: HashMap::new(),
    };
    // The first assignment must work (or the configuration is wrong); later rounds may fail
    // transiently and are retried. A stop signal during it is honoured at once.
    let mut interrupted = tokio::select! {
        res = r.balance() => { res?; false }
        _ = cancel.cancelled() => true,
    };
    let mut tick = tokio::time::interval(opts.tick.max(Duration::from_millis(10)));
    let mut cp = tokio::time::interval(opts.checkpoint_every);
    // Jitter keeps processes that started together from balancing in lockstep.
    let jitter = Duration::from_millis(rand::random::<u64>() % 2000);
    let mut bal = tokio::time::interval_at(
        tokio::time::Instant::now() + opts.balance_every + jitter,
        opts.balance_every + jitter,
    );
    let mut lag = tokio::time::interval(Duration::from_secs(2));
    let mut last_event = Instant::now();
    let mut flushing: Option<tokio::task::JoinHandle<Result<(), DeadLetterError>>> = None;
    while !interrupted {
        tokio::select! {
            _ = cancel.cancelled() => { interrupted = true; break; }
            // During an outage no new events are taken: held ones probe the service first.
            msg = rx.recv(), if !r.out.paused() => match msg {
                Some(Msg::Batch(p, batch)) => {
                    if !batch.items.is_empty() { last_event = Instant::now(); }
                    r.out.took_events();
                    // A stop signal while the handler works on a batch: it finishes what is in
                    // flight and leaves the rest undone (redelivered after the last checkpoint).
                    let handler = r.handler.clone();
                    let work = r.on_batch(p, batch);
                    tokio::pin!(work);
                    tokio::select! {
                        res = &mut work => res?,
                        _ = cancel.cancelled() => {
                            interrupted = true;
                            handler.stop();
                            work.await?;
                        }
                    }
                }
                Some(Msg::Failed(p, e)) => {
                    tracing::warn!(partition = p, "reader stopped: {e}; reopening from the last delivered event");
                    r.status.reader_errors += 1;
                    let ownership = r.readers.remove(&p).and_then(|x| x.ownership);
                    r.reopen.insert(p, (Instant::now() + Duration::from_secs(1), ownership));
                }
                Some(Msg::TakenOver(p, e)) => {
                    // Another reader holds the partition now: check ownership at once, and if
                    // it is still ours, take it back at the pace of a balance round rather than
                    // at once (no tug of war with a processor that shares no store with us).
                    tracing::info!(partition = p, "{e}; checking ownership before reopening");
                    r.status.reader_errors += 1;
                    let ownership = r.readers.remove(&p).and_then(|x| x.ownership);
                    r.reopen.insert(p, (Instant::now() + opts.balance_every, ownership));
                    bal.reset_immediately();
                }
                None => break,
            },
            _ = tick.tick() => {
                // Flush in the background, one flush at a time, so events keep being read and
                // coalesced while a round of PATCHes is in flight.
                if flushing.as_ref().is_none_or(|t| t.is_finished()) {
                    if let Some(done) = flushing.take() {
                        finish_flush(done).await?;
                    }
                    let (handler, out) = (r.handler.clone(), r.out.clone());
                    flushing = Some(tokio::spawn(async move { handler.tick(&out).await }));
                }
                // Held events whose time has come (during an outage: one probe) go again.
                let again = r.out.take_due();
                if !again.is_empty() {
                    let handler = r.handler.clone();
                    let work = handler.retry(again, &r.out);
                    tokio::pin!(work);
                    tokio::select! {
                        res = &mut work => res?,
                        _ = cancel.cancelled() => {
                            interrupted = true;
                            handler.stop();
                            work.await?;
                            break;
                        }
                    }
                }
                let due: Vec<String> = r.reopen.iter().filter(|(_, (at, _))| *at <= Instant::now()).map(|(p, _)| p.clone()).collect();
                for p in due {
                    let Some((_, ownership)) = r.reopen.get(&p).cloned() else { continue };
                    let opened = tokio::select! {
                        res = r.open(&p, ownership.clone()) => res,
                        _ = cancel.cancelled() => { interrupted = true; break; }
                    };
                    match opened {
                        Ok(()) => { r.reopen.remove(&p); }
                        Err(e) => {
                            tracing::warn!(partition = p, "cannot reopen yet: {e}");
                            r.reopen.insert(p, (Instant::now() + Duration::from_secs(2), ownership));
                        }
                    }
                }
                if interrupted { break; }
                r.refresh_status(status_tx.as_ref(), false).await;
                if let Some(idle) = opts.until_idle {
                    // Drained means every partition was read to its end (a file's end, or the last
                    // sequence number the hub reports), nothing is pending, and no event came for
                    // `idle` (events enqueued meanwhile are picked up).
                    let parts = &r.status.partitions;
                    let all_ended = !parts.is_empty() && parts.values().all(|s| s.ended);
                    let caught_up = !parts.is_empty() && parts.values().all(|s| s.ended || s.lag() == Some(0));
                    // Batches waiting in the channel are not quiet, however long the loop was busy.
                    let quiet = (last_event.elapsed() >= idle || all_ended) && rx.is_empty();
                    let drained = r.handler.pending() == 0
                        && r.status.outstanding == 0
                        && flushing.as_ref().is_none_or(|t| t.is_finished());
                    if quiet && caught_up && drained && r.status.unclaimed == 0 && r.reopen.is_empty() {
                        break;
                    }
                }
            }
            _ = cp.tick() => r.checkpoint(None).await?,
            _ = bal.tick() => {
                let res = tokio::select! {
                    res = r.balance() => res,
                    _ = cancel.cancelled() => { interrupted = true; break; }
                };
                if let Err(e) = res {
                    tracing::warn!("balancing failed (will retry): {e}");
                }
            }
            _ = lag.tick() => r.refresh_status(status_tx.as_ref(), true).await,
        }
    }
    // Stop reading, finish what was accepted, write the last checkpoints, release ownership.
    for reader in r.readers.values() {
        reader.stop.cancel();
    }
    let drain = async {
        if let Some(t) = flushing.take() {
            if r.out.in_outage() {
                // Its requests wait on an unavailable service; what it has not finished is not
                // done, so it is redelivered after the last checkpoint.
                t.abort();
                let _ = t.await;
            } else {
                finish_flush(t).await?;
            }
        }
        for _ in 0..50 {
            if r.out.in_outage() {
                tracing::warn!(
                    held = r.out.held(),
                    pending = r.handler.pending(),
                    "stopping during an outage: what is not done is redelivered after the last checkpoint"
                );
                break;
            }
            let again = r.out.take_held();
            if !again.is_empty() {
                r.handler.retry(again, &r.out).await?;
            }
            r.handler.tick(&r.out).await?;
            if r.handler.pending() == 0 && r.out.held() == 0 {
                break;
            }
            tokio::time::sleep(opts.tick.min(Duration::from_millis(200))).await;
        }
        Ok::<(), PipelineError>(())
    };
    if tokio::time::timeout(opts.drain_timeout, drain)
        .await
        .is_err()
    {
        tracing::warn!(
            "stopping: work in flight not finished after {:?}; checkpointing what is done (the rest is redelivered)",
            opts.drain_timeout
        );
    }
    r.checkpoint(None).await?;
    if let (Some(store), true) = (&r.store, opts.checkpoints) {
        let held: Vec<Ownership> = r
            .readers
            .values()
            .filter_map(|x| x.ownership.clone())
            .collect();
        if !held.is_empty()
            && let Err(e) = store.relinquish_ownership(&held).await
        {
            tracing::warn!("could not release partition ownership (it expires by itself): {e}");
        }
    }
    r.refresh_status(status_tx.as_ref(), false).await;
    let unfinished = r.status.outstanding;
    Ok(RunReport {
        status: r.status,
        interrupted,
        unfinished,
    })
}

//! Start-up of the Event Hubs consumer against the emulator, over and over: every start reads
//! every event, every management call gets its answer, and a stop during start-up (even while
//! the source never answers) returns at once. Regression tests for the intermittent start-up
//! stall: fe2o3-amqp 0.16.2 registered an unsettled delivery only after handing its transfer to
//! the session, so a peer that settled quickly could leave a management `send` waiting forever
//! (vendor/fe2o3-amqp/PATCHED.md), and the pipeline's first balancing round did not watch the
//! stop signal.
use super::eventhubs::{source_for, trace};
use super::support::*;
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;
use twinbridge::events::Event;
use twinbridge::events::checkpoint::FileCheckpointStore;
use twinbridge::events::eventhubs::{EventHubsConfig, StartPosition};
use twinbridge::events::outcome::{DeadLetterError, Outcomes, position};
use twinbridge::events::pipeline::{self, EventSource, Handler, PartitionReader, RunOptions};
use twinbridge::events::sources::EventHubsPipelineSource;

const HUB: &str = "deviceevents";
const EVENTS: usize = 20;

/// Marks every event done at once.
struct Done;

#[async_trait::async_trait]
impl Handler for Done {
    async fn handle(&self, events: Vec<Event>, out: &Outcomes) -> Result<(), DeadLetterError> {
        let positions: Vec<_> = events.iter().map(position).collect();
        out.done(positions.iter());
        Ok(())
    }
    async fn tick(&self, _out: &Outcomes) -> Result<(), DeadLetterError> {
        Ok(())
    }
    fn pending(&self) -> usize {
        0
    }
}

fn options() -> RunOptions {
    RunOptions {
        wait: Duration::from_millis(50),
        tick: Duration::from_millis(50),
        ..RunOptions::default()
    }
}

type Run = tokio::task::JoinHandle<Result<pipeline::RunReport, pipeline::PipelineError>>;

/// Run the pipeline over `source` with file checkpoints in `dir` and the no-op handler.
fn spawn_run(
    source: Arc<dyn EventSource>,
    dir: &std::path::Path,
    cancel: &CancellationToken,
    status: Option<tokio::sync::watch::Sender<pipeline::Status>>,
) -> Run {
    tokio::spawn(pipeline::run(
        source,
        Some(Arc::new(FileCheckpointStore::new(dir))),
        Arc::new(Done),
        Arc::new(Outcomes::new(None)),
        options(),
        cancel.clone(),
        status,
    ))
}

async fn seeded_emulator() -> twinbridge::emulator::Emulator {
    let emu = emulator().await;
    let events = (0..EVENTS)
        .map(|n| {
            let mut e = Event::json(&json!({ "Temperature": n }));
            e.properties.insert("dtId".into(), json!(format!("t-{n}")));
            e
        })
        .collect();
    emu.events
        .append(HUB, None, Some("k"), events)
        .expect("append");
    emu
}

#[tokio::test(flavor = "multi_thread")]
async fn management_calls_always_get_their_answer() {
    trace();
    let emu = seeded_emulator().await;
    let source = source_for(&emu, HUB).await;
    // A lost answer used to hang a call until the 20 s management timeout.
    for i in 0..300 {
        let ids = tokio::time::timeout(Duration::from_secs(5), source.partition_ids())
            .await
            .unwrap_or_else(|_| panic!("management call {i} got no answer within 5 s"))
            .expect("partition ids");
        assert_eq!(ids.len(), 4);
    }
    source.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn many_quick_starts_all_read_everything_and_stop_promptly() {
    trace();
    let emu = seeded_emulator().await;
    let cs = emu.eventhubs_connection_string(HUB);
    for run in 0..15 {
        let dir = tempfile::tempdir().expect("temp dir");
        let cfg = EventHubsConfig::from_connection_string(&cs, None).expect("connection string");
        let source = tokio::time::timeout(
            Duration::from_secs(10),
            EventHubsPipelineSource::connect(cfg, StartPosition::Earliest),
        )
        .await
        .unwrap_or_else(|_| panic!("start {run}: connect took over 10 s"))
        .expect("connects");
        let cancel = CancellationToken::new();
        let (tx, mut rx) = tokio::sync::watch::channel(pipeline::Status::default());
        let task = spawn_run(Arc::new(source), dir.path(), &cancel, Some(tx));
        let read = tokio::time::timeout(Duration::from_secs(10), async {
            loop {
                if rx.borrow().events as usize >= EVENTS {
                    return;
                }
                if rx.changed().await.is_err() {
                    return;
                }
            }
        })
        .await;
        cancel.cancel();
        let report = tokio::time::timeout(Duration::from_secs(5), task)
            .await
            .unwrap_or_else(|_| panic!("start {run}: the pipeline did not stop within 5 s"))
            .expect("joins")
            .expect("runs");
        assert!(
            read.is_ok(),
            "start {run}: read {} of {EVENTS} events in 10 s",
            report.status.events
        );
        assert_eq!(report.status.events as usize, EVENTS, "start {run}");
    }
}

/// A source whose management calls never answer (the stall, made permanent).
struct Silent;

#[async_trait::async_trait]
impl EventSource for Silent {
    fn scope(&self) -> (String, String, String) {
        ("ns".into(), "hub".into(), "$default".into())
    }
    async fn partition_ids(&self) -> Result<Vec<String>, String> {
        std::future::pending().await
    }
    async fn open(
        &self,
        _partition: &str,
        _after: Option<i64>,
    ) -> Result<Box<dyn PartitionReader>, String> {
        std::future::pending().await
    }
    async fn last_enqueued(&self, _partition: &str) -> Option<i64> {
        None
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stop_during_start_up_returns_at_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cancel = CancellationToken::new();
    let task = spawn_run(Arc::new(Silent), dir.path(), &cancel, None);
    tokio::time::sleep(Duration::from_millis(200)).await;
    cancel.cancel();
    let report = tokio::time::timeout(Duration::from_secs(2), task)
        .await
        .expect("the pipeline returns within 2 s of the stop")
        .expect("joins")
        .expect("an interrupted start is not an error");
    assert!(report.interrupted);
    assert_eq!(report.status.events, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stop_at_any_moment_of_a_real_start_returns_promptly() {
    trace();
    let emu = seeded_emulator().await;
    let cs = emu.eventhubs_connection_string(HUB);
    for delay_ms in [0u64, 1, 3, 10, 30, 60] {
        let dir = tempfile::tempdir().expect("temp dir");
        let cfg = EventHubsConfig::from_connection_string(&cs, None).expect("connection string");
        let source = EventHubsPipelineSource::connect(cfg, StartPosition::Earliest)
            .await
            .expect("connects");
        let cancel = CancellationToken::new();
        let task = spawn_run(Arc::new(source), dir.path(), &cancel, None);
        tokio::time::sleep(Duration::from_millis(delay_ms)).await;
        cancel.cancel();
        let report = tokio::time::timeout(Duration::from_secs(5), task)
            .await
            .unwrap_or_else(|_| panic!("stop after {delay_ms} ms: no return within 5 s"))
            .expect("joins")
            .expect("runs");
        assert!(report.interrupted, "stop after {delay_ms} ms");
    }
}

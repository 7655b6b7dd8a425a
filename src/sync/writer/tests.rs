//! Property tests of write order: the real coalescer and writer against an in-memory twin store
//! that fails, times out after applying, refuses a path, and answers late, under random
//! interleavings of deliveries, flushes in flight, held-back retries and ownership changes.
//! Whatever happens, no older value of a path is written after a newer one, nothing of a lost
//! partition is sent, every event ends done or dead-lettered, and each twin ends on the newest
//! value of every path.
use super::*;
use crate::sync::mapping::Op;
use futures::FutureExt;
use futures::stream::FuturesUnordered;
use proptest::prelude::*;
use serde_json::{Value, json};
use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

const PATHS: [&str; 3] = ["/a", "/b", "/bad"];
const PARTITIONS: [&str; 2] = ["0", "1"];

/// Pending once (waking itself), then ready: lets other futures run in between.
struct YieldNow(bool);

impl Future for YieldNow {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

/// The value written for an event is its order key, so the store can tell old from new.
fn value_of(key: &OrderKey) -> Value {
    json!([key.0, key.1, key.2])
}

fn key_of_value(v: &Value) -> OrderKey {
    (
        v[0].as_i64().unwrap_or_default(),
        v[1].as_str().unwrap_or_default().to_string(),
        v[2].as_i64().unwrap_or_default(),
    )
}

#[derive(Default)]
struct FakeState {
    twins: HashMap<(String, String), Value>,
    /// Newest key applied per path since its partition was last lost (order check).
    last_applied: HashMap<(String, String), OrderKey>,
    lost: HashSet<String>,
    losses: HashMap<String, u32>,
    healthy: bool,
    /// Choices for the next requests (outcome, then how long the answer takes).
    script: VecDeque<u8>,
    violations: Vec<String>,
}

/// An in-memory twin store: all-or-nothing PATCHes like ADT's, `/bad` refused with 400.
#[derive(Default)]
struct Fake {
    state: Mutex<FakeState>,
}

impl Fake {
    fn st(&self) -> std::sync::MutexGuard<'_, FakeState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn outage() -> AdtError {
    AdtError::Exhausted {
        method: "PATCH".into(),
        path: "/digitaltwins/t".into(),
        status: 503,
        attempts: 1,
        retry_after: None,
    }
}

#[async_trait::async_trait]
impl TwinStore for Fake {
    async fn patch_twin(&self, twin: &str, ops: &[PatchOp]) -> Result<(), AdtError> {
        let (choice, yields, losses) = {
            let mut st = self.st();
            for op in ops {
                let k = key_of_value(op.value.as_ref().unwrap_or(&Value::Null));
                if st.lost.contains(&k.1) {
                    let v = format!("{twin}{} sent from lost partition {}", op.path, k.1);
                    st.violations.push(v);
                }
            }
            let choice = if st.healthy {
                st.script.pop_front().unwrap_or(0) % 5
            } else {
                3
            };
            let yields = st.script.pop_front().unwrap_or(0) % 3;
            (choice, yields, st.losses.clone())
        };
        for _ in 0..yields {
            YieldNow(false).await;
        }
        if choice == 3 {
            return Err(outage());
        }
        if ops.iter().any(|o| o.path == "/bad") {
            return Err(AdtError::Service {
                method: "PATCH".into(),
                path: format!("/digitaltwins/{twin}"),
                status: 400,
                code: crate::adt::ErrorCode::JsonPatchInvalid,
                message: "no property bad".into(),
                details: vec![],
            });
        }
        let mut st = self.st();
        for op in ops {
            let v = op.value.clone().unwrap_or(Value::Null);
            let k = key_of_value(&v);
            let at = (twin.to_string(), op.path.clone());
            // A request that started before its partition was lost is a straggler: it lands,
            // but the order check restarts with the partition's next owner.
            if st.losses.get(&k.1) == losses.get(&k.1) {
                if let Some(last) = st.last_applied.get(&at)
                    && *last > k
                {
                    let v = format!("{twin}{}: {k:?} written after {last:?}", op.path);
                    st.violations.push(v);
                }
                st.last_applied.insert(at.clone(), k);
            }
            st.twins.insert(at, v);
        }
        if choice == 4 {
            // applied, but the answer is lost (a timeout)
            return Err(AdtError::Transport {
                url: "http://127.0.0.1/".into(),
                attempts: 1,
                message: "timed out".into(),
            });
        }
        Ok(())
    }
}

#[derive(Debug, Clone)]
struct Spec {
    twin: u8,
    partition: usize,
    time: i64,
    /// Bits over [`PATHS`].
    paths: u8,
}

#[derive(Debug, Clone)]
enum Step {
    Deliver,
    Flush,
    Poll,
    Redeliver,
    Lose(usize),
    Regain(usize),
    Checkpoint,
    Health(bool),
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        0..3u8,
        0..2usize,
        0..30i64,
        prop_oneof![5 => 1..4u8, 1 => 4..8u8],
    )
        .prop_map(|(twin, partition, time, paths)| Spec {
            twin,
            partition,
            time,
            paths,
        })
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        8 => Just(Step::Deliver),
        3 => Just(Step::Flush),
        8 => Just(Step::Poll),
        2 => Just(Step::Redeliver),
        1 => (0..2usize).prop_map(Step::Lose),
        1 => (0..2usize).prop_map(Step::Regain),
        1 => Just(Step::Checkpoint),
        1 => any::<bool>().prop_map(Step::Health),
    ]
}

/// An event of partition `p` at `seq`, carrying its spec in the body.
fn event(s: &Spec, seq: i64) -> Event {
    let mut e = Event::json(&json!({"twin": s.twin, "time": s.time, "paths": s.paths}));
    e.partition = Some(PARTITIONS[s.partition].into());
    e.sequence_number = Some(seq);
    e
}

fn key(e: &Event) -> OrderKey {
    let b = e.body_json().unwrap_or_default();
    (
        b["time"].as_i64().unwrap_or_default(),
        e.partition.clone().unwrap_or_default(),
        e.sequence_number.unwrap_or_default(),
    )
}

/// What the telemetry engine would do with the event: map it and give it to the writer.
fn handle(w: &Writer, e: Event, out: &Outcomes) {
    let b = e.body_json().unwrap_or_default();
    let twin = format!("t{}", b["twin"]);
    let bits = b["paths"].as_u64().unwrap_or_default();
    let k = key(&e);
    let updates = PATHS
        .iter()
        .enumerate()
        .filter(|(i, _)| bits & (1 << i) != 0)
        .map(|(_, p)| PropertyUpdate {
            path: p.to_string(),
            value: value_of(&k),
            op: Op::Add,
            source_time: None,
        })
        .collect();
    w.add(&twin, updates, k, e, out);
}

type Flushing<'a> =
    FuturesUnordered<Pin<Box<dyn Future<Output = Result<FlushReport, DeadLetterError>> + 'a>>>;

struct World<'a> {
    fake: &'a Fake,
    writer: &'a Writer,
    out: &'a Outcomes,
    /// Every event of each partition, in order, and how many the source has reached.
    log: [Vec<Event>; 2],
    reached: [usize; 2],
    /// Checkpoints written (last sequence number done), and partitions owned elsewhere.
    checkpoint: [Option<i64>; 2],
    lost: [bool; 2],
    bad_deliveries: u64,
}

impl World<'_> {
    fn deliver(&mut self, e: Event) {
        if e.body_json().unwrap_or_default()["paths"]
            .as_u64()
            .is_some_and(|b| b & 4 != 0)
        {
            self.bad_deliveries += 1;
        }
        self.out.delivered(std::slice::from_ref(&e));
        handle(self.writer, e, self.out);
    }

    fn read_next(&mut self, p: usize) {
        let e = self.log[p][self.reached[p]].clone();
        self.reached[p] += 1;
        if !self.lost[p] {
            self.deliver(e);
        }
    }

    fn take_checkpoint(&mut self, p: usize) {
        let cp = self
            .out
            .tracker
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take_checkpoint(PARTITIONS[p]);
        if let Some(cp) = cp {
            self.checkpoint[p] = Some(cp.sequence_number);
        }
    }

    /// As the pipeline does: the handler drops the partition, the last checkpoint is written,
    /// the hold and the tracker forget it.
    fn lose(&mut self, p: usize) {
        if self.lost[p] {
            return;
        }
        self.writer.drop_partition(PARTITIONS[p], self.out);
        self.take_checkpoint(p);
        self.out.partition_lost(PARTITIONS[p]);
        self.lost[p] = true;
        let mut st = self.fake.st();
        st.lost.insert(PARTITIONS[p].into());
        *st.losses.entry(PARTITIONS[p].into()).or_default() += 1;
        st.last_applied.retain(|_, k| k.1 != PARTITIONS[p]);
    }

    /// Owned again: read from the last checkpoint up to where the source had got.
    fn regain(&mut self, p: usize) {
        if !self.lost[p] {
            return;
        }
        self.lost[p] = false;
        self.fake.st().lost.remove(PARTITIONS[p]);
        let from = self.checkpoint[p].map_or(0, |c| c + 1) as usize;
        for i in from..self.reached[p] {
            let e = self.log[p][i].clone();
            self.deliver(e);
        }
    }

    fn redeliver(&mut self) {
        for e in self.out.take_held() {
            handle(self.writer, e, self.out);
        }
    }
}

fn poll_all(flushing: &mut Flushing<'_>, times: usize) -> Result<(), TestCaseError> {
    for _ in 0..times {
        match flushing.next().now_or_never() {
            Some(Some(r)) => {
                r.map_err(|e| TestCaseError::fail(e.to_string()))?;
            }
            Some(None) => return Ok(()),
            None => {}
        }
    }
    Ok(())
}

fn run(specs: Vec<Spec>, steps: Vec<Step>, script: Vec<u8>) -> Result<(), TestCaseError> {
    let fake = Arc::new(Fake::default());
    {
        let mut st = fake.st();
        st.healthy = true;
        st.script = script.into();
    }
    let writer = Writer::new(fake.clone(), Duration::ZERO);
    let out = Outcomes::new(None);
    let mut world = World {
        fake: &fake,
        writer: &writer,
        out: &out,
        log: [Vec::new(), Vec::new()],
        reached: [0, 0],
        checkpoint: [None, None],
        lost: [false, false],
        bad_deliveries: 0,
    };
    let mut order = Vec::new();
    for s in &specs {
        let seq = world.log[s.partition].len() as i64;
        world.log[s.partition].push(event(s, seq));
        order.push(s.partition);
    }
    let mut next = 0;
    let mut flushing: Flushing<'_> = FuturesUnordered::new();
    for step in steps {
        match step {
            Step::Deliver => {
                if let Some(&p) = order.get(next) {
                    next += 1;
                    world.read_next(p);
                }
            }
            Step::Flush => flushing.push(Box::pin(writer.flush(&out, 2))),
            Step::Poll => poll_all(&mut flushing, 1)?,
            Step::Redeliver => world.redeliver(),
            Step::Lose(p) => world.lose(p),
            Step::Regain(p) => world.regain(p),
            Step::Checkpoint => (0..2).for_each(|p| {
                if !world.lost[p] {
                    world.take_checkpoint(p)
                }
            }),
            Step::Health(h) => fake.st().healthy = h,
        }
    }
    // The rest of the stream, every partition owned again, a healthy store: drain.
    world.regain(0);
    world.regain(1);
    while let Some(&p) = order.get(next) {
        next += 1;
        world.read_next(p);
    }
    {
        let mut st = fake.st();
        st.healthy = true;
        st.script.clear();
    }
    for _ in 0..100 {
        poll_all(&mut flushing, 10_000)?;
        prop_assert!(flushing.is_empty(), "flushes finish");
        world.redeliver();
        flushing.push(Box::pin(writer.flush(&out, 2)));
        poll_all(&mut flushing, 10_000)?;
        if writer.pending_events() == 0 && out.held() == 0 {
            break;
        }
    }
    let st = fake.st();
    prop_assert!(st.violations.is_empty(), "{:?}", st.violations);
    prop_assert_eq!(writer.pending_events(), 0, "{:#?}", writer.coalescer());
    prop_assert_eq!(
        out.tracker
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .outstanding(),
        0,
        "every event done or dead-lettered"
    );
    let dead = out.dead_lettered.load(std::sync::atomic::Ordering::Relaxed);
    prop_assert!(
        dead <= world.bad_deliveries,
        "only events with a refused path are dead-lettered ({dead} > {})",
        world.bad_deliveries
    );
    prop_assert_eq!(dead > 0, world.bad_deliveries > 0);
    // Each twin ends on the newest value of every path.
    let mut newest: HashMap<(String, String), OrderKey> = HashMap::new();
    for e in world.log.iter().flatten() {
        let b = e.body_json().unwrap_or_default();
        let bits = b["paths"].as_u64().unwrap_or_default();
        for (i, path) in PATHS.iter().enumerate().take(2) {
            if bits & (1 << i) != 0 {
                let at = (format!("t{}", b["twin"]), path.to_string());
                let k = key(e);
                if newest.get(&at).is_none_or(|n| *n < k) {
                    newest.insert(at, k);
                }
            }
        }
    }
    for (at, k) in &newest {
        prop_assert_eq!(st.twins.get(at), Some(&value_of(k)), "{:?}", at);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn the_newest_value_of_every_path_wins_whatever_the_interleaving(
        specs in proptest::collection::vec(spec(), 1..40),
        steps in proptest::collection::vec(step(), 0..120),
        script in proptest::collection::vec(any::<u8>(), 0..200),
    ) {
        run(specs, steps, script)?;
    }
}

#[test]
fn a_refused_path_dead_letters_only_its_events_and_the_rest_of_the_patch_lands() {
    let fake = Arc::new(Fake::default());
    fake.st().healthy = true;
    let writer = Writer::new(fake.clone(), Duration::ZERO);
    let out = Outcomes::new(None);
    let good = Spec {
        twin: 0,
        partition: 0,
        time: 1,
        paths: 0b011,
    };
    let bad = Spec {
        twin: 0,
        partition: 0,
        time: 2,
        paths: 0b100,
    };
    let events = [event(&good, 0), event(&bad, 1)];
    out.delivered(&events);
    for e in events {
        handle(&writer, e, &out);
    }
    let report = writer
        .flush(&out, 1)
        .now_or_never()
        .expect("no real waiting")
        .unwrap();
    assert_eq!(
        report.patches, 2,
        "the good paths went out in their own PATCHes"
    );
    assert_eq!(report.refused_twins, vec!["t0".to_string()]);
    assert_eq!(
        out.dead_lettered.load(std::sync::atomic::Ordering::Relaxed),
        1,
        "only the event with the refused path"
    );
    assert_eq!(out.done.load(std::sync::atomic::Ordering::Relaxed), 2);
    let st = fake.st();
    assert_eq!(
        st.twins.get(&("t0".into(), "/a".into())),
        Some(&value_of(&(1, "0".into(), 0)))
    );
}

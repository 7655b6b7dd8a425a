//! The runner every target shares: proptest with a case count and seed from the environment, a
//! watchdog that turns a hung case into a reported failure, quiet panics while shrinking, and a
//! one-line summary (`fuzz TARGET: N executions ...`) that `bench/fuzz.sh` adds up.
//!
//! - `TWINBRIDGE_FUZZ_CASES`: cases per target (default: the target's own, a few seconds' worth).
//! - `TWINBRIDGE_FUZZ_SEED`: the RNG seed (default fixed, so CI is deterministic; the runner
//!   script passes a fresh one each round). A failure prints the seed that reproduces it.
//! - `TWINBRIDGE_FUZZ_CASE_TIMEOUT_MS`: a case running longer is a hang (default 10000).
//! - `TWINBRIDGE_FUZZ_TRACE`: print every input before running it (to find the one that kills
//!   the process, e.g. with a stack overflow).
use proptest::strategy::Strategy;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestError, TestRunner};
use std::cell::RefCell;
use std::fmt::Debug;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Once};
use std::time::{Duration, Instant};

/// The default seed: CI runs the same cases every time.
const DEFAULT_SEED: u64 = 0x7b1d_9e5a_f022_0012;

fn env_u64(key: &str) -> Option<u64> {
    let v = std::env::var(key).ok()?;
    let v = v.trim();
    match v.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => v.parse().ok(),
    }
}

/// Cases for this run: `TWINBRIDGE_FUZZ_CASES`, else the target's default.
pub fn cases(default: u32) -> u32 {
    env_u64("TWINBRIDGE_FUZZ_CASES")
        .map(|n| n.clamp(1, u32::MAX as u64) as u32)
        .unwrap_or(default)
}

/// The seed for this run.
pub fn seed() -> u64 {
    env_u64("TWINBRIDGE_FUZZ_SEED").unwrap_or(DEFAULT_SEED)
}

/// How long one case may run before it counts as a hang.
pub fn case_timeout() -> Duration {
    Duration::from_millis(env_u64("TWINBRIDGE_FUZZ_CASE_TIMEOUT_MS").unwrap_or(10_000))
}

thread_local! {
    /// Set on a thread while it runs fuzz cases: its panics are recorded, not printed.
    static QUIET: RefCell<Option<String>> = const { RefCell::new(None) };
    /// How many cases reached each named stage (see [`reached`]).
    static STAGES: RefCell<std::collections::BTreeMap<&'static str, u64>> =
        const { RefCell::new(std::collections::BTreeMap::new()) };
}

/// Count a case that reached `stage` (e.g. "parsed"); the summary line shows the counts, so a
/// target whose inputs never get past the first check is easy to spot.
pub fn reached(stage: &'static str) {
    STAGES.with(|s| *s.borrow_mut().entry(stage).or_default() += 1);
}

/// Panics on threads that are not running cases, and the last one's message: a panic in a task
/// the case started (the emulator's connection and worker tasks) fails the case too.
static PANICS: AtomicU64 = AtomicU64::new(0);
static LAST_PANIC: Mutex<String> = Mutex::new(String::new());

/// Install (once) a panic hook that records panics of fuzzing threads instead of printing them
/// with a backtrace for every shrink step; other threads keep the default hook.
fn install_quiet_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let recorded = QUIET.with(|q| {
                let mut q = q.borrow_mut();
                match q.as_mut() {
                    Some(slot) => {
                        *slot = info.to_string();
                        true
                    }
                    None => false,
                }
            });
            if !recorded {
                // Not a case's own thread: a task the case started (or another test).
                PANICS.fetch_add(1, Ordering::SeqCst);
                *LAST_PANIC.lock().unwrap_or_else(|p| p.into_inner()) = info.to_string();
                default(info);
            }
        }));
    });
}

/// The case being run, for the watchdog.
struct Current<T> {
    started: Option<Instant>,
    input: Option<T>,
}

/// Run `test` on `cases` values of `strategy`. A failing case is shrunk and reported with its
/// minimal input and the seed; a case that runs longer than [`case_timeout`] ends the process
/// with the input printed (a hang cannot be unwound).
pub fn run<S>(
    name: &str,
    default_cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
    S: Strategy,
    S::Value: Clone + Debug + Send + 'static,
{
    install_quiet_hook();
    let cases = cases(default_cases);
    let seed = seed();
    let limit = case_timeout();
    let config = Config {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: None,
        max_shrink_time: 120_000,
        max_shrink_iters: 4096,
        max_global_rejects: cases.saturating_mul(8).max(1024),
        max_local_rejects: 65_536,
        ..Config::default()
    };
    let current: Arc<Mutex<Current<S::Value>>> = Arc::new(Mutex::new(Current {
        started: None,
        input: None,
    }));
    let done = Arc::new(AtomicBool::new(false));
    let watchdog = {
        let (current, done, name) = (current.clone(), done.clone(), name.to_string());
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(100));
                let cur = current.lock().unwrap_or_else(|p| p.into_inner());
                if let (Some(t), Some(input)) = (cur.started, &cur.input)
                    && t.elapsed() > limit
                {
                    eprintln!(
                        "fuzz {name}: HANG: a case ran longer than {limit:?} (TWINBRIDGE_FUZZ_SEED={seed})\ninput: {input:#?}"
                    );
                    std::process::exit(86);
                }
            }
        })
    };
    // TWINBRIDGE_FUZZ_TRACE=1 prints every input before it runs: the last one printed is the
    // culprit when a case kills the process (a stack overflow aborts without unwinding).
    let trace = std::env::var_os("TWINBRIDGE_FUZZ_TRACE").is_some();
    let execs = AtomicU64::new(0);
    let started = Instant::now();
    QUIET.with(|q| *q.borrow_mut() = Some(String::new()));
    STAGES.with(|s| s.borrow_mut().clear());
    let mut runner = TestRunner::new(config);
    let result = runner.run(&strategy, |input| {
        execs.fetch_add(1, Ordering::Relaxed);
        {
            let mut cur = current.lock().unwrap_or_else(|p| p.into_inner());
            cur.input = Some(input.clone());
            cur.started = Some(Instant::now());
        }
        if trace {
            eprintln!("fuzz {name}: case {input:?}");
        }
        let panics = PANICS.load(Ordering::SeqCst);
        let out = test(input);
        current.lock().unwrap_or_else(|p| p.into_inner()).started = None;
        if out.is_ok() && PANICS.load(Ordering::SeqCst) != panics {
            let last = LAST_PANIC.lock().unwrap_or_else(|p| p.into_inner()).clone();
            return Err(TestCaseError::fail(format!(
                "a task panicked during the case: {last}"
            )));
        }
        out
    });
    let last_panic = QUIET.with(|q| q.borrow_mut().take()).unwrap_or_default();
    done.store(true, Ordering::Relaxed);
    let _ = watchdog.join();
    let execs = execs.load(Ordering::Relaxed);
    let elapsed = started.elapsed();
    let stages = STAGES.with(|s| {
        s.borrow()
            .iter()
            .map(|(k, v)| format!(" {k}={v}"))
            .collect::<String>()
    });
    eprintln!(
        "fuzz {name}: {execs} executions, {cases} cases, seed {seed}, {:.1}s;{stages}",
        elapsed.as_secs_f64()
    );
    match result {
        Ok(()) => {}
        Err(TestError::Fail(reason, input)) => panic!(
            "fuzz {name}: FAILURE (TWINBRIDGE_FUZZ_SEED={seed}): {reason}\nlast panic: {last_panic}\nminimal input: {input:#?}"
        ),
        Err(TestError::Abort(reason)) => {
            panic!("fuzz {name}: aborted (TWINBRIDGE_FUZZ_SEED={seed}): {reason}")
        }
    }
}

/// Fail the case unless `cond` holds, with a message.
#[macro_export]
macro_rules! check {
    ($cond:expr, $($fmt:tt)+) => {
        if !$cond {
            return Err(proptest::test_runner::TestCaseError::fail(format!($($fmt)+)));
        }
    };
}

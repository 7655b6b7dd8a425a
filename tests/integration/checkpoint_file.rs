//! The file checkpoint store's OS lock, checked with a second process: while another process
//! holds `ownership.lock`, a claim waits; when it lets go, the claim goes through.
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, BufReader};
use twinbridge::events::checkpoint::{CheckpointStore, FileCheckpointStore, Ownership};

const NS: &str = "myns.servicebus.windows.net";

#[tokio::test]
async fn a_claim_waits_while_another_process_holds_the_lock() {
    let dir = tempfile::tempdir().unwrap();
    let store = FileCheckpointStore::new(dir.path());
    let first = store
        .claim_ownership(&[Ownership::new(NS, "hub", "$Default", "0", "A")])
        .await
        .unwrap();
    assert_eq!(first.len(), 1);
    let lock = dir.path().join(NS).join("hub/$default/ownership.lock");
    assert!(lock.exists(), "{}", lock.display());

    // Another process takes the same lock (flock, as std's File::lock does on Linux) for 1.5 s.
    // Python's standard library is all it needs: the system `python3`, not the SDK peers.
    let mut child = tokio::process::Command::new("python3")
        .args([
            "-c",
            "import fcntl, sys, time\nf = open(sys.argv[1], 'a')\nfcntl.flock(f, fcntl.LOCK_EX)\nprint('locked', flush=True)\ntime.sleep(1.5)",
        ])
        .arg(&lock)
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("python runs");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    assert_eq!(lines.next_line().await.unwrap().as_deref(), Some("locked"));

    let started = Instant::now();
    let won = store
        .claim_ownership(&[Ownership::new(NS, "hub", "$Default", "1", "A")])
        .await
        .unwrap();
    let waited = started.elapsed();
    assert_eq!(won.len(), 1);
    assert!(
        waited >= Duration::from_millis(1000),
        "the claim did not wait for the lock: {waited:?}"
    );
    assert!(child.wait().await.unwrap().success());
}

//! The skip-or-require decision for missing peers (`peers.rs`), as a pure function and through
//! this test binary itself: a peer test run with its peer missing prints one skip line and
//! passes, and fails under `TWINBRIDGE_REQUIRE_PEERS=1`.
use super::peers::{Decision, Peer, REQUIRE_ENV, decide};
use std::path::PathBuf;
use std::process::Command;

#[test]
fn a_found_peer_is_used_and_an_explicit_path_wins() {
    let d = decide(Peer::Python, "t", None, |_| true, true);
    assert_eq!(d, Decision::Use(Peer::Python.default_path()));
    let mine = PathBuf::from("/opt/venv/bin/python");
    let d = decide(Peer::Python, "t", Some(mine.clone()), |p| p == mine, false);
    assert_eq!(d, Decision::Use(mine));
}

#[test]
fn a_missing_peer_is_one_skip_line_or_with_require_a_failure() {
    let Decision::Skip(line) = decide(Peer::Azurite, "blob::t", None, |_| false, false) else {
        panic!("not a skip");
    };
    assert!(!line.contains('\n'), "{line}");
    for part in [
        "skipped: blob::t needs Azurite",
        "tests/run-all.sh",
        "TWINBRIDGE_AZURITE",
    ] {
        assert!(line.contains(part), "{part:?} missing from {line}");
    }
    let explicit = PathBuf::from("/nowhere/python");
    let Decision::Fail(msg) = decide(Peer::Python, "t", Some(explicit), |_| false, true) else {
        panic!("not a failure");
    };
    for part in ["/nowhere/python", "TWINBRIDGE_PEER_PYTHON", REQUIRE_ENV] {
        assert!(msg.contains(part), "{part:?} missing from {msg}");
    }
}

/// Runs one peer test of this binary in a child process with its peer pointed at nothing.
fn run_peer_test_without_its_peer(require: bool) -> (bool, String, String) {
    let mut cmd = Command::new(std::env::current_exe().expect("test binary"));
    cmd.args([
        "--exact",
        "python_peer::official_python_client_agrees_with_the_emulator",
        "--test-threads=1",
    ])
    .env(
        "TWINBRIDGE_PEER_PYTHON",
        "/nonexistent/peers-venv/bin/python",
    )
    .env_remove(REQUIRE_ENV);
    if require {
        cmd.env(REQUIRE_ENV, "1");
    }
    let o = cmd.output().expect("the test binary runs");
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn a_peer_test_without_its_peer_skips_with_one_line() {
    let (ok, stdout, stderr) = run_peer_test_without_its_peer(false);
    assert!(ok, "{stdout}\n{stderr}");
    assert!(stdout.contains("1 passed"), "{stdout}");
    let skips: Vec<&str> = stderr.lines().filter(|l| l.contains("skipped")).collect();
    assert_eq!(skips.len(), 1, "{stderr}");
    assert!(
        skips[0].contains("python_peer::official_python_client_agrees_with_the_emulator"),
        "{}",
        skips[0]
    );
    assert!(skips[0].contains("tests/run-all.sh"), "{}", skips[0]);
}

#[test]
fn a_peer_test_without_its_peer_fails_when_peers_are_required() {
    let (ok, stdout, stderr) = run_peer_test_without_its_peer(true);
    assert!(!ok, "{stdout}\n{stderr}");
    let all = format!("{stdout}\n{stderr}");
    assert!(all.contains("1 failed"), "{all}");
    assert!(all.contains(REQUIRE_ENV), "{all}");
    assert!(!stderr.contains("skipped:"), "{stderr}");
}

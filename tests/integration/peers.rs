//! Where the tests find the peers nobody here wrote (Microsoft's Python SDK clients, Azurite), and
//! the one decision about a missing peer: the test is skipped with one line on stderr, unless
//! `TWINBRIDGE_REQUIRE_PEERS=1` (set by `tests/run-all.sh`, hence CI), which makes it a failure.
//! Shared by the `integration` and `cli` test binaries.
use std::io::Write;
use std::path::{Path, PathBuf};

/// Set to `1` to make a missing peer fail its test instead of skipping it.
pub const REQUIRE_ENV: &str = "TWINBRIDGE_REQUIRE_PEERS";

/// A program from outside the repository that some tests run against the emulator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Peer {
    /// The venv with Microsoft's Python SDK clients (`tests/peers/requirements.txt`).
    Python,
    /// Azurite's blob service (npm), for the blob checkpoint store.
    Azurite,
}

impl Peer {
    /// The environment variable that points at the peer instead of its default place.
    pub fn env(self) -> &'static str {
        match self {
            Peer::Python => "TWINBRIDGE_PEER_PYTHON",
            Peer::Azurite => "TWINBRIDGE_AZURITE",
        }
    }

    /// Where `tests/run-all.sh` installs it.
    pub fn default_path(self) -> PathBuf {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        match self {
            Peer::Python => root.join("target/peers-venv/bin/python"),
            Peer::Azurite => root.join("target/azurite/node_modules/.bin/azurite-blob"),
        }
    }

    fn what(self) -> &'static str {
        match self {
            Peer::Python => "the Python SDK peers (tests/peers/requirements.txt)",
            Peer::Azurite => "Azurite (npm azurite-blob)",
        }
    }
}

/// What a test does about one peer.
#[derive(Debug, PartialEq, Eq)]
pub enum Decision {
    Use(PathBuf),
    Skip(String),
    Fail(String),
}

/// The pure decision: `explicit` is the peer's environment variable, `exists` checks a path,
/// `require` is `TWINBRIDGE_REQUIRE_PEERS=1`. An explicit path wins over the default place.
pub fn decide(
    peer: Peer,
    test: &str,
    explicit: Option<PathBuf>,
    exists: impl Fn(&Path) -> bool,
    require: bool,
) -> Decision {
    let path = explicit.unwrap_or_else(|| peer.default_path());
    if exists(&path) {
        return Decision::Use(path);
    }
    let missing = format!(
        "{test} needs {} (not found at {}): run tests/run-all.sh to install it, or set {}",
        peer.what(),
        path.display(),
        peer.env()
    );
    if require {
        Decision::Fail(format!(
            "{missing} ({REQUIRE_ENV}=1 makes a missing peer a failure)"
        ))
    } else {
        Decision::Skip(format!("skipped: {missing}"))
    }
}

/// The peer's path, or `None` after printing the one skip line (the caller returns at once).
/// Panics when the peer is missing and `TWINBRIDGE_REQUIRE_PEERS=1`.
pub fn locate(peer: Peer) -> Option<PathBuf> {
    let current = std::thread::current();
    let test = current.name().unwrap_or("this test");
    let explicit = std::env::var_os(peer.env())
        .filter(|v| !v.is_empty())
        .map(PathBuf::from);
    let require = std::env::var(REQUIRE_ENV).is_ok_and(|v| v == "1");
    match decide(peer, test, explicit, Path::exists, require) {
        Decision::Use(path) => Some(path),
        Decision::Skip(line) => {
            // Straight to the process's stderr: the test harness captures eprintln! of passing
            // tests, and this line is for the person running plain `cargo test`.
            let _ = writeln!(std::io::stderr().lock(), "{line}");
            None
        }
        Decision::Fail(message) => panic!("{message}"),
    }
}

/// The Python interpreter of the peers' venv (`None`: skipped).
pub fn python() -> Option<PathBuf> {
    locate(Peer::Python)
}

/// Azurite's `azurite-blob` (`None`: skipped).
pub fn azurite() -> Option<PathBuf> {
    locate(Peer::Azurite)
}

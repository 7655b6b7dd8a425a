//! The emulator checked by a peer nobody here wrote: Microsoft's Python `azure-digitaltwins-core`.
//! `tests/run-all.sh` installs it into `target/peers-venv`; `TWINBRIDGE_PEER_PYTHON` overrides.
use super::support::*;
use std::path::PathBuf;

pub fn peer_python() -> PathBuf {
    if let Some(p) = std::env::var_os("TWINBRIDGE_PEER_PYTHON") {
        return PathBuf::from(p);
    }
    let venv = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/peers-venv/bin/python");
    assert!(
        venv.exists(),
        "the Python peer clients are not installed at {}: run tests/run-all.sh (it installs them) or set TWINBRIDGE_PEER_PYTHON",
        venv.display()
    );
    venv
}

#[tokio::test]
async fn official_python_client_agrees_with_the_emulator() {
    let python = peer_python();
    let emu = emulator().await;
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/peers/adt_peer.py");
    let models = models_dir();
    let out = tokio::process::Command::new(&python)
        .arg(&script)
        .arg(emu.adt_url())
        .arg(&models)
        .output()
        .await
        .expect("python runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "peer failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains("OK"), "{stdout}");
    emu.stop().await;
}

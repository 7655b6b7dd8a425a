//! The emulator checked by a peer nobody here wrote: Microsoft's Python `azure-digitaltwins-core`.
//! `tests/run-all.sh` installs it into `target/peers-venv`; `TWINBRIDGE_PEER_PYTHON` overrides;
//! where it is missing the test is skipped (see `peers.rs`).
use super::support::*;
use std::path::PathBuf;

#[tokio::test]
async fn official_python_client_agrees_with_the_emulator() {
    let Some(python) = super::peers::python() else {
        return;
    };
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

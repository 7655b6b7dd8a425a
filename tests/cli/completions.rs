//! The checked-in completion scripts match what the binary generates. To refresh them:
//! `TWINBRIDGE_UPDATE_COMPLETIONS=1 cargo test --test cli completions`.
use super::support::*;
use std::path::PathBuf;

const SHELLS: &[(&str, &str)] = &[
    ("bash", "twinbridge.bash"),
    ("zsh", "_twinbridge"),
    ("fish", "twinbridge.fish"),
    ("powershell", "_twinbridge.ps1"),
    ("elvish", "twinbridge.elv"),
];

#[test]
fn checked_in_completions_are_fresh() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("completions");
    let update = std::env::var_os("TWINBRIDGE_UPDATE_COMPLETIONS").is_some();
    let mut stale = Vec::new();
    for (shell, file) in SHELLS {
        let o = Tb::new().run(&["completions", shell]);
        assert_eq!(code(&o), 0, "{shell}: {}", stderr(&o));
        let fresh = stdout(&o);
        assert!(fresh.contains("twinbridge"), "{shell}");
        let path = dir.join(file);
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &fresh).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(fresh.as_str()) {
            stale.push(path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "stale completion scripts: {stale:?}\nregenerate with: TWINBRIDGE_UPDATE_COMPLETIONS=1 cargo test --test cli completions"
    );
}

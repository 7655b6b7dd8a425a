//! `--help` teaches: every command is present with real help text.
use super::support::*;

#[test]
fn top_level_help_lists_every_command_and_exit_codes() {
    let o = Tb::new().run(&["--help"]);
    assert_eq!(code(&o), 0);
    let out = stdout(&o);
    for cmd in [
        "allocate",
        "sync-telemetry",
        "watch-lifecycle",
        "simulate-device",
        "devices",
        "models",
        "twins",
        "emulator",
        "completions",
    ] {
        assert!(out.contains(cmd), "--help lists {cmd}:\n{out}");
    }
    assert!(out.contains("Exit codes"), "{out}");
    assert!(out.contains("TWINBRIDGE_ADT_URL"), "{out}");
}

#[test]
fn subcommand_help_explains_options() {
    for (args, needle) in [
        (vec!["twins", "list", "--help"], "IS_OF_MODEL"),
        (vec!["twins", "delete", "--help"], "--with-relationships"),
        (vec!["twins", "query", "--help"], "SELECT"),
        (vec!["emulator", "--help"], "--fault-rate"),
        (vec!["emulator", "--help"], "NAME:PARTITIONS"),
        (vec!["models", "--help"], "upload"),
        (vec!["models", "upload", "--help"], "--dry-run"),
        (vec!["models", "delete", "--help"], "--decommission"),
        (vec!["completions", "--help"], "bash"),
        (vec!["allocate", "--help"], "--allow-model"),
        (vec!["allocate", "serve", "--help"], "--key-file"),
    ] {
        let o = Tb::new().run(&args);
        assert_eq!(code(&o), 0, "{args:?}");
        assert!(
            stdout(&o).contains(needle),
            "{args:?} help mentions {needle}:\n{}",
            stdout(&o)
        );
    }
}

#[test]
fn consumers_without_a_source_exit_2_naming_the_settings() {
    for args in [
        vec!["sync-telemetry"],
        vec!["watch-lifecycle", "--allow-model", "*"],
    ] {
        let o = Tb::new()
            .env("TWINBRIDGE_ADT_URL", "http://127.0.0.1:9")
            .run(&args);
        assert_eq!(code(&o), 2, "{args:?}");
        assert!(stderr(&o).contains("--from-file"), "{}", stderr(&o));
    }
}

#[test]
fn usage_errors_exit_2() {
    let o = Tb::new().run(&["twins", "show"]);
    assert_eq!(code(&o), 2);
    let o = Tb::new().run(&["--format", "yaml", "twins", "list"]);
    assert_eq!(code(&o), 2);
    let o = Tb::new().run(&["twins", "list"]);
    assert_eq!(code(&o), 2, "no ADT URL configured");
    assert!(stderr(&o).contains("--adt-url"), "{}", stderr(&o));
}

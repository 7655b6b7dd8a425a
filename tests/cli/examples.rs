//! The operating examples in `examples/` (tmux script, cron file, systemd units) and the bench
//! scripts stay runnable: shell and Python parse, cron lines are valid, and every `twinbridge`
//! invocation in them uses a subcommand and flags that the binary's `--help` lists.
use super::support::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Commands added in parallel branches: invocations of these are checked once the binary has
/// them, and skipped (not failed) while it does not.
const PENDING: &[&str] = &["mappings", "demo"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files(dir: &str, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    v.sort();
    v
}

#[test]
fn shell_and_python_scripts_parse() {
    let mut scripts = files("examples", "sh");
    scripts.extend(files("bench", "sh"));
    assert!(scripts.len() >= 6, "{scripts:?}");
    for s in &scripts {
        let o = Command::new("bash").arg("-n").arg(s).output().unwrap();
        assert!(
            o.status.success(),
            "bash -n {}: {}",
            s.display(),
            stderr(&o)
        );
    }
    for p in files("bench", "py") {
        let o = Command::new("python3")
            .args([
                "-c",
                "import ast,sys; ast.parse(open(sys.argv[1]).read(), sys.argv[1])",
            ])
            .arg(&p)
            .output()
            .unwrap();
        assert!(o.status.success(), "{} parses: {}", p.display(), stderr(&o));
    }
}

#[test]
fn tmux_script_and_bench_runner_answer_help() {
    let o = Command::new(root().join("examples/tmux-pipeline.sh"))
        .arg("--help")
        .output()
        .unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("watch-lifecycle"), "{}", stdout(&o));
    let o = Command::new(root().join("examples/tmux-pipeline.sh"))
        .arg("--bogus")
        .output()
        .unwrap();
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("--bogus"), "{}", stderr(&o));
    let o = Command::new(root().join("bench/run-all.sh"))
        .arg("--help")
        .output()
        .unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    for flag in ["--quick", "--json", "--only"] {
        assert!(stdout(&o).contains(flag), "{}", stdout(&o));
    }
}

/// `twinbridge ARGS --help`, or None when that is not a command.
fn help(tb: &Tb, path: &[&str]) -> Option<String> {
    let mut args = path.to_vec();
    args.push("--help");
    let o = tb.run(&args);
    (code(&o) == 0).then(|| stdout(&o))
}

fn has_flag(help: &str, flag: &str) -> bool {
    help.match_indices(flag).any(|(i, _)| {
        !help[i + flag.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '-')
    })
}

/// Logical lines (backslash continuations joined), comments and blank lines dropped.
fn command_lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for line in text.lines() {
        if cur.is_empty() && line.trim_start().starts_with('#') {
            continue;
        }
        match line.strip_suffix('\\') {
            Some(l) => cur.push_str(l),
            None => {
                cur.push_str(line);
                if !cur.trim().is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                cur.clear();
            }
        }
    }
    out
}

fn is_binary(tok: &str) -> bool {
    let t = tok.trim_matches(|c| "\"'(".contains(c));
    t == "twinbridge" || t.ends_with("/twinbridge") || t == "$TB" || t == "${TB}"
}

/// Every `twinbridge SUBCOMMAND --flags` in `text`: (subcommand path, flags). Only words that
/// are subcommands of the binary (or PENDING) count as invocations.
fn invocations(tb: &Tb, commands: &[String], text: &str) -> Vec<(Vec<String>, Vec<String>)> {
    let mut out = Vec::new();
    for line in command_lines(text) {
        let toks: Vec<&str> = line.split_whitespace().collect();
        for (i, t) in toks.iter().enumerate() {
            if !is_binary(t) {
                continue;
            }
            let Some(sub) = toks.get(i + 1).map(|s| s.trim_matches('"')) else {
                continue;
            };
            if !commands.iter().any(|c| c == sub) && !PENDING.contains(&sub) {
                continue;
            }
            let mut path = vec![sub.to_string()];
            if let Some(next) = toks.get(i + 2)
                && next.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                && !next.starts_with('-')
                && help(tb, &[sub, next]).is_some()
            {
                path.push(next.to_string());
            }
            let mut flags = Vec::new();
            for tok in &toks[i + 1 + path.len()..] {
                let closes = tok.ends_with(')') && !tok.contains('(');
                if tok.contains('>') || ["|", "||", "&&", ";"].contains(tok) || closes {
                    break;
                }
                if let Some(f) = tok.strip_prefix("--") {
                    let name = f.split('=').next().unwrap_or(f).trim_end_matches(';');
                    flags.push(format!("--{name}"));
                }
                if tok.ends_with(';') || tok.ends_with("';") {
                    break;
                }
            }
            out.push((path, flags));
        }
    }
    out
}

#[test]
fn examples_use_only_existing_subcommands_and_flags() {
    let tb = Tb::new();
    let top = help(&tb, &[]).unwrap();
    // the "Commands:" block of the top-level help
    let commands: Vec<String> = top
        .split("Commands:")
        .nth(1)
        .unwrap()
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(String::from))
        .collect();
    assert!(
        commands.iter().any(|c| c == "sync-telemetry"),
        "{commands:?}"
    );
    // (file, subcommands that must be invoked in it)
    let expected: &[(&str, &[&str])] = &[
        (
            "examples/tmux-pipeline.sh",
            &["watch-lifecycle", "sync-telemetry"],
        ),
        (
            "examples/twinbridge.cron",
            &["mappings", "sync-telemetry", "watch-lifecycle"],
        ),
        (
            "examples/twinbridge-sync-telemetry.service",
            &["sync-telemetry"],
        ),
        (
            "examples/twinbridge-watch-lifecycle.service",
            &["watch-lifecycle"],
        ),
    ];
    let mut helps: BTreeMap<Vec<String>, Option<String>> = BTreeMap::new();
    for (file, must) in expected {
        let text = std::fs::read_to_string(root().join(file)).unwrap();
        let found = invocations(&tb, &commands, &text);
        for m in *must {
            assert!(
                found.iter().any(|(p, _)| p[0] == *m),
                "{file} runs `twinbridge {m}`: found {found:?}"
            );
        }
        for (path, flags) in &found {
            // watch-lifecycle refuses to start without an allow-list of models it may delete
            // (an invocation without flags is a mention in a message, not a command line)
            assert!(
                path[0] != "watch-lifecycle"
                    || flags.is_empty()
                    || flags.iter().any(|f| f == "--allow-model"),
                "{file}: `twinbridge watch-lifecycle` without --allow-model: {flags:?}"
            );
        }
        for (path, flags) in found {
            let h = helps
                .entry(path.clone())
                .or_insert_with(|| {
                    let p: Vec<&str> = path.iter().map(String::as_str).collect();
                    help(&tb, &p)
                })
                .clone();
            let Some(h) = h else {
                assert!(
                    PENDING.contains(&path[0].as_str()),
                    "{file}: `twinbridge {}` is not a command",
                    path.join(" ")
                );
                continue; // a command of a parallel branch, not in this binary yet
            };
            for f in flags {
                assert!(
                    has_flag(&h, &f),
                    "{file}: `twinbridge {} {f}`: no such flag in its --help",
                    path.join(" ")
                );
            }
        }
    }
}

/// One crontab schedule field: `*`, N, N-M, lists, `/step`, month and weekday names.
fn cron_field_ok(field: &str, min: u32, max: u32, names: &[&str]) -> bool {
    let value = |s: &str| -> Option<u32> {
        s.parse::<u32>().ok().or_else(|| {
            names
                .iter()
                .position(|n| n.eq_ignore_ascii_case(s))
                .map(|i| i as u32 + min)
        })
    };
    field.split(',').all(|item| {
        let (range, step) = match item.split_once('/') {
            Some((r, s)) => (r, Some(s)),
            None => (item, None),
        };
        let step_ok = step.is_none_or(|s| s.parse::<u32>().is_ok_and(|n| n > 0));
        let range_ok = range == "*"
            || match range.split_once('-') {
                Some((a, b)) => matches!((value(a), value(b)), (Some(a), Some(b)) if min <= a && a <= b && b <= max),
                None => value(range).is_some_and(|v| (min..=max).contains(&v)),
            };
        step_ok && range_ok
    })
}

#[test]
fn cron_example_lines_parse() {
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let days = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
    let text = std::fs::read_to_string(root().join("examples/twinbridge.cron")).unwrap();
    let mut jobs = 0;
    for (n, line) in text.lines().enumerate() {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        let n = n + 1;
        if let Some((name, _)) = l.split_once('=')
            && !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            continue; // an environment line
        }
        let fields: Vec<&str> = l.splitn(6, char::is_whitespace).collect();
        assert_eq!(
            fields.len(),
            6,
            "line {n}: 5 schedule fields and a command: {l}"
        );
        let limits: [(u32, u32, &[&str]); 5] = [
            (0, 59, &[]),
            (0, 23, &[]),
            (1, 31, &[]),
            (1, 12, &months),
            (0, 7, &days),
        ];
        for (i, (min, max, names)) in limits.iter().enumerate() {
            assert!(
                cron_field_ok(fields[i], *min, *max, names),
                "line {n}: schedule field {} `{}` is not valid",
                i + 1,
                fields[i]
            );
        }
        let cmd = fields[5];
        let unescaped = cmd
            .match_indices('%')
            .any(|(i, _)| !cmd[..i].ends_with('\\'));
        assert!(
            !unescaped,
            "line {n}: a bare % ends the command in cron: {cmd}"
        );
        assert!(
            cmd.starts_with("flock -n "),
            "line {n}: jobs hold a lock: {cmd}"
        );
        assert!(cmd.contains("2>>"), "line {n}: jobs log stderr: {cmd}");
        jobs += 1;
    }
    assert!(jobs >= 4, "{jobs} jobs");
    assert!(cron_field_ok("*/15", 0, 59, &[]) && !cron_field_ok("61", 0, 59, &[]));
    assert!(cron_field_ok("mon-fri", 0, 7, &days) && !cron_field_ok("*/0", 0, 59, &[]));
}

#[test]
fn systemd_units_have_their_sections() {
    for unit in files("examples", "service") {
        let text = std::fs::read_to_string(&unit).unwrap();
        for section in ["[Unit]", "[Service]", "[Install]"] {
            assert!(text.contains(section), "{} has {section}", unit.display());
        }
        let exec = text.lines().find(|l| l.starts_with("ExecStart=/"));
        assert!(
            exec.is_some(),
            "{}: ExecStart= with an absolute path",
            unit.display()
        );
        assert!(Path::new(&unit).exists());
    }
}

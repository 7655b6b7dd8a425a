//! The deployment artifacts stay true to the binary: the Dockerfile's shape, the image built
//! and run by examples/deploy/build-image.sh (with TWINBRIDGE_TEST_CONTAINER=1: it needs root,
//! podman and debootstrap, and minutes), every twinbridge flag and environment variable the
//! Kubernetes, Container Apps and systemd files use, and the alert rules against the metrics.
use super::support::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(p: &str) -> String {
    std::fs::read_to_string(root().join(p)).unwrap_or_else(|e| panic!("{p}: {e}"))
}

#[test]
fn dockerfile_is_multi_stage_non_root_with_entrypoint_healthcheck_and_labels() {
    let d = read("Dockerfile");
    let froms: Vec<&str> = d.lines().filter(|l| l.starts_with("FROM ")).collect();
    assert!(froms.len() >= 3, "multi-stage: {froms:?}");
    assert!(d.contains("ARG RUNTIME_IMAGE=docker.io/library/debian:bookworm-slim"));
    assert!(d.contains("ARG RUST_IMAGE="));
    let runtime = &d[d.find("AS runtime").expect("a runtime stage")..];
    for needle in [
        "USER 65532:65532",
        "ENTRYPOINT [\"/usr/local/bin/twinbridge\"]",
        "HEALTHCHECK ",
        "/healthz",
        "org.opencontainers.image.title",
        "org.opencontainers.image.version",
        "org.opencontainers.image.licenses",
    ] {
        assert!(runtime.contains(needle), "runtime stage has {needle}");
    }
    // nothing secret baked in: no key, connection string or token in ENV/ARG lines
    for l in d
        .lines()
        .filter(|l| l.trim_start().starts_with("ENV") || l.trim_start().starts_with("ARG"))
    {
        let u = l.to_ascii_uppercase();
        for bad in ["KEY", "SECRET", "CONNECTION_STRING", "PASSWORD", "TOKEN"] {
            assert!(!u.contains(bad), "secret-looking build setting: {l}");
        }
    }
    let ignore = read(".dockerignore");
    assert!(ignore.lines().any(|l| l.trim() == "target/*"), "{ignore}");
    // the build script parses and explains itself
    let script = root().join("examples/deploy/build-image.sh");
    let o = Command::new("bash")
        .arg("-n")
        .arg(&script)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let o = Command::new(&script).arg("--help").output().unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("podman"), "{}", stdout(&o));
}

/// Builds the image with podman from a base assembled here and runs it (podman run, or the
/// exported filesystem under chroot where the sandbox refuses containers). Opt-in: needs root,
/// podman and debootstrap, and a few minutes the first time.
#[test]
fn container_image_builds_and_runs_when_enabled() {
    if std::env::var_os("TWINBRIDGE_TEST_CONTAINER").is_none() {
        eprintln!(
            "container build not run: set TWINBRIDGE_TEST_CONTAINER=1 (root, podman, debootstrap)"
        );
        return;
    }
    let tag = "localhost/twinbridge:test";
    let o = Command::new(root().join("examples/deploy/build-image.sh"))
        .args(["--tag", tag, "--binary", bin().to_str().unwrap()])
        .output()
        .unwrap();
    let out = stdout(&o);
    assert_eq!(code(&o), 0, "{out}\n{}", stderr(&o));
    for needle in [
        "user 65532:65532",
        "twinbridge 0.1.0",
        "GET /healthz -> HTTP/1.0 200",
        "GET /readyz  -> HTTP/1.0 503",
        "HEALTHCHECK -> healthy",
        "SIGTERM -> exit 0",
        "OK: ",
    ] {
        assert!(out.contains(needle), "{needle} in:\n{out}");
    }
}

/// YAML files under examples/deploy, recursively.
fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            yaml_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
            out.push(p);
        }
    }
}

fn unquote(s: &str) -> String {
    let s = s.trim();
    s.strip_prefix('"')
        .and_then(|x| x.strip_suffix('"'))
        .or_else(|| s.strip_prefix('\'').and_then(|x| x.strip_suffix('\'')))
        .unwrap_or(s)
        .to_string()
}

/// Every `args:` list of a YAML file (flow `[a, b]` or block `- a` items), comments dropped.
fn args_lists(text: &str) -> Vec<Vec<String>> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim_start();
        let Some(rest) = t.strip_prefix("args:") else {
            continue;
        };
        let indent = l.len() - t.len();
        let rest = rest.trim();
        if let Some(flow) = rest.strip_prefix('[') {
            let flow = flow
                .trim_end()
                .strip_suffix(']')
                .expect("one-line flow list");
            out.push(flow.split(',').map(unquote).collect());
            continue;
        }
        let mut items = Vec::new();
        for next in &lines[i + 1..] {
            let nt = next.trim_start();
            if nt.is_empty() || nt.starts_with('#') {
                continue;
            }
            if next.len() - nt.len() < indent || !nt.starts_with("- ") {
                break;
            }
            items.push(unquote(&nt[2..]));
        }
        out.push(items);
    }
    out
}

/// TWINBRIDGE_* and AZURE_* names a file sets: `name: X` (env lists), `X:` (secret data),
/// `Environment=X=` (systemd).
fn env_names(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for l in text.lines() {
        let t = l.trim_start().trim_start_matches("- ");
        if t.starts_with('#') {
            continue;
        }
        let candidate = t
            .strip_prefix("name:")
            .map(str::trim)
            .or_else(|| {
                t.strip_prefix("Environment=")
                    .and_then(|x| x.split('=').next())
            })
            .or_else(|| t.split(':').next().filter(|k| !k.contains(' ')));
        if let Some(c) = candidate.map(unquote)
            && (c.starts_with("TWINBRIDGE_") || c.starts_with("AZURE_"))
        {
            out.insert(c);
        }
    }
    out
}

fn help_of(tb: &Tb, path: &[String]) -> String {
    let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
    args.push("--help");
    let o = tb.run(&args);
    assert_eq!(code(&o), 0, "`twinbridge {}` is a command", path.join(" "));
    stdout(&o)
}

fn has_flag(help: &str, flag: &str) -> bool {
    help.match_indices(flag).any(|(i, _)| {
        !help[i + flag.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '-')
    })
}

#[test]
fn deploy_manifests_use_only_existing_commands_flags_and_env_vars() {
    let tb = Tb::new();
    let mut files = Vec::new();
    yaml_files(&root().join("examples/deploy"), &mut files);
    for unit in std::fs::read_dir(root().join("examples")).unwrap() {
        let p = unit.unwrap().path();
        if p.extension().is_some_and(|x| x == "service") {
            files.push(p);
        }
    }
    files.sort();
    assert!(files.len() >= 8, "{files:?}");
    let mut helps: BTreeMap<Vec<String>, String> = BTreeMap::new();
    let mut commands_run = BTreeSet::new();
    let mut per_file: Vec<(PathBuf, Vec<Vec<String>>, BTreeSet<String>)> = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let mut paths = Vec::new();
        let mut invocations: Vec<Vec<String>> = args_lists(&text);
        // systemd: the words after the binary on ExecStart=
        for l in text.lines() {
            if let Some(cmd) = l.strip_prefix("ExecStart=") {
                invocations.push(cmd.split_whitespace().skip(1).map(unquote).collect());
            }
        }
        for args in invocations {
            let mut path = vec![args[0].clone()];
            if let Some(second) = args.get(1)
                && !second.starts_with('-')
                && tb
                    .run(&[args[0].as_str(), second.as_str(), "--help"])
                    .status
                    .success()
            {
                path.push(second.clone());
            }
            let help = helps
                .entry(path.clone())
                .or_insert_with(|| help_of(&tb, &path))
                .clone();
            for a in args.iter().filter(|a| a.starts_with("--")) {
                let flag = a.split('=').next().unwrap();
                assert!(
                    has_flag(&help, flag),
                    "{}: `twinbridge {} {flag}` is not in its --help",
                    f.display(),
                    path.join(" ")
                );
            }
            commands_run.insert(path.join(" "));
            paths.push(path);
        }
        per_file.push((f.clone(), paths, env_names(&text)));
    }
    for must in ["allocate serve", "sync-telemetry", "watch-lifecycle"] {
        assert!(
            commands_run.contains(must),
            "{must} is deployed: {commands_run:?}"
        );
    }
    for (f, paths, envs) in per_file {
        // a file that runs nothing (a Secret) is checked against every deployed command
        let helps_here: Vec<&String> = if paths.is_empty() {
            helps.values().collect()
        } else {
            paths.iter().map(|p| &helps[p]).collect()
        };
        for e in envs {
            assert!(
                helps_here.iter().any(|h| h.contains(&e)),
                "{}: {e} is in no --help of the command it configures",
                f.display()
            );
        }
    }
    // the things a service needs are there
    let sync = read("examples/deploy/kubernetes/sync-telemetry.yaml");
    for needle in [
        "readinessProbe",
        "livenessProbe",
        "/readyz",
        "/healthz",
        "secretKeyRef",
        "azure.workload.identity/use",
        "TWINBRIDGE_CHECKPOINT_STORE",
        "blob:https://",
        "resources:",
        "terminationGracePeriodSeconds: 30",
    ] {
        assert!(sync.contains(needle), "sync-telemetry.yaml has {needle}");
    }
    let aca = read("examples/deploy/containerapps/allocate.yaml");
    for needle in [
        "external: true",
        "allowInsecure: false",
        "secretRef: allocate-keys",
        "type: UserAssigned",
        "type: Readiness",
        "type: Liveness",
        "scale:",
    ] {
        assert!(aca.contains(needle), "allocate.yaml has {needle}");
    }
    for unit in [
        "examples/twinbridge-sync-telemetry.service",
        "examples/twinbridge-watch-lifecycle.service",
        "examples/twinbridge-allocate.service",
    ] {
        let u = read(unit);
        assert!(u.contains("Restart=on-failure"), "{unit}");
        assert!(
            u.contains("TWINBRIDGE_METRICS_LISTEN") || u.contains("allocate serve"),
            "{unit} serves probes"
        );
    }
}

/// `twinbridge_*` metric names in a text (suffixes of histograms and counters dropped).
fn metric_names(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (i, _) in text.match_indices("twinbridge_") {
        let name: String = text[i..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let base = ["_bucket", "_count", "_sum", "_total"]
            .iter()
            .find_map(|s| name.strip_suffix(s))
            .unwrap_or(&name)
            .to_string();
        out.insert(base);
    }
    out
}

#[test]
fn alert_rules_and_docs_cover_the_metrics() {
    let alerts = read("examples/deploy/prometheus/alerts.yaml");
    let docs = read("docs/service.md");
    let documented = metric_names(&docs);
    // every metric the registry exposes is documented
    let exposed = metric_names(&twinbridge::metrics::Metrics::new().render(false));
    let missing: Vec<_> = exposed.difference(&documented).collect();
    assert!(missing.is_empty(), "docs/service.md lacks {missing:?}");
    // alerts use documented metrics only
    let unknown: Vec<_> = metric_names(&alerts)
        .into_iter()
        .filter(|m| !documented.contains(m))
        .collect();
    assert!(
        unknown.is_empty(),
        "alerts use undocumented metrics {unknown:?}"
    );
    // the PrometheusRule carries the same rules
    let mon = read("examples/deploy/kubernetes/monitoring.yaml");
    let groups = &alerts[alerts.find("groups:").unwrap()..];
    let indented: String = groups.lines().map(|l| format!("  {l}\n")).collect();
    assert!(
        mon.contains(&indented),
        "monitoring.yaml has the rules of alerts.yaml"
    );
    // promtool (Debian's prometheus package), where installed, checks them for real
    if let Ok(o) = Command::new("promtool")
        .args(["check", "rules"])
        .arg(root().join("examples/deploy/prometheus/alerts.yaml"))
        .output()
    {
        assert!(o.status.success(), "promtool: {}{}", stdout(&o), stderr(&o));
    }
}

//! One known secret pushed through every way a credential enters twinbridge (flags, environment,
//! config file, Event Hubs / IoT Hub / storage connection strings, SAS URLs, key files, DPS
//! group and device keys, an allocation webhook's `?code=`), through the error paths it can
//! reach cheaply (closed loopback ports, a TOML syntax error, malformed values), `--help` of
//! every command, `-vv` and `--show-settings`: it never appears on stdout or stderr.
use super::support::*;
use std::io::Read;
use std::net::TcpListener;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

/// base64 (a valid key everywhere a key is decoded), no `+` or `/` (no escaped variants).
const SECRET: &str = "c2VjcmV0U0VDUkVUc2VjcmV0U0VDUkVUa2V5S0VZ";

/// Fails if the secret, or a recognisable piece of it, is in the output.
fn assert_clean(what: &str, o: &Output) {
    let text = format!("{}\n{}", stdout(o), stderr(o));
    for piece in [SECRET, &SECRET[..12], &SECRET[SECRET.len() - 12..]] {
        assert!(
            !text.contains(piece),
            "{what}: the secret is printed:\n{text}"
        );
    }
}

/// A loopback port nothing listens on.
fn closed_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

/// Every command path (`["models", "upload"]`, ...) from the binary's own help.
fn command_paths(tb: &Tb) -> Vec<Vec<String>> {
    fn subcommands(help: &str) -> Vec<String> {
        help.split("Commands:")
            .nth(1)
            .map(|block| {
                block
                    .lines()
                    .skip(1)
                    .take_while(|l| l.starts_with("  "))
                    // a command's own line, not the wrapped rest of a description
                    .filter(|l| !l.starts_with("   "))
                    .filter_map(|l| l.split_whitespace().next().map(String::from))
                    .filter(|c| c != "help")
                    .collect()
            })
            .unwrap_or_default()
    }
    let mut out = vec![vec![]];
    let mut i = 0;
    while i < out.len() {
        let path = out[i].clone();
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        for sub in subcommands(&stdout(&tb.run(&args))) {
            let mut p = path.clone();
            p.push(sub);
            out.push(p);
        }
        i += 1;
    }
    out
}

/// Run, killing the process after `limit` (a server that did not fail as expected).
fn run_for(tb: &Tb, args: &[&str], limit: Duration) -> Output {
    let mut child = tb
        .command(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (mut out, mut err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let reader = std::thread::spawn(move || {
        let (mut o, mut e) = (Vec::new(), Vec::new());
        let _ = out.read_to_end(&mut o);
        let _ = err.read_to_end(&mut e);
        (o, e)
    });
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > limit {
            let _ = std::process::Command::new("kill")
                .args(["-TERM", &child.id().to_string()])
                .status();
            break child.wait().unwrap();
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let (stdout, stderr) = reader.join().unwrap();
    Output {
        status,
        stdout,
        stderr,
    }
}

#[test]
fn a_known_secret_is_never_printed() {
    let port = closed_port();
    let eh = format!(
        "Endpoint=sb://127.0.0.1:{port}/;SharedAccessKeyName=listen;SharedAccessKey={SECRET};EntityPath=deviceevents;UseDevelopmentEmulator=true"
    );
    let iothub = format!(
        "HostName=127.0.0.1:{port};SharedAccessKeyName=iothubowner;SharedAccessKey={SECRET}"
    );
    let sas_url = format!(
        "blob:http://127.0.0.1:{port}/devstoreaccount1/cp?sv=2021-08-06&ss=b&srt=co&sp=rwl&se=2030-01-01T00:00:00Z&sig={SECRET}"
    );
    let storage_cs = format!(
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={SECRET};BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;ContainerName=cp"
    );
    let webhook = format!("http://127.0.0.1:{port}/api/allocate?code={SECRET}");
    // Every environment variable that can carry a secret, at once.
    let with_env = |tb: Tb| {
        tb.env("TWINBRIDGE_ADT_URL", &format!("http://127.0.0.1:{port}"))
            .env("TWINBRIDGE_EVENTHUB_CONNECTION_STRING", &eh)
            .env("EVENTHUB_CONNECTIONSTRING", &eh)
            .env("TWINBRIDGE_CHECKPOINT_STORE", &sas_url)
            .env("TWINBRIDGE_STORAGE_ACCOUNT_KEY", SECRET)
            .env("TWINBRIDGE_IOTHUB_CONNECTION_STRING", &iothub)
            .env("IOTHUB_CONNECTION_STRING", &iothub)
            .env("TWINBRIDGE_GROUP_KEY", SECRET)
            .env("TWINBRIDGE_DEVICE_KEY", SECRET)
            .env("TWINBRIDGE_ALLOCATE_KEYS", SECRET)
            .env("TWINBRIDGE_EMULATOR_ALLOCATION_WEBHOOK", &webhook)
            .env("AZURE_TENANT_ID", "00000000-0000-0000-0000-000000000000")
            .env("AZURE_CLIENT_ID", "00000000-0000-0000-0000-000000000000")
            .env("AZURE_CLIENT_SECRET", SECRET)
            .env("TWINBRIDGE_MAX_RETRIES", "0")
            .env("TWINBRIDGE_TIMEOUT", "5s")
    };
    let tb = with_env(Tb::new());
    let mut checked = 0;
    let mut check = |what: &str, o: Output| {
        assert_clean(what, &o);
        checked += 1;
        o
    };

    // --help of every command and subcommand, the environment full of secrets
    let paths = command_paths(&tb);
    assert!(paths.len() > 15, "{paths:?}");
    for path in &paths {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let o = check(&format!("{path:?} --help"), tb.run(&args));
        assert_eq!(code(&o), 0, "{path:?}");
    }

    // --show-settings (table, JSON, -vv), with the config file holding one too
    tb.config(&format!(
        "eventhub-connection-string = \"{eh}\"\n[device]\niothub-connection-string = \"{iothub}\"\n"
    ));
    for args in [
        vec!["--show-settings"],
        vec!["--format", "json", "--show-settings"],
        vec!["-vv", "--show-settings"],
    ] {
        let o = check(&format!("{args:?}"), tb.run(&args));
        assert_eq!(code(&o), 0, "{args:?}: {}", stderr(&o));
    }
    let file_only = Tb::new();
    file_only.config(&format!("eventhub-connection-string = \"{eh}\"\n"));
    let o = check("config file", file_only.run(&["--show-settings"]));
    assert!(stdout(&o).contains("<redacted>"), "{}", stdout(&o));

    // a TOML syntax error on the connection-string line
    let broken = Tb::new();
    broken.config(&format!(
        "adt-url = \"http://127.0.0.1:{port}\"\neventhub-connection-string = \"{eh}\n"
    ));
    let o = check("TOML syntax error", broken.run(&["--show-settings"]));
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("line 2"), "{}", stderr(&o));

    // unreachable endpoints (a closed loopback port), each with -vv
    let dir = tempfile::tempdir().unwrap();
    let events = dir.path().join("ev.ndjson");
    std::fs::write(
        &events,
        "{\"body\":{\"Temperature\":1},\"properties\":{\"dtId\":\"t\"}}\n",
    )
    .unwrap();
    let events = events.display().to_string();
    let dl = dir.path().join("dl.ndjson").display().to_string();
    let key_file = dir.path().join("keys.txt");
    std::fs::write(&key_file, format!("{SECRET}\n")).unwrap();
    let key_file = key_file.display().to_string();
    let busy = TcpListener::bind("127.0.0.1:0").unwrap();
    let busy_addr = busy.local_addr().unwrap().to_string();
    let dps = format!("127.0.0.1:{port}");
    let plain = Tb::new()
        .env("TWINBRIDGE_ADT_URL", &format!("http://127.0.0.1:{port}"))
        .env("TWINBRIDGE_MAX_RETRIES", "0");
    // Enough for the Event Hubs client to try (and log, under -vv) a few connections; the
    // other runs fail at once.
    let limit = Duration::from_secs(10);
    let runs: Vec<(&str, &Tb, Vec<&str>)> = vec![
        // Event Hubs connection string from the environment, then as a flag
        (
            "EH env",
            &tb,
            vec!["-vv", "sync-telemetry", "--until-idle", "1s"],
        ),
        (
            "EH flag",
            &plain,
            vec![
                "-vv",
                "sync-telemetry",
                "--connection-string",
                &eh,
                "--until-idle",
                "1s",
            ],
        ),
        // blob store: SAS URL (env and flag), connection string, account key (flag)
        (
            "SAS URL env",
            &tb,
            vec![
                "-vv",
                "sync-telemetry",
                "--from-file",
                &events,
                "--dead-letter",
                &dl,
            ],
        ),
        (
            "SAS URL flag",
            &plain,
            vec![
                "-vv",
                "sync-telemetry",
                "--from-file",
                &events,
                "--checkpoint-store",
                &sas_url,
            ],
        ),
        (
            "storage connection string",
            &plain,
            vec![
                "-vv",
                "sync-telemetry",
                "--from-file",
                &events,
                "--checkpoint-store",
                &storage_cs,
            ],
        ),
        (
            "account key flag",
            &plain,
            vec![
                "-vv",
                "watch-lifecycle",
                "--allow-model",
                "*",
                "--from-file",
                &events,
                "--checkpoint-store",
                "blob:http://127.0.0.1:9/devstoreaccount1/cp",
                "--storage-account-key",
                SECRET,
            ],
        ),
        // IoT Hub connection string (env and flag)
        ("IoT Hub env", &tb, vec!["-vv", "devices", "list"]),
        (
            "IoT Hub flag",
            &plain,
            vec!["-vv", "mappings", "--connection-string", &iothub],
        ),
        // DPS group key (flag) and device key (env)
        (
            "group key",
            &plain,
            vec![
                "-vv",
                "simulate-device",
                "--dps-endpoint",
                &dps,
                "--scope",
                "0ne00000000",
                "--group-key",
                SECRET,
                "--count",
                "1",
                "--messages",
                "1",
            ],
        ),
        (
            "device key",
            &tb,
            vec![
                "-vv",
                "simulate-device",
                "--dps-endpoint",
                &dps,
                "--scope",
                "0ne00000000",
                "--messages",
                "1",
            ],
        ),
        // function keys: key file and environment, the listen address taken
        (
            "key file",
            &tb,
            vec![
                "-vv",
                "allocate",
                "serve",
                "--key-file",
                &key_file,
                "--allow-model",
                "*",
                "--listen",
                &busy_addr,
            ],
        ),
    ];
    for (what, tb, args) in runs {
        let o = check(what, run_for(tb, &args, limit));
        assert_ne!(code(&o), 0, "{what}: expected a failure\n{}", stderr(&o));
    }
    drop(busy);

    // the emulator's allocation webhook with ?code=: printed with its endpoints (it serves
    // until stopped)
    let o = check(
        "webhook code",
        run_for(
            &plain,
            &[
                "--format",
                "json",
                "emulator",
                "--in-memory",
                "--adt-port",
                "0",
                "--amqp-port",
                "0",
                "--device-port",
                "0",
                "--allocation-webhook",
                &webhook,
            ],
            Duration::from_secs(10),
        ),
    );
    assert!(
        stdout(&o).contains("allocation_webhook"),
        "{}{}",
        stdout(&o),
        stderr(&o)
    );

    // malformed values that hold the secret
    let eh_no_eq = format!("Endpoint=sb://x/;SharedAccessKeyName=k;SharedAccessKey {SECRET}");
    let hub_no_eq = format!("HostName=h;SharedAccessKeyName=k;SharedAccessKey {SECRET}");
    let bad_spec = format!("AccountName=a;AccountKey={SECRET}");
    let remote_store = format!("blob:http://blob.example.invalid/a/cp?sig={SECRET}");
    let bad_webhook = format!("ftp://h/?code={SECRET}");
    let bad_values: Vec<(&str, Vec<&str>)> = vec![
        (
            "EH string without '='",
            vec!["sync-telemetry", "--connection-string", &eh_no_eq],
        ),
        (
            "IoT Hub string without '='",
            vec!["devices", "list", "--connection-string", &hub_no_eq],
        ),
        (
            "store spec",
            vec![
                "sync-telemetry",
                "--from-file",
                &events,
                "--checkpoint-store",
                &bad_spec,
            ],
        ),
        (
            "plain http store off loopback",
            vec![
                "sync-telemetry",
                "--from-file",
                &events,
                "--checkpoint-store",
                &remote_store,
            ],
        ),
        (
            "webhook URL",
            vec!["emulator", "--allocation-webhook", &bad_webhook],
        ),
    ];
    for (what, args) in bad_values {
        let mut all = vec!["-vv"];
        all.extend(args.iter().copied());
        let o = check(what, run_for(&plain, &all, Duration::from_secs(20)));
        assert_eq!(code(&o), 2, "{what}: {}", stderr(&o));
    }
    assert!(checked > paths.len() + 20, "{checked}");
}

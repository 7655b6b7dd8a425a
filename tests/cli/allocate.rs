//! `twinbridge allocate` through the real binary: one-shot `--request` (file, stdin, dry run,
//! refusals with exit 1), configuration errors (exit 2), and `serve` end to end with a key file,
//! the access log, SIGHUP key rotation and SIGTERM shutdown.
use super::support::*;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;

const ALLOW: &str = "dtmi:contosocom:*";
const THERMOSTAT: &str = "dtmi:contosocom:DigitalTwins:Thermostat;2";

fn request(id: &str, model: &str) -> String {
    json!({
        "deviceRuntimeContext": { "registrationId": id, "payload": { "modelId": model } },
        "linkedHubs": ["hub1.azure-devices.net", "hub2.azure-devices.net"]
    })
    .to_string()
}

fn write(tb: &Tb, name: &str, text: &str) -> String {
    let p = tb.home.path().join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn one_shot_creates_then_reuses() {
    let emu = seeded_emulator().await;
    let tb = Tb::new().env("TWINBRIDGE_ADT_URL", &emu.adt_url());
    let file = write(&tb, "req.json", &request("cli-1", THERMOSTAT));
    let args = [
        "--format",
        "json",
        "allocate",
        "--request",
        &file,
        "--allow-model",
        ALLOW,
    ];
    let o = run_async(&tb, &args).await;
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v = json_out(&o);
    assert_eq!(v["status"], 200);
    assert_eq!(v["action"], "created");
    assert_eq!(
        v["response"]["initialTwin"]["tags"],
        json!({ "dtmi": THERMOSTAT, "dtId": "cli-1" })
    );
    let o = run_async(&tb, &args).await;
    assert_eq!(json_out(&o)["action"], "reused");
    // the table form shows the response body too
    let o = run_async(
        &tb,
        &["allocate", "--request", &file, "--allow-model", ALLOW],
    )
    .await;
    assert_eq!(code(&o), 0);
    assert!(
        stdout(&o).contains("reused") && stdout(&o).contains("\"iotHubHostName\""),
        "{}",
        stdout(&o)
    );
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn refusals_exit_1_with_the_status_dps_would_see() {
    let emu = seeded_emulator().await;
    let tb = Tb::new().env("TWINBRIDGE_ADT_URL", &emu.adt_url());
    let mut cmd = tb.command(&[
        "--format",
        "json",
        "allocate",
        "--request",
        "-",
        "--allow-model",
        THERMOSTAT,
    ]);
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let o = tokio::task::spawn_blocking(move || {
        let mut child = cmd.spawn().unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(request("cli-2", "dtmi:contosocom:DigitalTwins:Space;1").as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    })
    .await
    .unwrap();
    assert_eq!(code(&o), 1);
    let v = json_out(&o);
    assert_eq!(v["status"], 403);
    assert_eq!(v["error"]["code"], "ModelNotAllowed");
    assert!(v["dps"].as_str().unwrap().contains("400207"));
    // people get the error on stderr with the remedy
    let bad = write(
        &tb,
        "bad.json",
        r#"{"deviceRuntimeContext":{},"linkedHubs":[]}"#,
    );
    let o = run_async(
        &tb,
        &["allocate", "--request", &bad, "--allow-model", ALLOW],
    )
    .await;
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("would answer 400"), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn dry_run_writes_nothing() {
    let emu = seeded_emulator().await;
    let tb = Tb::new().env("TWINBRIDGE_ADT_URL", &emu.adt_url());
    let file = write(&tb, "req.json", &request("cli-dry", THERMOSTAT));
    let o = run_async(
        &tb,
        &[
            "--format",
            "json",
            "allocate",
            "--request",
            &file,
            "--allow-model",
            ALLOW,
            "--dry-run",
        ],
    )
    .await;
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(json_out(&o)["action"], "would-create");
    let o = run_async(&tb, &["--format", "json", "twins", "show", "cli-dry"]).await;
    assert_eq!(code(&o), 1, "the twin was not created");
    emu.stop().await;
}

#[test]
fn configuration_errors_exit_2() {
    let tb = Tb::new().env("TWINBRIDGE_ADT_URL", "http://127.0.0.1:9");
    for (args, needle) in [
        (vec!["allocate"], "say what to do"),
        (
            vec!["allocate", "--request", "x.json"],
            "no models are allowed",
        ),
        (
            vec![
                "allocate",
                "--request",
                "/nonexistent.json",
                "--allow-model",
                "*",
            ],
            "cannot read the AllocationRequest",
        ),
        (
            vec!["allocate", "serve", "--allow-model", "*"],
            "no function keys",
        ),
        (
            vec![
                "allocate",
                "serve",
                "--allow-model",
                "*",
                "--key-file",
                "/nonexistent",
            ],
            "cannot read key file",
        ),
        (
            vec!["allocate", "--dry-run", "serve", "--allow-model", "*"],
            "--dry-run applies to --request only",
        ),
        (
            vec![
                "allocate",
                "--allow-model",
                "*",
                "--hub-policy",
                "map",
                "--request",
                "x",
            ],
            "needs at least one hub-map rule",
        ),
    ] {
        let o = tb.run(&args);
        assert_eq!(code(&o), 2, "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(needle), "{args:?}: {}", stderr(&o));
    }
}

fn kill(pid: u32, signal: &str) {
    let status = std::process::Command::new("kill")
        .args([signal, &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

#[tokio::test(flavor = "multi_thread")]
async fn serve_end_to_end_with_key_rotation_and_shutdown() {
    let emu = seeded_emulator().await;
    let tb = Tb::new().env("TWINBRIDGE_ADT_URL", &emu.adt_url());
    let keys = write(&tb, "keys.txt", "# current key\nold-key-0123456789\n");
    let mut cmd = tb.command(&[
        "--format",
        "json",
        "allocate",
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--key-file",
        &keys,
        "--allow-model",
        ALLOW,
        "--hub-policy",
        "first",
    ]);
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    let first = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        line
    })
    .await
    .unwrap();
    let info: Value = serde_json::from_str(&first).unwrap_or_else(|e| panic!("{e}: {first:?}"));
    assert_eq!(info["auth"], "function-key");
    assert_eq!(info["keys"], 1);
    let url = info["url"].as_str().unwrap().to_string();
    let http = reqwest::Client::new();
    let post = |key: &str, id: &str| {
        http.post(format!("{url}?code={key}"))
            .body(request(id, THERMOSTAT))
            .send()
    };
    let r = post("old-key-0123456789", "srv-1").await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.json::<Value>().await.unwrap()["iotHubHostName"],
        "hub1.azure-devices.net"
    );
    assert_eq!(post("wrong", "srv-2").await.unwrap().status(), 401);

    // rotate: new key file, SIGHUP, the old key stops working
    std::fs::write(&keys, "new-key-9876543210\n").unwrap();
    kill(child.id(), "-HUP");
    let mut rotated = false;
    for _ in 0..50 {
        if post("new-key-9876543210", "srv-3").await.unwrap().status() == 200 {
            rotated = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(rotated, "SIGHUP re-reads the key file");
    assert_eq!(
        post("old-key-0123456789", "srv-4").await.unwrap().status(),
        401
    );

    kill(child.id(), "-TERM");
    let o = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap())
        .await
        .unwrap();
    assert_eq!(code(&o), 0, "SIGTERM is a clean stop");
    let err = stderr(&o);
    assert!(
        err.contains("access")
            && err.contains("registration_id=srv-1")
            && err.contains("outcome=created"),
        "{err}"
    );
    assert!(err.contains("status=401"), "{err}");
    assert!(
        !err.contains("old-key-0123456789") && !err.contains("new-key-9876543210"),
        "keys never logged:\n{err}"
    );
    assert!(err.contains("allocated 2 device(s): 2 created"), "{err}");
    emu.stop().await;
}

#[test]
fn no_auth_warns() {
    let tb = Tb::new().env("TWINBRIDGE_ADT_URL", "http://127.0.0.1:9");
    let mut cmd = tb.command(&[
        "allocate",
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--no-auth",
        "--allow-model",
        "*",
    ]);
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    assert!(line.contains("ENDPOINT"), "{line}");
    kill(child.id(), "-TERM");
    let o = child.wait_with_output().unwrap();
    drop(out);
    assert_eq!(code(&o), 0);
    assert!(
        stderr(&o).contains("--no-auth: anyone who can reach"),
        "{}",
        stderr(&o)
    );
}

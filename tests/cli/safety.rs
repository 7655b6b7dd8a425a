//! Safety rails through the real binary: watch-lifecycle's required allow-list, plain-text
//! transport refused off loopback (before anything is contacted), hostile model folders
//! (symlink loops, FIFOs), and twin ids `.`/`..` refused before any request reaches ADT.
use super::support::*;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use twinbridge::emulator::Emulator;
use twinbridge::events::Event;

const THERMOSTAT: &str = "dtmi:contosocom:DigitalTwins:Thermostat;2";
const SPACE: &str = "dtmi:contosocom:DigitalTwins:Space;1";

/// A loopback HTTP server that records each request's first line and answers 404: stands in
/// for ADT (or an HTTP proxy) where a test must show that nothing, or what, was sent.
struct Recorder {
    addr: String,
    seen: Arc<Mutex<Vec<String>>>,
}

impl Recorder {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut first = String::new();
                let _ = reader.read_line(&mut first);
                log.lock().unwrap().push(first.trim().to_string());
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                let body = r#"{"error":{"code":"DigitalTwinNotFound","message":"recorder"}}"#;
                let _ = write!(
                    stream,
                    "HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
            }
        });
        Self { addr, seen }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn requests(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

fn lifecycle_event(device: &str, dt_id: &str) -> Event {
    let mut e = Event::json(&json!({"deviceId": device, "tags": {"dtId": dt_id}}));
    e.properties
        .insert("opType".into(), json!("deleteDeviceIdentity"));
    e.properties.insert("deviceId".into(), json!(device));
    e.system_properties
        .insert("iothub-connection-device-id".into(), json!(device));
    e.system_properties.insert(
        "iothub-message-source".into(),
        json!("deviceLifecycleEvents"),
    );
    e
}

async fn put_twin(emu: &Emulator, id: &str, model: &str) {
    let mut adt = twinbridge::adt::AdtConfig::new(emu.adt_url().parse().unwrap());
    adt.retry.max_retries = 0;
    twinbridge::adt::AdtClient::new(adt, Arc::new(twinbridge::auth::StaticToken("t".into())))
        .unwrap()
        .put_twin(id, &json!({"$metadata": {"$model": model}}), false)
        .await
        .unwrap();
}

async fn twin_exists(emu: &Emulator, id: &str) -> bool {
    let tb = Tb::new().env("TWINBRIDGE_ADT_URL", &emu.adt_url());
    code(&run_async(&tb, &["twins", "show", id]).await) == 0
}

#[tokio::test(flavor = "multi_thread")]
async fn watch_lifecycle_refuses_to_start_without_an_allow_list() {
    let emu = seeded_emulator().await;
    put_twin(&emu, "building-7", SPACE).await;
    emu.events
        .append(
            "lifecycleevents",
            Some(0),
            None,
            vec![lifecycle_event("building-7", "building-7")],
        )
        .unwrap();
    let tb = Tb::new().env("TWINBRIDGE_ADT_URL", &emu.adt_url()).env(
        "TWINBRIDGE_EVENTHUB_CONNECTION_STRING",
        &emu.eventhubs_connection_string("lifecycleevents"),
    );
    let o = run_async(&tb, &["watch-lifecycle", "--until-idle", "1s"]).await;
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("--allow-model") && err.contains("e.g. --allow-model 'dtmi:"),
        "{err}"
    );
    assert!(
        twin_exists(&emu, "building-7").await,
        "the Space survives a device that shared its id"
    );
    // a word that is no model pattern is refused too
    let o = run_async(&tb, &["watch-lifecycle", "--allow-model", "Thermostat"]).await;
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    // '*' is the user's explicit choice: every model, the Space included
    let o = run_async(
        &tb,
        &[
            "--format",
            "json",
            "watch-lifecycle",
            "--allow-model",
            "*",
            "--until-idle",
            "1s",
        ],
    )
    .await;
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let summary: Value = stdout(&o)
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .find(|v| v["type"] == "summary")
        .unwrap();
    assert_eq!(summary["deleted"], 1, "{summary}");
    assert!(!twin_exists(&emu, "building-7").await);
    emu.stop().await;
}

#[test]
fn plain_http_adt_off_loopback_is_refused_before_any_connection() {
    // Every HTTP request of the binary goes through this proxy, so it shows whether anything
    // was sent (and nothing leaves loopback, not even a DNS lookup of the .invalid host).
    let proxy = Recorder::start();
    let tb = Tb::new()
        .env("HTTP_PROXY", &proxy.url())
        .env("TWINBRIDGE_MAX_RETRIES", "0");
    let o = tb.run(&["--adt-url", "http://adt.example.invalid", "twins", "list"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    let err = stderr(&o);
    for needle in [
        "adt-url",
        "http://adt.example.invalid",
        "https://",
        "--allow-insecure-transport",
    ] {
        assert!(err.contains(needle), "{needle}: {err}");
    }
    assert!(proxy.requests().is_empty(), "{:?}", proxy.requests());

    // the flag, its environment variable and its config key each allow it (--auth none: no
    // credential lookup, which could contact a metadata endpoint)
    let tb2 = Tb::new()
        .env("HTTP_PROXY", &proxy.url())
        .env("TWINBRIDGE_MAX_RETRIES", "0");
    tb2.config("allow-insecure-transport = true\n");
    let env_tb = Tb::new()
        .env("HTTP_PROXY", &proxy.url())
        .env("TWINBRIDGE_MAX_RETRIES", "0")
        .env("TWINBRIDGE_ALLOW_INSECURE_TRANSPORT", "true");
    for (tb, extra) in [
        (&tb, vec!["--allow-insecure-transport"]),
        (&tb2, vec![]),
        (&env_tb, vec![]),
    ] {
        let before = proxy.requests().len();
        let mut args = extra.clone();
        args.extend([
            "--auth",
            "none",
            "--adt-url",
            "http://adt.example.invalid",
            "twins",
            "show",
            "t1",
        ]);
        let o = tb.run(&args);
        assert_ne!(code(&o), 2, "{extra:?}: {}", stderr(&o));
        let sent = proxy.requests();
        assert!(sent.len() > before, "{extra:?}: nothing sent");
        assert!(
            sent[before..]
                .iter()
                .all(|r| r.starts_with("GET http://adt.example.invalid/digitaltwins/t1")),
            "{sent:?}"
        );
    }
    let o = tb2.run(&["--show-settings"]);
    assert!(
        stdout(&o)
            .lines()
            .any(|l| l.contains("allow-insecure-transport") && l.contains("true")),
        "{}",
        stdout(&o)
    );

    // loopback needs no flag
    let adt = Recorder::start();
    let local = adt.url().replace("127.0.0.1", "localhost");
    let o = Tb::new().run(&["--adt-url", &local, "twins", "show", "t1"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(!adt.requests().is_empty(), "loopback is contacted");
}

#[test]
fn plain_amqp_and_plain_http_blob_stores_off_loopback_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let events = dir.path().join("ev.ndjson");
    std::fs::write(
        &events,
        "{\"body\":{\"Temperature\":1},\"properties\":{\"dtId\":\"t\"}}\n",
    )
    .unwrap();
    let events = events.display().to_string();
    let tb = Tb::new().env("TWINBRIDGE_ADT_URL", "http://127.0.0.1:9");
    // UseDevelopmentEmulator=true means plain AMQP, with the SAS token in clear
    let cs = "Endpoint=sb://eh.example.invalid/;SharedAccessKeyName=listen;SharedAccessKey=a2V5;EntityPath=deviceevents;UseDevelopmentEmulator=true";
    let o = tb.run(&["sync-telemetry", "--connection-string", cs]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("UseDevelopmentEmulator=true")
            && stderr(&o).contains("--allow-insecure-transport"),
        "{}",
        stderr(&o)
    );
    // a blob checkpoint store over plain http: SAS, Shared Key or token in clear
    for store in [
        "blob:http://blob.example.invalid/acct/cp?sv=2021&sig=SIGNATURE",
        "DefaultEndpointsProtocol=http;AccountName=acct;AccountKey=a2V5;EndpointSuffix=example.invalid;ContainerName=cp",
    ] {
        let o = tb.run(&[
            "sync-telemetry",
            "--from-file",
            &events,
            "--checkpoint-store",
            store,
        ]);
        assert_eq!(code(&o), 2, "{store}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains("--checkpoint-store") && err.contains("--allow-insecure-transport"),
            "{err}"
        );
        assert!(!err.contains("SIGNATURE") && !err.contains("a2V5"), "{err}");
    }
}

/// Run to the end, but fail (not hang) if the process is still running after `limit`.
fn run_or_kill(tb: &Tb, args: &[&str], limit: Duration) -> std::process::Output {
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
            let _ = child.kill();
            let _ = child.wait();
            panic!("`twinbridge {}` hung", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let (stdout, stderr) = reader.join().unwrap();
    std::process::Output {
        status,
        stdout,
        stderr,
    }
}

#[test]
fn model_folders_with_symlink_loops_sibling_links_and_fifos() {
    use std::os::unix::fs::symlink;
    let tb = Tb::new();
    let m = tb.home.path().join("models");
    std::fs::create_dir_all(m.join("devices")).unwrap();
    let seed = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
    std::fs::copy(seed.join("SpaceModel.json"), m.join("SpaceModel.json")).unwrap();
    std::fs::copy(
        seed.join("ThermostatModel.json"),
        m.join("devices/ThermostatModel.json"),
    )
    .unwrap();
    symlink(&m, m.join("devices/loop")).unwrap(); // devices/loop -> models
    symlink(m.join("devices"), m.join("devices-again")).unwrap(); // a sibling
    let dir = m.display().to_string();
    let o = run_or_kill(&tb, &["models", "validate", &dir], Duration::from_secs(120));
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    let all = format!("{}{}", stdout(&o), stderr(&o));
    assert!(!all.contains("more than once"), "{all}");

    // a FIFO named like a model: reported for what it is, never opened (that would block)
    let fifo = m.join("devices/incoming.json");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let o = run_or_kill(&tb, &["models", "validate", &dir], Duration::from_secs(120));
    assert_eq!(code(&o), 1, "{}{}", stdout(&o), stderr(&o));
    let all = format!("{}{}", stdout(&o), stderr(&o));
    assert!(
        all.contains("incoming.json") && all.contains("is a FIFO"),
        "{all}"
    );
    assert!(!all.contains("more than once"), "{all}");
}

#[tokio::test(flavor = "multi_thread")]
async fn allocate_refuses_dot_twin_ids_before_any_request_reaches_adt() {
    let adt = Recorder::start();
    let tb = Tb::new().env("TWINBRIDGE_ADT_URL", &adt.url());
    let mut cmd = tb.command(&[
        "--format",
        "json",
        "allocate",
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--no-auth",
        "--allow-model",
        "*",
        "--twin-id",
        "{payload.name}",
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
    let url = info["url"].as_str().unwrap().to_string();
    let http = reqwest::Client::new();
    let mut answers = Vec::new();
    for name in ["..", "."] {
        let r = http
            .post(&url)
            .body(
                json!({
                    "deviceRuntimeContext": {
                        "registrationId": "dev-1",
                        "payload": {"modelId": THERMOSTAT, "name": name}
                    },
                    "linkedHubs": ["hub1.azure-devices.net"]
                })
                .to_string(),
            )
            .send()
            .await;
        let answer = match r {
            Ok(r) => (r.status().as_u16(), r.text().await.unwrap_or_default()),
            Err(e) => (0, e.to_string()),
        };
        answers.push((name, answer));
    }
    // stopped before anything is asserted, so a failure leaves no server behind
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let _ = tokio::task::spawn_blocking(move || child.wait_with_output())
        .await
        .unwrap();
    for (name, (status, text)) in answers {
        assert_eq!(status, 400, "{name}: {text}");
        let body: Value = serde_json::from_str(&text).unwrap();
        let message = body["error"]["message"].as_str().unwrap_or_default();
        assert!(
            message.contains(&format!("{name:?}")) && message.contains("directories"),
            "{name}: {body}"
        );
    }
    // The only request allowed is the webhook's readiness probe (`GET /models`, one item); no
    // twin or relationship request may reach ADT.
    let twin_requests: Vec<String> = adt
        .requests()
        .into_iter()
        .filter(|r| !r.starts_with("GET /models?"))
        .collect();
    assert!(twin_requests.is_empty(), "{twin_requests:?}");

    // --parent-from twin:.. is a configuration error: nothing more reaches ADT
    let seen = adt.requests();
    let o = tb.run(&[
        "allocate",
        "--request",
        "-",
        "--allow-model",
        "*",
        "--parent-from",
        "twin:..",
    ]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("\"..\""), "{}", stderr(&o));
    assert_eq!(adt.requests(), seen);
}

#[test]
fn consumers_dead_letter_dot_twin_ids_without_calling_adt() {
    let adt = Recorder::start();
    let tb = Tb::new().env("TWINBRIDGE_ADT_URL", &adt.url());
    let dir = tb.home.path();
    let telemetry = dir.join("telemetry.ndjson");
    std::fs::write(
        &telemetry,
        "{\"body\":{\"Temperature\":1},\"properties\":{\"dtId\":\"..\"}}\n\
         {\"body\":{\"Temperature\":2},\"properties\":{\"dtId\":\".\"}}\n",
    )
    .unwrap();
    let lifecycle = dir.join("lifecycle.ndjson");
    std::fs::write(
        &lifecycle,
        "{\"body\":{\"deviceId\":\"d\",\"tags\":{\"dtId\":\"..\"}},\"properties\":{\"opType\":\"deleteDeviceIdentity\",\"deviceId\":\"d\"},\"system_properties\":{\"iothub-connection-device-id\":\"d\",\"iothub-message-source\":\"deviceLifecycleEvents\"}}\n",
    )
    .unwrap();
    for (args, dead_letters, expected) in [
        (
            vec!["sync-telemetry", "--property", "Temperature"],
            dir.join("dl-sync.ndjson"),
            2,
        ),
        (
            vec!["watch-lifecycle", "--allow-model", "*"],
            dir.join("dl-lifecycle.ndjson"),
            1,
        ),
    ] {
        let input = if args[0] == "sync-telemetry" {
            &telemetry
        } else {
            &lifecycle
        };
        let mut all = args.clone();
        let (input, dl) = (
            input.display().to_string(),
            dead_letters.display().to_string(),
        );
        all.extend([
            "--from-file",
            &input,
            "--dead-letter",
            &dl,
            "--until-idle",
            "1s",
        ]);
        let o = tb.run(&all);
        assert_ne!(code(&o), 2, "{args:?}: {}", stderr(&o));
        let text = std::fs::read_to_string(&dead_letters).unwrap_or_default();
        let lines: Vec<Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), expected, "{args:?}: {text}\n{}", stderr(&o));
        assert!(text.contains("directories"), "{text}");
    }
    assert!(adt.requests().is_empty(), "{:?}", adt.requests());
}

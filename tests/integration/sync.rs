//! The telemetry engine against the emulator: coalescing, final values, dead letters.
use super::support::*;
use serde_json::{Value, json};
use twinbridge::events::Event;
use twinbridge::events::deadletter::DeadLetters;
use twinbridge::events::outcome::Outcomes;
use twinbridge::sync::engine::{SyncEngine, SyncOptions};
use twinbridge::sync::mapping::{Mode, SourceTime};
use twinbridge::sync::twin_id::{DEFAULT_TWIN_ID_FROM, parse_sources};

fn telemetry(device: &str, seq: i64, body: Value) -> Event {
    let mut e = Event::json(&body);
    e.system_properties
        .insert("iothub-connection-device-id".into(), json!(device));
    e.system_properties.insert(
        "x-opt-enqueued-time".into(),
        json!(1_700_000_000_000i64 + seq),
    );
    e.partition = Some("0".into());
    e.sequence_number = Some(seq);
    e.offset = Some(seq.to_string());
    e
}

fn engine(url: &str, mode: Mode) -> SyncEngine {
    SyncEngine::new(
        client_for(url),
        SyncOptions {
            mode,
            twin_id_from: parse_sources(DEFAULT_TWIN_ID_FROM).unwrap(),
            min_interval: std::time::Duration::from_millis(100),
            concurrency: 16,
            immediate: false,
        },
    )
}

#[tokio::test]
async fn ten_thousand_events_for_a_hundred_twins_make_about_a_hundred_patches() {
    let (emu, adt) = sample_instance().await;
    for i in 0..100 {
        adt.put_twin(&format!("dev-{i}"), &thermostat(0.0), false)
            .await
            .unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let out = Outcomes::new(Some(
        DeadLetters::open(&dir.path().join("dl.ndjson")).unwrap(),
    ));
    let eng = engine(
        &emu.adt_url(),
        Mode::Auto {
            source_time: SourceTime::Enqueued,
        },
    );
    let mut last = std::collections::HashMap::new();
    let events: Vec<Event> = (0..10_000)
        .map(|n| {
            let dev = format!("dev-{}", n % 100);
            let t = (n as f64) / 10.0;
            last.insert(dev.clone(), t);
            telemetry(&dev, n, json!({"Temperature": t, "Unmapped": 1}))
        })
        .collect();
    for chunk in events.chunks(500) {
        out.delivered(chunk);
        eng.handle(chunk.to_vec(), &out).await.unwrap();
    }
    eng.tick(&out).await.unwrap();
    let patches = eng
        .counters
        .patches
        .load(std::sync::atomic::Ordering::Relaxed);
    assert!(patches <= 105, "{patches} patches for 100 twins");
    assert_eq!(eng.pending(), 0);
    assert_eq!(
        out.tracker.lock().unwrap().outstanding(),
        0,
        "every event applied"
    );
    assert_eq!(
        out.tracker
            .lock()
            .unwrap()
            .take_checkpoint("0")
            .unwrap()
            .sequence_number,
        9_999
    );
    for (dev, t) in last {
        let twin = adt.get_twin(&dev).await.unwrap();
        assert_eq!(twin["Temperature"], json!(t), "{dev}");
        assert!(
            twin["$metadata"]["Temperature"]["sourceTime"].is_string(),
            "source time written"
        );
    }
    emu.stop().await;
}

#[tokio::test]
async fn bad_inputs_are_dead_lettered_and_the_stream_goes_on() {
    let (emu, adt) = sample_instance().await;
    adt.put_twin("good", &thermostat(0.0), false).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let dl_path = dir.path().join("dl.ndjson");
    let out = Outcomes::new(Some(DeadLetters::open(&dl_path).unwrap()));
    let eng = engine(
        &emu.adt_url(),
        Mode::Auto {
            source_time: SourceTime::None,
        },
    );
    let mut not_json = telemetry("good", 0, json!({}));
    not_json.body = b"Temperature=21".to_vec();
    let mut no_device = telemetry("x", 3, json!({"Temperature": 1.0}));
    no_device.system_properties.clear();
    let events = vec![
        not_json,
        telemetry("good", 1, json!([1, 2])),
        telemetry("good", 2, json!({"Temperature": "hot"})),
        no_device,
        telemetry("ghost", 4, json!({"Temperature": 1.0})),
        telemetry("good", 5, json!({"Temperature": 22.5})),
    ];
    out.delivered(&events);
    eng.handle(events, &out).await.unwrap();
    eng.tick(&out).await.unwrap();
    assert_eq!(
        adt.get_twin("good").await.unwrap()["Temperature"],
        22.5,
        "the stream went on"
    );
    assert_eq!(
        out.tracker.lock().unwrap().outstanding(),
        0,
        "applied or dead-lettered: nothing lost"
    );
    let lines: Vec<Value> = std::fs::read_to_string(&dl_path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5);
    let reasons: Vec<&str> = lines
        .iter()
        .map(|l| l["reason"].as_str().unwrap())
        .collect();
    assert!(reasons[0].contains("not JSON"), "{reasons:?}");
    assert!(
        reasons.iter().any(|r| r.contains("not an object")),
        "{reasons:?}"
    );
    assert!(reasons.iter().any(|r| r.contains("hot")), "{reasons:?}");
    assert!(
        reasons.iter().any(|r| r.contains("no twin id")),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("ghost") && r.contains("does not exist")),
        "{reasons:?}"
    );
    assert!(
        lines
            .iter()
            .all(|l| l["event"]["sequence_number"].is_number())
    );
    emu.stop().await;
}

#[tokio::test]
async fn sample_mode_replaces_temperature_like_the_function() {
    let (emu, adt) = sample_instance().await;
    adt.put_twin("s1", &thermostat(0.0), false).await.unwrap();
    adt.put_twin("s2", &json!({"$metadata": {"$model": THERMOSTAT}}), false)
        .await
        .unwrap();
    let out = Outcomes::new(None);
    let eng = engine(
        &emu.adt_url(),
        Mode::Sample {
            properties: vec!["Temperature".into()],
        },
    );
    let events = vec![
        telemetry("s1", 0, json!({"Temperature": 25.5})),
        telemetry("s2", 1, json!({"Temperature": 25.5})),
    ];
    out.delivered(&events);
    eng.handle(events, &out).await.unwrap();
    eng.tick(&out).await.unwrap();
    assert_eq!(adt.get_twin("s1").await.unwrap()["Temperature"], 25.5);
    // replace of a never-set property is refused by ADT, exactly as for the sample: dead-lettered
    assert_eq!(
        out.dead_lettered.load(std::sync::atomic::Ordering::Relaxed),
        1
    );
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stopped_immediate_engine_finishes_in_flight_and_leaves_the_rest() {
    // `--flush-interval 0 --concurrency 1` with a backlog: a stop must not wait for the whole
    // batch of one-by-one PATCHes.
    let (emu, adt) = sample_instance().await;
    for i in 0..20 {
        adt.put_twin(&format!("dev-{i}"), &thermostat(0.0), false)
            .await
            .unwrap();
    }
    let out = Outcomes::new(None);
    let eng = std::sync::Arc::new(SyncEngine::new(
        client_for(&emu.adt_url()),
        SyncOptions {
            mode: Mode::Auto {
                source_time: SourceTime::None,
            },
            twin_id_from: parse_sources(DEFAULT_TWIN_ID_FROM).unwrap(),
            min_interval: std::time::Duration::ZERO,
            concurrency: 1,
            immediate: true,
        },
    ));
    let events: Vec<Event> = (0..10_000)
        .map(|n| telemetry(&format!("dev-{}", n % 20), n, json!({ "Temperature": n })))
        .collect();
    out.delivered(&events);
    let out = std::sync::Arc::new(out);
    let task = {
        let (eng, out) = (eng.clone(), out.clone());
        tokio::spawn(async move { eng.handle(events, &out).await })
    };
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    eng.stop();
    tokio::time::timeout(std::time::Duration::from_secs(2), task)
        .await
        .expect("handle returns soon after stop")
        .unwrap()
        .unwrap();
    let done = out.done.load(std::sync::atomic::Ordering::Relaxed);
    assert!(done > 0 && done < 10_000, "done {done}");
    let handled = eng
        .counters
        .events
        .load(std::sync::atomic::Ordering::Relaxed);
    assert_eq!(
        handled, done,
        "events left undone are not counted as handled"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn concurrent_first_uses_of_a_model_read_it_once() {
    let (emu, adt) = sample_instance().await;
    let cache = std::sync::Arc::new(twinbridge::sync::schema::ModelCache::default());
    let before = adt.stats().requests;
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let (cache, adt) = (cache.clone(), adt.clone());
            tokio::spawn(async move {
                cache
                    .get(&adt, "dtmi:contosocom:DigitalTwins:Thermostat;2")
                    .await
                    .map(|_| ())
                    .map_err(|e| format!("{e:?}"))
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().expect("the schema is read");
    }
    assert_eq!(
        adt.stats().requests - before,
        1,
        "one model read for twenty concurrent first uses"
    );
    emu.stop().await;
}

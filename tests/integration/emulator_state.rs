//! The emulator's state survives restarts, concurrent clients, and its realism knobs work.
use super::support::*;
use serde_json::json;
use twinbridge::adt::PatchOp;
use twinbridge::emulator::{Emulator, EmulatorConfig, Realism};

#[tokio::test]
async fn state_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = EmulatorConfig::for_tests();
    cfg.state = Some(dir.path().join("state.sqlite"));
    let emu = Emulator::start(cfg.clone()).await.unwrap();
    let adt = client_for(&emu.adt_url());
    adt.create_models(&sample_models()).await.unwrap();
    adt.put_twin("keep", &thermostat(7.0), false).await.unwrap();
    emu.stop().await;
    let emu = Emulator::start(cfg).await.unwrap();
    let adt = client_for(&emu.adt_url());
    assert_eq!(adt.get_twin("keep").await.unwrap()["Temperature"], 7.0);
    assert_eq!(adt.list_models(&[], false).await.unwrap().len(), 2);
    // the model graph is rebuilt from the file: validation still applies
    assert!(
        adt.patch_twin("keep", &[PatchOp::add("/Nope", json!(1))], None)
            .await
            .is_err()
    );
    emu.stop().await;
}

#[tokio::test]
async fn concurrent_patches_all_land() {
    let (emu, adt) = sample_instance().await;
    for i in 0..20 {
        adt.put_twin(&format!("c{i}"), &thermostat(0.0), false)
            .await
            .unwrap();
    }
    let mut tasks = Vec::new();
    for round in 0..10 {
        for i in 0..20 {
            let adt = adt.clone();
            tasks.push(tokio::spawn(async move {
                adt.patch_twin(
                    &format!("c{i}"),
                    &[PatchOp::add(
                        format!(
                            "/{}",
                            if round % 2 == 0 {
                                "Temperature"
                            } else {
                                "ComfortIndex"
                            }
                        ),
                        json!(round as f64),
                    )],
                    None,
                )
                .await
            }));
        }
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    for i in 0..20 {
        let t = adt.get_twin(&format!("c{i}")).await.unwrap();
        assert!(t["Temperature"].is_number() && t["ComfortIndex"].is_number());
    }
    emu.stop().await;
}

#[tokio::test]
async fn enforced_limits_throttle_and_the_client_rides_them_out() {
    let mut cfg = EmulatorConfig::for_tests();
    cfg.realism = Realism::new(std::time::Duration::ZERO, 0.0, true);
    let emu = Emulator::start(cfg).await.unwrap();
    let adt = client_for(&emu.adt_url());
    adt.create_models(&sample_models()).await.unwrap();
    adt.put_twin("busy", &thermostat(0.0), false).await.unwrap();
    // 25 writes to one twin: more than 10/s, so some are throttled and retried after Retry-After.
    let mut mine = twinbridge::adt::AdtConfig::new(emu.adt_url().parse().unwrap());
    mine.retry = twinbridge::retry::RetryPolicy {
        max_retries: 10,
        base: std::time::Duration::from_millis(50),
        cap: std::time::Duration::from_secs(2),
    };
    let adt = twinbridge::adt::AdtClient::new(
        mine,
        std::sync::Arc::new(twinbridge::auth::StaticToken("t".into())),
    )
    .unwrap();
    for i in 0..25 {
        adt.patch_twin(
            "busy",
            &[PatchOp::add("/Temperature", json!(i as f64))],
            None,
        )
        .await
        .unwrap();
    }
    assert!(adt.stats().throttled > 0, "the per-twin limit was enforced");
    assert_eq!(adt.get_twin("busy").await.unwrap()["Temperature"], 24.0);
    emu.stop().await;
}

#[tokio::test]
async fn fault_rate_injects_retryable_faults() {
    let mut cfg = EmulatorConfig::for_tests();
    cfg.realism = Realism::new(std::time::Duration::from_millis(1), 0.3, false);
    let emu = Emulator::start(cfg).await.unwrap();
    let mut c = twinbridge::adt::AdtConfig::new(emu.adt_url().parse().unwrap());
    c.retry = twinbridge::retry::RetryPolicy {
        max_retries: 20,
        base: std::time::Duration::from_millis(5),
        cap: std::time::Duration::from_millis(50),
    };
    let adt = twinbridge::adt::AdtClient::new(
        c,
        std::sync::Arc::new(twinbridge::auth::StaticToken("t".into())),
    )
    .unwrap();
    adt.create_models(&sample_models()).await.unwrap();
    for i in 0..30 {
        adt.put_twin(&format!("f{i}"), &thermostat(1.0), false)
            .await
            .unwrap();
    }
    assert!(adt.stats().retries > 0);
    emu.stop().await;
}

#[tokio::test]
async fn requests_without_api_version_or_token_are_refused() {
    let emu = emulator().await;
    let http = reqwest::Client::new();
    let r = http
        .get(format!("{}/models", emu.adt_url()))
        .bearer_auth("x")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(r.headers()["x-ms-error-code"], "MissingApiVersionParameter");
    let r = http
        .get(format!("{}/models?api-version=2023-10-31", emu.adt_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = http
        .patch(format!(
            "{}/digitaltwins/x?api-version=2023-10-31",
            emu.adt_url()
        ))
        .bearer_auth("x")
        .header("content-type", "application/json")
        .body("[]")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 415);
    let r = http
        .get(format!("{}/models?api-version=1999-01-01", emu.adt_url()))
        .bearer_auth("x")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    emu.stop().await;
}

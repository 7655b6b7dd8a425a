//! Upload resilience: a batch the service rejects because a model uploaded just before is not
//! visible yet (ADT's eventual consistency) is retried with backoff instead of failing; both
//! spellings of the model-exists conflict count as "created meanwhile".
use super::support::*;
use axum::http::Method;
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use twinbridge::models::{UploadOptions, upload};
use twinbridge::report::NoReporter;

#[tokio::test]
async fn invisible_dependency_is_retried_not_failed() {
    let emu = emulator().await;
    let posts = Arc::new(AtomicUsize::new(0));
    let seen = posts.clone();
    // The second model-create call gets the error ADT gives when a dependency is not visible yet.
    let url = fault_proxy(
        emu.adt_url(),
        Arc::new(move |m, path| {
            (*m == Method::POST && path == "/models" && seen.fetch_add(1, Ordering::SeqCst) == 1).then(|| {
                (400, json!({"error": {"code": "DTDLParserError", "message": "dtmi:t:Base;1 or one of its dependencies does not exist."}}))
            })
        }),
    )
    .await;
    let adt = client_for(&url);
    let base =
        json!({"@id": "dtmi:t:Base;1", "@type": "Interface", "@context": "dtmi:dtdl:context;2"});
    let child = json!({"@id": "dtmi:t:Child;1", "@type": "Interface", "@context": "dtmi:dtdl:context;2", "extends": "dtmi:t:Base;1"});
    let models = vec![
        ("dtmi:t:Base;1".to_string(), base),
        ("dtmi:t:Child;1".to_string(), child),
    ];
    let opts = UploadOptions {
        batch_size: 1,
        consistency_retries: 3,
        consistency_backoff: std::time::Duration::from_millis(20),
    };
    let out = upload(&adt, &models, opts, &NoReporter).await;
    assert!(out.failed.is_empty(), "{:?}", out.failed);
    assert_eq!(out.uploaded.len(), 2);
    assert_eq!(out.calls, 3, "batch 2 was retried once");
    assert_eq!(posts.load(Ordering::SeqCst), 3);
    emu.stop().await;
}

/// A create that another writer beat is answered 409 with `ModelAlreadyExists` (the spec, the
/// emulator) or `ModelIdAlreadyExists` (the spelling one of Microsoft's tutorials shows): both
/// mean "created meanwhile", not a failure.
#[tokio::test]
async fn both_model_exists_codes_mean_created_by_someone_else() {
    let emu = emulator().await;
    let base =
        json!({"@id": "dtmi:t:Base;1", "@type": "Interface", "@context": "dtmi:dtdl:context;2"});
    client_for(&emu.adt_url())
        .create_models(std::slice::from_ref(&base))
        .await
        .unwrap();
    let models = vec![("dtmi:t:Base;1".to_string(), base)];
    let renamed = fault_proxy(
        emu.adt_url(),
        Arc::new(|m, path| {
            (*m == Method::POST && path == "/models").then(|| {
                (409, json!({"error": {"code": "ModelIdAlreadyExists", "message": "Could not add model dtmi:t:Base;1 as it already exists."}}))
            })
        }),
    )
    .await;
    for url in [emu.adt_url(), renamed] {
        let out = upload(
            &client_for(&url),
            &models,
            UploadOptions::default(),
            &NoReporter,
        )
        .await;
        assert!(out.failed.is_empty(), "{url}: {:?}", out.failed);
        assert_eq!(out.already_existed, vec!["dtmi:t:Base;1"], "{url}");
    }
    emu.stop().await;
}

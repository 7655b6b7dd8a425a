//! The blob checkpoint store against Azurite and against Microsoft's Python
//! `azure-eventhub-checkpointstoreblob` (same container, each reads what the other wrote), the
//! store specs (SAS URL, connection string), and the errors that say what to fix.
use super::azurite::Azurite;
use super::checkpoint_conformance::conformance;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use twinbridge::auth::{AuthError, TokenSource};
use twinbridge::events::checkpoint::{
    BlobAuth, BlobCheckpointStore, Checkpoint, CheckpointError, CheckpointStore, Ownership,
    STORAGE_SCOPE, StoreOptions, open_store,
};
use twinbridge::retry::RetryPolicy;
use twinbridge::settings::Secret;

const NS: &str = "myns.servicebus.windows.net";
const HUB: &str = "telemetry";

/// Run the Python peer; parse its JSON output.
async fn peer(python: &std::path::Path, args: &[&str]) -> Value {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/peers/checkpoint_peer.py");
    let out = tokio::process::Command::new(python)
        .arg(&script)
        .args(args)
        .output()
        .await
        .expect("python runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "peer {:?} failed:\n{stdout}\n{stderr}",
        args.first()
    );
    serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("peer output {stdout}: {e}"))
}

#[tokio::test]
async fn python_checkpoint_store_and_ours_share_one_layout() {
    let Some(python) = super::peers::python() else {
        return;
    };
    let Some(az) = Azurite::start().await else {
        return;
    };
    let store = az.store_with_container("interop").await;
    let conn = az.connection_string();
    let scope = |cmd: &'static str| [cmd, conn.as_str(), "interop", NS, HUB, "$Default"];

    // Python writes checkpoint 0 and claims partition 0; we read both.
    let written = peer(&python, &scope("write")).await;
    assert_eq!(written[0]["owner_id"], "python-owner", "{written}");
    let cps = store.list_checkpoints(NS, HUB, "$Default").await.unwrap();
    assert_eq!(cps.len(), 1);
    assert_eq!(
        (
            cps[0].partition.as_str(),
            cps[0].offset.as_deref(),
            cps[0].sequence_number
        ),
        ("0", Some("1234"), Some(56))
    );
    let owned = store.list_ownership(NS, HUB, "$Default").await.unwrap();
    assert_eq!(owned.len(), 1);
    assert_eq!(owned[0].owner_id, "python-owner");
    assert!(owned[0].last_modified.is_some());

    // We take partition 0 over with the etag we listed, and write and claim partition 1.
    let mut takeover = owned[0].clone();
    takeover.owner_id = "rust-owner".into();
    assert_eq!(
        store.claim_ownership(&[takeover]).await.unwrap().len(),
        1,
        "our etag from the listing works"
    );
    store
        .update_checkpoint(&Checkpoint::new(
            NS,
            HUB,
            "$Default",
            "1",
            Some("4321".into()),
            Some(65),
        ))
        .await
        .unwrap();
    let won = store
        .claim_ownership(&[Ownership::new(NS, HUB, "$Default", "1", "rust-owner")])
        .await
        .unwrap();
    assert_eq!(won.len(), 1);

    // Python reads it all back, and the blobs are exactly the SDK's names and metadata.
    let read = peer(&python, &scope("read")).await;
    assert_eq!(
        read["checkpoints"],
        json!([
            {"partition_id": "0", "offset": "1234", "sequence_number": 56},
            {"partition_id": "1", "offset": "4321", "sequence_number": 65}
        ]),
        "{read}"
    );
    let owners: Vec<(&str, &str)> = read["ownership"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["partition_id"].as_str().unwrap(),
                o["owner_id"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(owners, [("0", "rust-owner"), ("1", "rust-owner")], "{read}");
    let prefix = format!("{NS}/{HUB}/$default");
    assert_eq!(
        read["blobs"],
        json!([
            {"name": format!("{prefix}/checkpoint/0"), "metadata": {"offset": "1234", "sequencenumber": "56"}},
            {"name": format!("{prefix}/checkpoint/1"), "metadata": {"offset": "4321", "sequencenumber": "65"}},
            {"name": format!("{prefix}/ownership/0"), "metadata": {"ownerid": "rust-owner"}},
            {"name": format!("{prefix}/ownership/1"), "metadata": {"ownerid": "rust-owner"}}
        ]),
        "{read}"
    );

    // Python claims with the etags it lists from our blobs; a made-up etag loses.
    assert_eq!(peer(&python, &scope("renew")).await, json!(2));
    assert_eq!(peer(&python, &scope("stale")).await, json!(0));
    let owned = store.list_ownership(NS, HUB, "$DEFAULT").await.unwrap();
    assert!(
        owned.iter().all(|o| o.owner_id == "python-owner"),
        "{owned:?}"
    );
    // Our etags from before Python's claims are stale now.
    assert!(store.claim_ownership(&won).await.unwrap().is_empty());
}

#[tokio::test]
async fn sas_url_and_connection_string_specs_work() {
    let Some(python) = super::peers::python() else {
        return;
    };
    let Some(az) = Azurite::start().await else {
        return;
    };
    az.store_with_container("sas").await;
    let conn = az.connection_string();
    let sas = peer(&python, &["sas", &conn, "sas"]).await;
    let spec = format!("blob:{}?{}", az.container_url("sas"), sas.as_str().unwrap());
    let store = open_store(&spec, &StoreOptions::default()).unwrap();
    assert!(!store.describe().contains("sig="), "{}", store.describe());
    conformance(store.as_ref()).await;

    let spec = format!("{conn}ContainerName=sas");
    let store = open_store(&spec, &StoreOptions::default()).unwrap();
    let cps = store
        .list_checkpoints("myns.servicebus.windows.net", "telemetry", "$Default")
        .await
        .unwrap();
    assert_eq!(
        cps.len(),
        3,
        "the connection-string store sees what the SAS store wrote"
    );

    // A blob URL plus an account key from the options (Shared Key, path-style Azurite URL).
    let opts = StoreOptions {
        account_key: Some(Secret::new(super::azurite::KEY)),
        ..Default::default()
    };
    let store = open_store(&format!("blob:{}", az.container_url("sas")), &opts).unwrap();
    assert_eq!(
        store
            .list_ownership(NS, HUB, "$default")
            .await
            .unwrap()
            .len(),
        3
    );
}

#[tokio::test]
async fn errors_say_what_to_fix() {
    let Some(az) = Azurite::start().await else {
        return;
    };
    let err = az
        .store("missing")
        .list_checkpoints(NS, HUB, "$Default")
        .await
        .unwrap_err();
    assert!(
        matches!(err, CheckpointError::ContainerMissing { .. }),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("az storage container create"),
        "{err}"
    );

    az.store_with_container("auth").await;
    let wrong_key = BlobCheckpointStore::new(
        az.container_url("auth"),
        Some(BlobAuth::SharedKey {
            account: "devstoreaccount1".into(),
            key: Secret::new("d3Jvbmcga2V5"),
        }),
    )
    .unwrap();
    let err = wrong_key
        .list_ownership(NS, HUB, "$Default")
        .await
        .unwrap_err();
    assert!(
        matches!(err, CheckpointError::Auth { status: 403, .. }),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(
        text.contains("fix: check the account name and key") && !text.contains("d3Jvbmcga2V5"),
        "{text}"
    );

    // Nothing listens: unreachable after the retries.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dead = BlobCheckpointStore::new(
        format!("http://127.0.0.1:{port}/devstoreaccount1/cp")
            .parse()
            .unwrap(),
        Some(BlobAuth::SharedKey {
            account: "devstoreaccount1".into(),
            key: Secret::new(super::azurite::KEY),
        }),
    )
    .unwrap()
    .with_retry(RetryPolicy {
        max_retries: 1,
        base: Duration::from_millis(10),
        cap: Duration::from_millis(20),
    });
    let err = dead
        .list_checkpoints(NS, HUB, "$Default")
        .await
        .unwrap_err();
    assert!(
        matches!(err, CheckpointError::Unreachable { .. }) && err.is_transient(),
        "{err:?}"
    );
}

/// Records the scopes it was asked for.
struct RecordingToken(Mutex<Vec<String>>);

#[async_trait::async_trait]
impl TokenSource for RecordingToken {
    async fn token(&self, scope: &str) -> Result<String, AuthError> {
        self.0.lock().unwrap().push(scope.to_string());
        Ok("entra-token".into())
    }
}

#[tokio::test]
async fn entra_id_auth_sends_a_storage_token_and_explains_a_missing_role() {
    // A loopback server that answers like Blob Storage does for a token without data access.
    let seen: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let seen2 = seen.clone();
    let app = axum::Router::new().fallback(move |req: axum::extract::Request| {
        let seen = seen2.clone();
        async move {
            let h = |n: &str| req.headers().get(n).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
            seen.lock().unwrap().push((h("authorization"), h("x-ms-version")));
            (
                axum::http::StatusCode::FORBIDDEN,
                [("x-ms-error-code", "AuthorizationPermissionMismatch")],
                "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>AuthorizationPermissionMismatch</Code><Message>This request is not authorized to perform this operation using this permission.\nRequestId:1</Message></Error>",
            )
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move { axum::serve(listener, app).await });

    let tokens = Arc::new(RecordingToken(Mutex::new(Vec::new())));
    let opts = StoreOptions {
        tokens: Some(tokens.clone()),
        ..Default::default()
    };
    let store = open_store(&format!("blob:http://{addr}/acct/cp"), &opts).unwrap();
    let err = store.list_ownership(NS, HUB, "$Default").await.unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("Storage Blob Data Contributor") && text.contains("not authorized"),
        "{text}"
    );
    assert_eq!(tokens.0.lock().unwrap().as_slice(), [STORAGE_SCOPE]);
    let seen = seen.lock().unwrap().clone();
    assert_eq!(
        seen,
        [("Bearer entra-token".to_string(), "2021-08-06".to_string())]
    );
    server.abort();
}

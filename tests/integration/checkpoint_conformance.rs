//! One conformance suite for every checkpoint store (the file store and the blob store on
//! Azurite), contention between two store instances, and partition takeover driven by the
//! balancer over a real store.
use super::azurite::Azurite;
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use twinbridge::events::balance::is_active;
use twinbridge::events::checkpoint::{
    Checkpoint, CheckpointStore, FileCheckpointStore, Ownership, balance_round,
};

const NS: &str = "myns.servicebus.windows.net";
const HUB: &str = "telemetry";

fn claim(partition: &str, owner: &str, etag: Option<&str>) -> Ownership {
    Ownership {
        etag: etag.map(str::to_string),
        ..Ownership::new(NS, HUB, "$Default", partition, owner)
    }
}

/// The behaviour every store must have (see the `CheckpointStore` contract).
pub async fn conformance(store: &dyn CheckpointStore) {
    let what = store.describe();
    // Empty at first.
    assert!(
        store
            .list_checkpoints(NS, HUB, "$Default")
            .await
            .unwrap()
            .is_empty(),
        "{what}"
    );
    assert!(
        store
            .list_ownership(NS, HUB, "$Default")
            .await
            .unwrap()
            .is_empty(),
        "{what}"
    );

    // Checkpoint round trip; the consumer group matches case-insensitively; overwrite.
    for (p, seq) in [("1", 7), ("0", 5), ("10", 9)] {
        let cp = Checkpoint::new(
            NS,
            HUB,
            "$Default",
            p,
            Some(format!("{}", seq * 100)),
            Some(seq),
        );
        store.update_checkpoint(&cp).await.unwrap();
    }
    store
        .update_checkpoint(&Checkpoint::new(
            NS,
            HUB,
            "$Default",
            "0",
            Some("600".into()),
            Some(6),
        ))
        .await
        .unwrap();
    let cps = store.list_checkpoints(NS, HUB, "$default").await.unwrap();
    let got: Vec<(&str, Option<&str>, Option<i64>)> = cps
        .iter()
        .map(|c| (c.partition.as_str(), c.offset.as_deref(), c.sequence_number))
        .collect();
    assert_eq!(
        got,
        [
            ("0", Some("600"), Some(6)),
            ("1", Some("700"), Some(7)),
            ("10", Some("900"), Some(9))
        ],
        "{what}"
    );
    assert!(
        cps.iter()
            .all(|c| c.namespace == NS && c.hub == HUB && c.consumer_group == "$default")
    );
    // Other hubs and consumer groups are separate.
    assert!(
        store
            .list_checkpoints(NS, "other", "$Default")
            .await
            .unwrap()
            .is_empty(),
        "{what}"
    );
    assert!(
        store
            .list_checkpoints(NS, HUB, "cg2")
            .await
            .unwrap()
            .is_empty(),
        "{what}"
    );

    // Claim new partitions.
    let before = SystemTime::now() - Duration::from_secs(5);
    let won = store
        .claim_ownership(&[claim("0", "A", None), claim("1", "A", None)])
        .await
        .unwrap();
    assert_eq!(won.len(), 2, "{what}: {won:?}");
    for o in &won {
        assert_eq!(o.owner_id, "A");
        assert!(o.etag.is_some(), "{what}: a won claim has an etag");
        let t = o.last_modified.expect("last_modified");
        assert!(
            t >= before && t <= SystemTime::now() + Duration::from_secs(5),
            "{what}: {t:?}"
        );
    }
    let etag0 = won[0].etag.clone().unwrap();

    // A second "new" claim of an owned partition is lost, not an error.
    assert!(
        store
            .claim_ownership(&[claim("0", "B", None)])
            .await
            .unwrap()
            .is_empty(),
        "{what}"
    );

    // Renew with the etag: won, with a new etag.
    let renewed = store
        .claim_ownership(&[claim("0", "A", Some(&etag0))])
        .await
        .unwrap();
    assert_eq!(renewed.len(), 1, "{what}");
    let etag0b = renewed[0].etag.clone().unwrap();
    assert_ne!(etag0, etag0b, "{what}: renewing changes the etag");

    // A claim with the stale etag is lost; the owner is unchanged.
    assert!(
        store
            .claim_ownership(&[claim("0", "B", Some(&etag0))])
            .await
            .unwrap()
            .is_empty(),
        "{what}"
    );
    let listed = store.list_ownership(NS, HUB, "$DEFAULT").await.unwrap();
    assert_eq!(listed.len(), 2, "{what}");
    assert_eq!(
        (listed[0].partition.as_str(), listed[0].owner_id.as_str()),
        ("0", "A")
    );
    assert_eq!(
        listed[0].etag.as_deref(),
        Some(etag0b.as_str()),
        "{what}: listing shows the current etag"
    );
    assert!(listed[0].last_modified.is_some());

    // A batch with a winner and a loser returns only the winner.
    let etag1 = listed[1].etag.clone().unwrap();
    let won = store
        .claim_ownership(&[
            claim("0", "B", Some("\"bogus\"")),
            claim("1", "B", Some(&etag1)),
            claim("2", "B", None),
        ])
        .await
        .unwrap();
    let parts: Vec<&str> = won.iter().map(|o| o.partition.as_str()).collect();
    assert_eq!(parts, ["1", "2"], "{what}");

    // Relinquish: the record stays with an empty owner; anyone may then claim it with its etag.
    let released = store.relinquish_ownership(&won[..1]).await.unwrap();
    assert_eq!(released.len(), 1, "{what}");
    let listed = store.list_ownership(NS, HUB, "$Default").await.unwrap();
    let p1 = listed.iter().find(|o| o.partition == "1").unwrap();
    assert_eq!(p1.owner_id, "", "{what}");
    assert!(!is_active(p1, SystemTime::now(), Duration::from_secs(60)));
    let retaken = store
        .claim_ownership(&[claim("1", "A", p1.etag.as_deref())])
        .await
        .unwrap();
    assert_eq!(retaken.len(), 1, "{what}");
}

/// Two store instances race for the same partitions with the same etag: exactly one wins.
pub async fn contention(a: Arc<dyn CheckpointStore>, b: Arc<dyn CheckpointStore>, rounds: usize) {
    let parts: Vec<String> = (0..4).map(|p| p.to_string()).collect();
    let mut wins = [0usize; 2];
    for _ in 0..rounds {
        let listed = a.list_ownership(NS, HUB, "race").await.unwrap();
        let claims_for = |owner: &str| -> Vec<Ownership> {
            parts
                .iter()
                .map(|p| {
                    let seen = listed.iter().find(|o| o.partition == *p);
                    Ownership {
                        etag: seen.and_then(|o| o.etag.clone()),
                        ..Ownership::new(NS, HUB, "race", p, owner)
                    }
                })
                .collect()
        };
        let (ca, cb) = (claims_for("A"), claims_for("B"));
        let (ra, rb) = tokio::join!(a.claim_ownership(&ca), b.claim_ownership(&cb));
        let (ra, rb) = (ra.unwrap(), rb.unwrap());
        for p in &parts {
            let n = ra.iter().filter(|o| o.partition == *p).count()
                + rb.iter().filter(|o| o.partition == *p).count();
            assert_eq!(
                n, 1,
                "partition {p}: {n} winners (A won {ra:?}, B won {rb:?})"
            );
        }
        wins[0] += ra.len();
        wins[1] += rb.len();
        // The store agrees with the winners.
        let now = a.list_ownership(NS, HUB, "race").await.unwrap();
        for o in ra.iter().chain(&rb) {
            let stored = now.iter().find(|s| s.partition == o.partition).unwrap();
            assert_eq!((&stored.owner_id, &stored.etag), (&o.owner_id, &o.etag));
        }
    }
    assert_eq!(wins[0] + wins[1], rounds * parts.len());
}

/// Owners run balancing rounds against a real store until balanced; then one dies and the
/// survivor takes its partitions after the expiry. Returns how long the takeover took.
pub async fn takeover(store: Arc<dyn CheckpointStore>, cg: &str, expiry: Duration) -> Duration {
    let parts: Vec<String> = (0..4).map(|p| p.to_string()).collect();
    let round = |owner: &'static str| {
        let (store, parts) = (store.clone(), parts.clone());
        async move {
            let out = balance_round(store.as_ref(), (NS, HUB, cg), &parts, owner, expiry)
                .await
                .unwrap();
            assert!(out.owned.iter().all(|o| o.owner_id == owner));
        }
    };
    let count = |owner: &'static str| {
        let store = store.clone();
        async move {
            let listed = store.list_ownership(NS, HUB, cg).await.unwrap();
            listed
                .iter()
                .filter(|o| o.owner_id == owner && is_active(o, SystemTime::now(), expiry))
                .count()
        }
    };
    let mut balanced = false;
    // Two processes' rounds rarely overlap (each runs every few seconds); the lockstep race
    // is `contention`'s job and the balancer's unit tests'.
    for _ in 0..30 {
        round("alpha").await;
        round("beta").await;
        if count("alpha").await == 2 && count("beta").await == 2 {
            balanced = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(balanced, "alpha and beta did not split 4 partitions 2/2");
    // beta dies (stops renewing).
    let died = std::time::Instant::now();
    loop {
        round("alpha").await;
        if count("alpha").await == 4 {
            break;
        }
        assert!(
            died.elapsed() < expiry * 4,
            "alpha did not take beta's partitions"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    died.elapsed()
}

#[tokio::test]
async fn file_store_conformance() {
    let dir = tempfile::tempdir().unwrap();
    conformance(&FileCheckpointStore::new(dir.path())).await;
}

#[tokio::test]
async fn blob_store_conformance_on_azurite() {
    let Some(az) = Azurite::start().await else {
        return;
    };
    conformance(&az.store_with_container("conformance").await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn file_store_instances_contending_never_both_win() {
    let dir = tempfile::tempdir().unwrap();
    let a: Arc<dyn CheckpointStore> = Arc::new(FileCheckpointStore::new(dir.path()));
    let b: Arc<dyn CheckpointStore> = Arc::new(FileCheckpointStore::new(dir.path()));
    contention(a, b, 200).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn blob_store_instances_contending_never_both_win() {
    let Some(az) = Azurite::start().await else {
        return;
    };
    let a: Arc<dyn CheckpointStore> = Arc::new(az.store_with_container("race").await);
    let b: Arc<dyn CheckpointStore> = Arc::new(az.store("race"));
    contention(a, b, 40).await;
}

#[tokio::test]
async fn file_store_survivor_takes_a_dead_owners_partitions_after_expiry() {
    let dir = tempfile::tempdir().unwrap();
    let expiry = Duration::from_secs(2);
    let took = takeover(
        Arc::new(FileCheckpointStore::new(dir.path())),
        "$Default",
        expiry,
    )
    .await;
    assert!(
        took >= expiry - Duration::from_millis(300),
        "taken before the expiry: {took:?}"
    );
}

#[tokio::test]
async fn blob_store_survivor_takes_a_dead_owners_partitions_after_expiry() {
    let Some(az) = Azurite::start().await else {
        return;
    };
    // Blob Last-Modified has one-second resolution: use a few seconds.
    let expiry = Duration::from_secs(3);
    let store = Arc::new(az.store_with_container("takeover").await);
    let took = takeover(store, "$Default", expiry).await;
    assert!(
        took >= expiry - Duration::from_millis(1200),
        "taken before the expiry: {took:?}"
    );
}

//! Checkpoint stores: per (namespace, hub, consumer group, partition) the last position fully
//! processed, and partition ownership with ETag-guarded claims, so several consumers of one
//! consumer group split the partitions between them (see [`crate::events::balance`]).
//!
//! Two stores implement [`CheckpointStore`]: [`FileCheckpointStore`] (local files, the default;
//! file I/O only) and [`BlobCheckpointStore`] (Azure Blob Storage over REST, network I/O only,
//! the same blob names and metadata as the Azure SDKs' blob checkpoint stores so twinbridge can
//! take over from a .NET or Python event processor). [`open_store`] builds one from a spec string;
//! [`balance_round`] runs one partition load-balancing round against a store.
mod blob;
mod blob_auth;
mod error;
mod file;
mod round;
mod spec;
/// The List Blobs reader, public for the `blob_list_xml` fuzz target (tests/fuzz).
#[doc(hidden)]
pub mod xml;

pub use blob::{BLOB_API_VERSION, BlobCheckpointStore};
pub use blob_auth::BlobAuth;
pub use error::CheckpointError;
pub use file::FileCheckpointStore;
pub use round::{RoundOutcome, balance_round};
pub use spec::{StoreOptions, StoreSpec, open_store, parse_spec};

use std::time::SystemTime;

/// Scope of the Entra ID token the blob store asks for.
pub const STORAGE_SCOPE: &str = "https://storage.azure.com/.default";

/// The last position fully processed in one partition of one consumer group.
///
/// Reading starts *after* this position (the Azure SDKs' convention). Write both `offset` and
/// `sequence_number`: the Python SDK's store cannot read a checkpoint without both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// Fully qualified Event Hubs namespace, e.g. `myns.servicebus.windows.net`.
    pub namespace: String,
    /// Event hub name.
    pub hub: String,
    /// Consumer group as the caller spells it (stores lower-case namespace, hub and consumer
    /// group in names, as the Azure SDKs do: all three are case-insensitive in Event Hubs).
    pub consumer_group: String,
    /// Partition id (`"0"`, `"1"`, ...).
    pub partition: String,
    /// Offset of the last event processed (Event Hubs offsets are strings).
    pub offset: Option<String>,
    /// Sequence number of the last event processed.
    pub sequence_number: Option<i64>,
}

/// Who owns a partition, as recorded in the store.
///
/// An empty `owner_id` means released (relinquished); a record whose `last_modified` is older
/// than the ownership expiry is expired. Either may be claimed by anyone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ownership {
    /// Fully qualified Event Hubs namespace.
    pub namespace: String,
    /// Event hub name.
    pub hub: String,
    /// Consumer group as the caller spells it.
    pub consumer_group: String,
    /// Partition id.
    pub partition: String,
    /// The owning processor's id; empty = released.
    pub owner_id: String,
    /// The store's version tag of this record. `None` in a claim = "only if nobody has ever
    /// owned it" (create); `Some` = "only if it is still this version".
    pub etag: Option<String>,
    /// When the record was last written (renewed), by the store's clock.
    pub last_modified: Option<SystemTime>,
}

impl Checkpoint {
    /// A checkpoint at `sequence_number`/`offset` of one partition.
    pub fn new(
        namespace: &str,
        hub: &str,
        consumer_group: &str,
        partition: &str,
        offset: Option<String>,
        sequence_number: Option<i64>,
    ) -> Self {
        Self {
            namespace: namespace.to_string(),
            hub: hub.to_string(),
            consumer_group: consumer_group.to_string(),
            partition: partition.to_string(),
            offset,
            sequence_number,
        }
    }
}

impl Ownership {
    /// A claim of a partition nobody has owned yet (no etag).
    pub fn new(
        namespace: &str,
        hub: &str,
        consumer_group: &str,
        partition: &str,
        owner_id: &str,
    ) -> Self {
        Self {
            namespace: namespace.to_string(),
            hub: hub.to_string(),
            consumer_group: consumer_group.to_string(),
            partition: partition.to_string(),
            owner_id: owner_id.to_string(),
            etag: None,
            last_modified: None,
        }
    }
}

/// Where checkpoints and partition ownership live. Object-safe; share it as
/// `Arc<dyn CheckpointStore>`.
///
/// Contract (the same as the Azure SDKs' checkpoint stores, which the event pipeline relies on):
/// - Lists return every record under (namespace, hub, consumer group), in partition order; the
///   consumer group matches case-insensitively.
/// - [`claim_ownership`](Self::claim_ownership) is atomic per record: a claim with `etag: None`
///   succeeds only if the record does not exist; with `Some(etag)` only if the stored record still
///   has that etag. Each successful claim comes back with its new etag and `last_modified`; a
///   claim that lost (someone else wrote first) is simply absent from the result, not an error.
///   Renewing a partition one owns is a claim with the etag from the last claim.
/// - [`update_checkpoint`](Self::update_checkpoint) overwrites unconditionally (only the owner
///   of a partition checkpoints it).
/// - Errors are for the store being unusable (auth, missing container, unreachable, corrupt
///   records), each with the fix in its message; transient failures are retried inside.
#[async_trait::async_trait]
pub trait CheckpointStore: Send + Sync {
    /// Where the store is, for logs and errors (no secrets).
    fn describe(&self) -> String;

    /// Every checkpoint of one consumer group.
    async fn list_checkpoints(
        &self,
        namespace: &str,
        hub: &str,
        consumer_group: &str,
    ) -> Result<Vec<Checkpoint>, CheckpointError>;

    /// Record the last position processed in a partition.
    async fn update_checkpoint(&self, checkpoint: &Checkpoint) -> Result<(), CheckpointError>;

    /// Every ownership record of one consumer group (active, expired and released).
    async fn list_ownership(
        &self,
        namespace: &str,
        hub: &str,
        consumer_group: &str,
    ) -> Result<Vec<Ownership>, CheckpointError>;

    /// Try each claim; return the ones that succeeded, with their new etags.
    async fn claim_ownership(
        &self,
        claims: &[Ownership],
    ) -> Result<Vec<Ownership>, CheckpointError>;

    /// Give partitions up (on shutdown) so others take them at once instead of after the
    /// expiry: a claim with an empty owner id, as the Azure SDKs do. Returns the records that
    /// were released (a record someone else already took is left alone).
    async fn relinquish_ownership(
        &self,
        owned: &[Ownership],
    ) -> Result<Vec<Ownership>, CheckpointError> {
        let released: Vec<Ownership> = owned
            .iter()
            .map(|o| Ownership {
                owner_id: String::new(),
                ..o.clone()
            })
            .collect();
        self.claim_ownership(&released).await
    }
}

/// Order partition ids: numeric ids numerically, then any other ids as strings (a total order).
pub(crate) fn partition_order(a: &str, b: &str) -> std::cmp::Ordering {
    let key = |s: &str| (s.parse::<u64>().map_err(|_| ()), s.to_string());
    let (ka, kb) = (key(a), key(b));
    match (ka.0, kb.0) {
        (Ok(x), Ok(y)) => x.cmp(&y).then_with(|| a.cmp(b)),
        (Ok(_), Err(())) => std::cmp::Ordering::Less,
        (Err(()), Ok(_)) => std::cmp::Ordering::Greater,
        (Err(()), Err(())) => ka.1.cmp(&kb.1),
    }
}

/// The blob-name prefix of one consumer group: `{namespace}/{hub}/{consumer group}/`, all
/// lower-cased as the Python and .NET SDKs do (the three names are case-insensitive in Azure).
pub(crate) fn scope_prefix(namespace: &str, hub: &str, consumer_group: &str) -> String {
    format!("{namespace}/{hub}/{consumer_group}/").to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partitions_sort_numerically() {
        let mut ids = vec!["10", "2", "1", "b", "10a", "a", "100"];
        ids.sort_by(|a, b| partition_order(a, b));
        assert_eq!(ids, ["1", "2", "10", "100", "10a", "a", "b"]);
    }

    #[test]
    fn prefix_lower_cases_the_consumer_group() {
        assert_eq!(
            scope_prefix("NS.servicebus.windows.net", "Hub", "$Default"),
            "ns.servicebus.windows.net/hub/$default/"
        );
    }
}

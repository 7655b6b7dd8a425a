//! Running a command as a service: the probe and scrape endpoints (`/healthz`, `/readyz`,
//! `/metrics`) shared by `allocate serve` (on its own listener) and the two consumers
//! (`--metrics-listen`), the pipeline's status turned into gauges, and a light ADT check that
//! keeps readiness current while nothing else talks to ADT. Network I/O only; never prints.
mod pipeline;
mod probes;

pub use pipeline::track_pipeline;
pub use probes::{ProbeServer, is_probe, probe_routes};

use crate::adt::AdtClient;
use crate::metrics::Metrics;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// How long ADT may stay silent before readiness asks it something.
const ADT_CHECK_AFTER: Duration = Duration::from_secs(30);

/// Until `stop`: whenever ADT has not answered for a while (an idle stream, a quiet webhook, or
/// the start), send one light request so readiness reflects whether ADT is reachable now.
pub async fn keep_adt_checked(adt: AdtClient, metrics: Metrics, stop: CancellationToken) {
    loop {
        if metrics.adt_needs_check(ADT_CHECK_AFTER) {
            tokio::select! {
                res = adt.ping() => if let Err(e) = res {
                    tracing::debug!("ADT readiness check: {e}");
                },
                _ = stop.cancelled() => return,
            }
        }
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_secs(5)) => {}
            _ = stop.cancelled() => return,
        }
    }
}

impl AdtClient {
    /// One light request (the first model, if any) to learn whether ADT answers; the answer
    /// itself is what the client's metrics record.
    pub async fn ping(&self) -> Result<(), crate::adt::AdtError> {
        self.send(crate::adt::Request {
            method: reqwest::Method::GET,
            url: self.url(&["models"], &[])?,
            headers: vec![("max-items-per-page", "1".into())],
            body: None,
        })
        .await
        .map(|_| ())
    }
}

//! What `sync-telemetry` and `watch-lifecycle` share as services: one metrics registry wired
//! into the ADT client and the pipeline, the optional `--metrics-listen` probe listener, a
//! background ADT check for readiness, and the `--shutdown-timeout` deadline on a stop signal.
use crate::adt::AdtClient;
use crate::cli::ServiceArgs;
use crate::error::UsageError;
use crate::events::outcome::Outcomes;
use crate::events::pipeline::{PipelineError, RunOptions, RunReport, Status};
use crate::metrics::Metrics;
use crate::output::Printer;
use crate::service::{ProbeServer, keep_adt_checked, track_pipeline};
use color_eyre::eyre::{Result, WrapErr};
use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

/// Default drain time on a stop signal: under the 30 s Kubernetes and Container Apps give.
pub const DEFAULT_SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(25);

/// The service side of one consumer run.
pub struct Service {
    pub metrics: Metrics,
    server: Option<ProbeServer>,
    checker: CancellationToken,
    shutdown_timeout: Duration,
}

/// Parse `--metrics-listen` (a bare `:PORT` means every interface).
fn parse_listen(s: &str) -> Result<SocketAddr, UsageError> {
    let full = if s.starts_with(':') {
        format!("0.0.0.0{s}")
    } else {
        s.to_string()
    };
    full.parse().map_err(|_| {
        UsageError::new(format!("--metrics-listen {s:?} is not HOST:PORT"))
            .with_hint("e.g. --metrics-listen 0.0.0.0:9464 (port 0 picks a free port)")
    })
}

impl Service {
    /// Create the registry, attach it to `adt`, and open the probe listener if asked for.
    pub async fn start(
        a: &ServiceArgs,
        adt: &AdtClient,
        p: &Printer,
        command: &str,
    ) -> Result<Self> {
        let listen = a.metrics_listen.as_deref().map(parse_listen).transpose()?;
        let shutdown_timeout = a
            .shutdown_timeout
            .map(Duration::from)
            .unwrap_or(DEFAULT_SHUTDOWN_TIMEOUT);
        if shutdown_timeout.is_zero() {
            return Err(UsageError::new("--shutdown-timeout must be more than 0s")
                .with_hint("e.g. --shutdown-timeout 25s")
                .into());
        }
        let metrics = Metrics::new();
        metrics.readiness().expect_source();
        adt.attach_metrics(metrics.clone());
        let server = match listen {
            Some(addr) => {
                let s = ProbeServer::start(addr, metrics.clone())
                    .await
                    .wrap_err_with(|| format!("cannot listen on {addr} (--metrics-listen)"))?;
                p.info(format!(
                    "{command}: probes and metrics on http://{} (/healthz /readyz /metrics)",
                    s.local_addr()
                ));
                Some(s)
            }
            None => None,
        };
        let checker = CancellationToken::new();
        if server.is_some() {
            tokio::spawn(keep_adt_checked(
                adt.clone(),
                metrics.clone(),
                checker.clone(),
            ));
        }
        Ok(Self {
            metrics,
            server,
            checker,
            shutdown_timeout,
        })
    }

    /// The source is connected: readiness now waits for the first ownership round.
    pub fn source_connected(&self) {
        self.metrics.readiness().source_connected();
    }

    /// Completion state that records into the metrics.
    pub fn outcomes(&self, out: Outcomes) -> Outcomes {
        out.with_metrics(self.metrics.clone())
    }

    /// Follow the pipeline's status (gauges, first round for readiness), and give the pipeline
    /// most of the shutdown deadline to finish its work, the rest for checkpoints and release.
    pub fn track(&self, rx: watch::Receiver<Status>, run: &mut RunOptions) {
        track_pipeline(self.metrics.clone(), rx);
        run.drain_timeout = self.shutdown_timeout.mul_f64(0.8);
    }

    /// Run the pipeline; after a stop signal it has `--shutdown-timeout` to return, then the
    /// process stops waiting (None): what was not checkpointed is redelivered on restart.
    pub async fn run<F>(
        &self,
        pipeline: F,
        cancel: &CancellationToken,
        p: &Printer,
    ) -> Result<Option<RunReport>, PipelineError>
    where
        F: Future<Output = Result<RunReport, PipelineError>>,
    {
        let deadline = async {
            cancel.cancelled().await;
            self.metrics.readiness().stopping();
            p.info(format!(
                "stopping: finishing work in flight, writing the last checkpoints, releasing partitions (up to {})",
                humantime::format_duration(self.shutdown_timeout)
            ));
            tokio::time::sleep(self.shutdown_timeout).await;
        };
        tokio::select! {
            res = pipeline => res.map(Some),
            _ = deadline => {
                p.warn(format!(
                    "still stopping after --shutdown-timeout {}: exiting; events not checkpointed are redelivered on restart",
                    humantime::format_duration(self.shutdown_timeout)
                ));
                Ok(None)
            }
        }
    }

    /// Close the probe listener and the ADT check.
    pub async fn stop(self) {
        self.checker.cancel();
        if let Some(s) = self.server {
            s.stop().await;
        }
    }
}

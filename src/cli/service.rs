//! Options the two consumers share as services: the probe and metrics listener, and how long a
//! stop signal may take.
use clap::Args;

/// Running `sync-telemetry` / `watch-lifecycle` as a service.
#[derive(Debug, Args, Clone, Default)]
pub struct ServiceArgs {
    /// Serve /healthz (liveness), /readyz (readiness) and /metrics (Prometheus) over plain HTTP
    /// on ADDR, e.g. 0.0.0.0:9464 or 127.0.0.1:0 for any free port [default: off].
    #[arg(long, env = "TWINBRIDGE_METRICS_LISTEN", value_name = "ADDR")]
    pub metrics_listen: Option<String>,
    /// On SIGTERM or Ctrl-C: how long to finish the work in flight, write the last checkpoints
    /// and release partitions before exiting anyway [default: 25s, under the 30 s Kubernetes and
    /// Container Apps wait before SIGKILL]. Work not finished by then is redelivered.
    #[arg(long, env = "TWINBRIDGE_SHUTDOWN_TIMEOUT", value_name = "DURATION")]
    pub shutdown_timeout: Option<humantime::Duration>,
}

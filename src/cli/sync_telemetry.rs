//! `twinbridge sync-telemetry` arguments (delivered by a later build).
use super::PendingArgs;

/// Arguments of `twinbridge sync-telemetry`.
pub type SyncTelemetryArgs = PendingArgs;

//! `twinbridge watch-lifecycle` arguments (delivered by a later build).
use super::PendingArgs;

/// Arguments of `twinbridge watch-lifecycle`.
pub type WatchLifecycleArgs = PendingArgs;

//! `twinbridge allocate` arguments (delivered by a later build).
use super::PendingArgs;

/// Arguments of `twinbridge allocate`.
pub type AllocateArgs = PendingArgs;

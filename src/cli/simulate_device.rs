//! `twinbridge simulate-device` arguments (delivered by a later build).
use super::PendingArgs;

/// Arguments of `twinbridge simulate-device`.
pub type SimulateDeviceArgs = PendingArgs;

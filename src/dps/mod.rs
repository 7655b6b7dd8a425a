//! Device Provisioning Service: the custom-allocation policy and its webhook.
//!
//! `allocation` is the pure policy plus the ADT step (find/create the device's twin);
//! `webhook` is the HTTP server DPS calls (`twinbridge allocate serve`).
pub mod allocation;
pub mod webhook;

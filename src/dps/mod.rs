//! Device Provisioning Service: the device registration client (`register`).
pub mod register;

//! Device Provisioning Service: the custom-allocation policy and its webhook (`allocation`,
//! `webhook`: what `twinbridge allocate` serves), and the device registration client
//! (`register`: what devices and `simulate-device` use).
pub mod allocation;
pub mod register;
pub mod webhook;

//! CLI tests: the real `twinbridge` binary against the real emulator on loopback, each run with a
//! temp HOME and a clean environment.
mod allocate;
#[path = "../integration/azurite.rs"]
#[allow(dead_code)]
mod azurite;
mod completions;
mod demo;
mod deploy;
mod docs;
mod emulator;
mod examples;
mod fidelity;
mod help;
mod mappings;
mod models;
mod outage;
#[path = "../integration/peers.rs"]
#[allow(dead_code)]
mod peers;
mod pipeline;
mod refused;
mod safety;
mod secrets;
mod service;
mod settings;
mod simulate_device;
mod spool;
mod support;
mod twins;

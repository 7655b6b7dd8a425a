//! CLI tests: the real `twinbridge` binary against the real emulator on loopback, each run with a
//! temp HOME and a clean environment.
mod allocate;
#[path = "../integration/azurite.rs"]
#[allow(dead_code)]
mod azurite;
mod completions;
mod demo;
mod emulator;
mod examples;
mod help;
mod mappings;
mod models;
mod outage;
mod pipeline;
mod refused;
mod settings;
mod simulate_device;
mod support;
mod twins;

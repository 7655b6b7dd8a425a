//! Telemetry -> twin patches: twin id resolution, mapping (with the DTDL model for typing),
//! per-twin coalescing, and the engine that applies them through the ADT client.
pub mod coalesce;
pub mod engine;
pub mod mapping;
pub mod schema;
pub mod twin_id;
pub mod writer;

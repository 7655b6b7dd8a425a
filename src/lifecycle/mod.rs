//! Device lifecycle -> ADT: classify lifecycle-hub events and keep twins in step with the
//! device registry (delete / detach / log on delete, ensure the twin on create).
pub mod classify;
pub mod engine;

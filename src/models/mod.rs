//! Model management for CI and operators: load DTDL files, plan against the instance (new /
//! unchanged / conflicting), upload in dependency order in the fewest calls, delete in reverse
//! dependency order. `load` reads files; `plan`, `canonical` and `delete` are pure; `upload` and
//! the delete executor talk to ADT through the client and report through a `Reporter`.
mod canonical;
mod delete;
mod load;
mod plan;
mod upload;

pub use canonical::{canonical, same_model};
pub use delete::{DeletePlan, plan_delete};
pub use load::{load_paths, model_id};
pub use plan::{Entry, Plan, PlanOptions, Status, plan};
pub use upload::{UploadOptions, UploadOutcome, upload};

/// ADT's limit of models per create call.
pub const MAX_BATCH: usize = 250;

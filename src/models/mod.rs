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

/// Parse the instance's models (listed with their definitions) as one set. Models ADT accepted
/// may use extension contexts, so undefined extensions are allowed. Models listed without a
/// definition are left out.
pub fn parse_instance(
    instance: &[crate::adt::ModelData],
) -> Result<crate::dtdl::ModelSet, Vec<crate::dtdl::Diagnostic>> {
    let sources: Vec<crate::dtdl::ModelSource> = instance
        .iter()
        .filter_map(|m| {
            Some(crate::dtdl::ModelSource {
                name: m.id.clone(),
                value: m.model.clone()?,
            })
        })
        .collect();
    crate::dtdl::parse(
        &sources,
        crate::dtdl::ParseOptions {
            allow_undefined_extensions: true,
        },
    )
}

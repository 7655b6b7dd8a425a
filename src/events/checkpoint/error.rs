//! Why a checkpoint store cannot be used, each with what to fix.
use std::path::PathBuf;

/// A checkpoint store failure. A lost ownership claim is not an error (see
/// [`super::CheckpointStore::claim_ownership`]).
#[derive(Debug, thiserror::Error)]
pub enum CheckpointError {
    /// The spec string (`file:…`, `blob:…`, a connection string) is not usable.
    #[error("checkpoint store `{spec}`: {detail}\n  fix: {fix}")]
    Spec {
        /// The spec with any secret redacted.
        spec: String,
        detail: String,
        fix: String,
    },
    /// The service refused our credentials or their permissions.
    #[error(
        "checkpoint store {store}: authentication failed ({status} {code}: {message})\n  fix: {fix}"
    )]
    Auth {
        store: String,
        status: u16,
        code: String,
        message: String,
        fix: String,
    },
    /// No Entra ID token could be had for Azure Storage.
    #[error("checkpoint store {store}: {source}")]
    Token {
        store: String,
        #[source]
        source: crate::auth::AuthError,
    },
    /// The blob container does not exist.
    #[error(
        "checkpoint store {store}: the container `{container}` does not exist\n  fix: create it (e.g. `az storage container create --account-name ACCOUNT --name {container}`) or point the store at an existing container"
    )]
    ContainerMissing { store: String, container: String },
    /// The service answered with an error we do not expect.
    #[error("checkpoint store {store}: {status} {code}: {message}")]
    Service {
        store: String,
        status: u16,
        code: String,
        message: String,
    },
    /// The service could not be reached (after retries).
    #[error(
        "checkpoint store {store}: cannot reach it: {detail}\n  fix: check the URL, the network and that the storage account exists"
    )]
    Unreachable { store: String, detail: String },
    /// A local file or directory could not be read or written.
    #[error("checkpoint store: {action} {}: {source}\n  fix: {fix}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
        fix: String,
    },
    /// A stored record is not in the expected form.
    #[error("checkpoint store {store}: {what} is not valid: {detail}\n  fix: {fix}")]
    Corrupt {
        store: String,
        what: String,
        detail: String,
        fix: String,
    },
}

impl CheckpointError {
    /// An I/O error with the usual fix (permissions, disk space).
    pub(crate) fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
        source: std::io::Error,
    ) -> Self {
        let path = path.into();
        let fix = match source.kind() {
            std::io::ErrorKind::PermissionDenied => format!(
                "make {} writable by this user, or choose another directory with file:PATH",
                path.display()
            ),
            _ => "check that the directory exists on a local disk with free space, or choose another with file:PATH".into(),
        };
        Self::Io {
            action,
            path,
            source,
            fix,
        }
    }

    /// True for errors a caller may retry later (network trouble), false for configuration.
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Unreachable { .. } => true,
            Self::Service { status, .. } => crate::retry::is_transient_status(*status),
            _ => false,
        }
    }
}

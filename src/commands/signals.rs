//! Stop signals (Ctrl-C / SIGINT and SIGTERM), registered before a long-running command
//! announces itself, so a signal sent right after the announcement is never missed.
use tokio_util::sync::CancellationToken;

/// Registered stop signals.
pub struct StopSignals {
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
    #[cfg(unix)]
    int: tokio::signal::unix::Signal,
}

impl StopSignals {
    /// Register the handlers now.
    pub fn register() -> std::io::Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Self {
                term: signal(SignalKind::terminate())?,
                int: signal(SignalKind::interrupt())?,
            })
        }
        #[cfg(not(unix))]
        Ok(Self {})
    }

    /// Wait for the first stop signal.
    pub async fn wait(&mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.term.recv() => {}
            _ = self.int.recv() => {}
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
    }

    /// A token cancelled on the first stop signal.
    pub fn into_token(mut self) -> CancellationToken {
        let token = CancellationToken::new();
        let t = token.clone();
        tokio::spawn(async move {
            self.wait().await;
            t.cancel();
        });
        token
    }
}

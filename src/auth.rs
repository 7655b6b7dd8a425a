//! Entra ID tokens for the service clients: the `--auth` credential chain and a token cache.
//!
//! azure_identity has no DefaultAzureCredential; `auto` is our own chain: client secret, workload
//! identity, managed identity (only where its environment is present), developer tools.
//! Tokens are cached until five minutes before expiry (the CLI credential does not cache).
use crate::cli::AuthMode;
use crate::settings::AuthSettings;
use azure_core::credentials::{Secret as AzSecret, TokenCredential};
use azure_identity::{
    ClientSecretCredential, DeveloperToolsCredential, ManagedIdentityCredential,
    WorkloadIdentityCredential, WorkloadIdentityCredentialOptions,
};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// The ADT scope.
pub const ADT_SCOPE: &str = "https://digitaltwins.azure.net/.default";

/// Placeholder bearer token sent with `--auth none` (the emulator accepts any token).
pub const NO_AUTH_TOKEN: &str = "twinbridge-no-auth";

/// Why no token could be had.
#[derive(Debug, Clone, thiserror::Error)]
#[error("no Azure credential worked for {scope}:\n{}\n  fix: {fix}", tried.iter().map(|t| format!("  - {t}")).collect::<Vec<_>>().join("\n"))]
pub struct AuthError {
    pub scope: String,
    /// One line per credential tried, with its failure.
    pub tried: Vec<String>,
    pub fix: String,
}

/// Something that yields bearer tokens for a scope.
#[async_trait::async_trait]
pub trait TokenSource: Send + Sync {
    async fn token(&self, scope: &str) -> Result<String, AuthError>;
}

/// A fixed token (tests, `--auth none`).
pub struct StaticToken(pub String);

#[async_trait::async_trait]
impl TokenSource for StaticToken {
    async fn token(&self, _scope: &str) -> Result<String, AuthError> {
        Ok(self.0.clone())
    }
}

struct Candidate {
    name: &'static str,
    credential: Arc<dyn TokenCredential>,
}

/// The credential chain with a per-scope cache.
pub struct CredentialChain {
    candidates: Vec<Candidate>,
    /// Credentials that could not even be constructed, with why (reported if all fail).
    skipped: Vec<String>,
    cache: Mutex<HashMap<String, (String, Instant)>>,
    /// Index of the credential that worked last (tried first next time).
    chosen: Mutex<Option<usize>>,
}

/// The Event Hubs scope.
pub const EVENTHUBS_SCOPE: &str = "https://eventhubs.azure.net/.default";

/// The `--auth` chain as an azure_core credential, for SDK clients that take one (Event Hubs).
/// `--auth none` yields a placeholder token (the emulator accepts any).
pub fn token_credential(s: &AuthSettings) -> Arc<dyn TokenCredential> {
    if s.mode == AuthMode::None {
        return Arc::new(StaticToken(NO_AUTH_TOKEN.to_string()));
    }
    Arc::new(CredentialChain::new(s))
}

impl std::fmt::Debug for StaticToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StaticToken(<redacted>)")
    }
}

#[async_trait::async_trait]
impl TokenCredential for StaticToken {
    async fn get_token(
        &self,
        _scopes: &[&str],
        _options: Option<azure_core::credentials::TokenRequestOptions<'_>>,
    ) -> azure_core::Result<azure_core::credentials::AccessToken> {
        Ok(azure_core::credentials::AccessToken::new(
            self.0.clone(),
            time::OffsetDateTime::now_utc() + time::Duration::hours(1),
        ))
    }
}

impl std::fmt::Debug for CredentialChain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.candidates.iter().map(|c| c.name).collect();
        f.debug_struct("CredentialChain")
            .field("candidates", &names)
            .finish()
    }
}

/// The chain as a `TokenCredential`: the credential that worked last is tried first; the SDK
/// caches the token it gets.
#[async_trait::async_trait]
impl TokenCredential for CredentialChain {
    async fn get_token(
        &self,
        scopes: &[&str],
        options: Option<azure_core::credentials::TokenRequestOptions<'_>>,
    ) -> azure_core::Result<azure_core::credentials::AccessToken> {
        let first = *self.chosen.lock().await;
        let order: Vec<usize> = first
            .into_iter()
            .chain((0..self.candidates.len()).filter(|i| Some(*i) != first))
            .collect();
        let mut tried = self.skipped.clone();
        for i in order {
            let c = &self.candidates[i];
            match c.credential.get_token(scopes, options.clone()).await {
                Ok(t) => {
                    *self.chosen.lock().await = Some(i);
                    return Ok(t);
                }
                Err(e) => tried.push(format!("{}: {}", c.name, first_line(&e.to_string()))),
            }
        }
        Err(azure_core::Error::with_message(
            azure_core::error::ErrorKind::Credential,
            format!(
                "no Azure credential worked for {}: {}",
                scopes.join(" "),
                tried.join("; ")
            ),
        ))
    }
}

/// Build the token source for the settings.
pub fn token_source(s: &AuthSettings) -> Arc<dyn TokenSource> {
    if s.mode == AuthMode::None {
        return Arc::new(StaticToken(NO_AUTH_TOKEN.to_string()));
    }
    Arc::new(CredentialChain::new(s))
}

impl CredentialChain {
    pub fn new(s: &AuthSettings) -> Self {
        let mut built: Vec<(&'static str, azure_core::Result<Arc<dyn TokenCredential>>)> =
            Vec::new();
        let mut skipped = Vec::new();
        let mut add = |name: &'static str, r: azure_core::Result<Arc<dyn TokenCredential>>| {
            built.push((name, r))
        };
        let want = |m: AuthMode| s.mode == m || s.mode == AuthMode::Auto;
        if want(AuthMode::ClientSecret) {
            match (&s.tenant_id, &s.client_id, &s.client_secret) {
                (Some(t), Some(c), Some(secret)) => add(
                    "client secret",
                    ClientSecretCredential::new(t, c.clone(), AzSecret::new(secret.expose().to_string()), None)
                        .map(|c| c as Arc<dyn TokenCredential>),
                ),
                _ if s.mode == AuthMode::ClientSecret => skipped.push(
                    "client secret: AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET must all be set".into(),
                ),
                _ => skipped.push("client secret: AZURE_TENANT_ID/AZURE_CLIENT_ID/AZURE_CLIENT_SECRET not set".into()),
            }
        }
        if want(AuthMode::WorkloadIdentity) {
            if s.federated_token_file.is_some() || s.mode == AuthMode::WorkloadIdentity {
                let opts = WorkloadIdentityCredentialOptions {
                    client_id: s.client_id.clone(),
                    tenant_id: s.tenant_id.clone(),
                    token_file_path: s.federated_token_file.clone(),
                    ..Default::default()
                };
                add(
                    "workload identity",
                    WorkloadIdentityCredential::new(Some(opts))
                        .map(|c| c as Arc<dyn TokenCredential>),
                );
            } else {
                skipped.push("workload identity: AZURE_FEDERATED_TOKEN_FILE not set".into());
            }
        }
        if want(AuthMode::ManagedIdentity) {
            if s.managed_identity_env || s.mode == AuthMode::ManagedIdentity {
                add(
                    "managed identity",
                    ManagedIdentityCredential::new(None).map(|c| c as Arc<dyn TokenCredential>),
                );
            } else {
                skipped.push(
                    "managed identity: no IDENTITY_ENDPOINT/MSI_ENDPOINT (not on an Azure host)"
                        .into(),
                );
            }
        }
        if want(AuthMode::Cli) {
            add(
                "developer tools (az / azd)",
                DeveloperToolsCredential::new(None).map(|c| c as Arc<dyn TokenCredential>),
            );
        }
        let mut candidates = Vec::new();
        for (name, r) in built {
            match r {
                Ok(credential) => candidates.push(Candidate { name, credential }),
                Err(e) => skipped.push(format!("{name}: {e}")),
            }
        }
        Self {
            candidates,
            skipped,
            cache: Mutex::new(HashMap::new()),
            chosen: Mutex::new(None),
        }
    }
}

#[async_trait::async_trait]
impl TokenSource for CredentialChain {
    async fn token(&self, scope: &str) -> Result<String, AuthError> {
        let mut cache = self.cache.lock().await;
        if let Some((token, refresh_at)) = cache.get(scope) {
            if Instant::now() < *refresh_at {
                return Ok(token.clone());
            }
        }
        let mut tried = self.skipped.clone();
        let first = *self.chosen.lock().await;
        let order: Vec<usize> = first
            .into_iter()
            .chain((0..self.candidates.len()).filter(|i| Some(*i) != first))
            .collect();
        for i in order {
            let c = &self.candidates[i];
            match c.credential.get_token(&[scope], None).await {
                Ok(t) => {
                    let now = time::OffsetDateTime::now_utc();
                    let lifetime = (t.expires_on - now).try_into().unwrap_or(Duration::ZERO);
                    // Refresh five minutes early (or halfway through a short-lived token).
                    let margin = Duration::from_secs(300).min(lifetime / 2);
                    let token = t.token.secret().to_string();
                    cache.insert(
                        scope.to_string(),
                        (token.clone(), Instant::now() + lifetime - margin),
                    );
                    *self.chosen.lock().await = Some(i);
                    tracing::debug!(credential = c.name, "got a token for {scope}");
                    return Ok(token);
                }
                Err(e) => tried.push(format!("{}: {}", c.name, first_line(&e.to_string()))),
            }
        }
        Err(AuthError {
            scope: scope.to_string(),
            tried,
            fix: "run `az login`, or set AZURE_TENANT_ID/AZURE_CLIENT_ID/AZURE_CLIENT_SECRET, or pick one with --auth; \
                  for the local emulator use an http://127.0.0.1 URL or --auth none"
                .into(),
        })
    }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(mode: AuthMode) -> AuthSettings {
        AuthSettings {
            mode,
            tenant_id: None,
            client_id: None,
            client_secret: None,
            federated_token_file: None,
            managed_identity_env: false,
        }
    }

    #[tokio::test]
    async fn none_sends_a_placeholder() {
        let t = token_source(&settings(AuthMode::None));
        assert_eq!(t.token(ADT_SCOPE).await.unwrap(), NO_AUTH_TOKEN);
    }

    #[tokio::test]
    async fn client_secret_without_env_explains_what_is_missing() {
        let chain = CredentialChain::new(&settings(AuthMode::ClientSecret));
        let err = chain.token(ADT_SCOPE).await.unwrap_err();
        let text = err.to_string();
        assert!(text.contains("AZURE_CLIENT_SECRET"), "{text}");
        assert!(text.contains("fix:"), "{text}");
    }

    #[test]
    fn auto_skips_managed_identity_off_azure() {
        let chain = CredentialChain::new(&settings(AuthMode::Auto));
        assert!(
            chain
                .skipped
                .iter()
                .any(|s| s.starts_with("managed identity"))
        );
        assert!(
            chain
                .candidates
                .iter()
                .any(|c| c.name.starts_with("developer tools"))
        );
    }
}

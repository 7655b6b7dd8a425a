//! DPS registration over HTTPS: `PUT {scope}/registrations/{id}/register`, then
//! `GET {scope}/registrations/{id}/operations/{operationId}` while `assigning`.
use super::{DpsError, DpsOptions, HTTPS_API_VERSION, RegisterRequest, Registration, Step};
use crate::retry::parse_retry_after;

/// Registers devices over HTTPS; one instance (one connection pool) serves many devices.
#[derive(Clone)]
pub struct HttpsRegistrar {
    http: reqwest::Client,
    opts: DpsOptions,
}

impl HttpsRegistrar {
    /// A registrar for `opts`.
    pub fn new(opts: DpsOptions) -> Result<Self, DpsError> {
        let http = reqwest::Client::builder()
            .use_preconfigured_tls((*opts.tls).clone())
            .timeout(opts.timeout)
            .user_agent(concat!("twinbridge/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| DpsError::Transport {
                endpoint: opts.endpoint.to_string(),
                message: e.to_string(),
            })?;
        Ok(Self { http, opts })
    }

    /// Register one device and wait for its assignment.
    pub async fn register(&self, req: &RegisterRequest) -> Result<Registration, DpsError> {
        let base = format!(
            "{}/{}/registrations/{}",
            self.opts.endpoint.https_base(),
            crate::sas::url_encode(&req.id_scope),
            crate::sas::url_encode(&req.registration_id)
        );
        let body = super::register_body(req);
        let mut retries = 0u32;
        let mut polls = 0u32;
        let mut operation: Option<String> = None;
        loop {
            let token = super::token(req, self.opts.token_lifetime)?;
            let request = match &operation {
                None => self
                    .http
                    .put(format!("{base}/register"))
                    .query(&[("api-version", HTTPS_API_VERSION)])
                    .json(&body),
                Some(op) => self
                    .http
                    .get(format!("{base}/operations/{}", crate::sas::url_encode(op)))
                    .query(&[("api-version", HTTPS_API_VERSION)]),
            };
            let response = request
                .header("Authorization", token)
                .header("Accept", "application/json")
                .header("Content-Encoding", "utf-8")
                .send()
                .await
                .map_err(|e| DpsError::Transport {
                    endpoint: self.opts.endpoint.to_string(),
                    message: error_chain(&e),
                })?;
            let status = response.status().as_u16();
            let after = parse_retry_after(response.headers());
            let bytes = response.bytes().await.map_err(|e| DpsError::Transport {
                endpoint: self.opts.endpoint.to_string(),
                message: e.to_string(),
            })?;
            match super::interpret(status, &bytes, after) {
                Step::Done(mut r) => {
                    r.throttled = retries;
                    return Ok(r);
                }
                Step::Fail(e) => return Err(e),
                Step::Retry { after } => {
                    retries += 1;
                    if retries > self.opts.max_retries {
                        return Err(DpsError::Throttled {
                            retries: retries - 1,
                        });
                    }
                    tokio::time::sleep(after).await;
                }
                Step::Poll {
                    operation_id,
                    after,
                } => {
                    polls += 1;
                    if polls > self.opts.max_polls {
                        return Err(DpsError::StillAssigning { polls: polls - 1 });
                    }
                    operation = Some(operation_id);
                    tokio::time::sleep(after).await;
                }
            }
        }
    }
}

/// An error with its sources, so "connection refused" or a certificate problem is visible.
pub(crate) fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut source = e.source();
    while let Some(inner) = source {
        let text = inner.to_string();
        if !s.contains(&text) {
            s.push_str(": ");
            s.push_str(&text);
        }
        source = inner.source();
    }
    s
}

//! Device-to-cloud telemetry over HTTPS: `POST /devices/{id}/messages/events` with a device
//! SAS, system properties as `iothub-*` headers and custom ones as `iothub-app-*`. One client
//! (one connection pool) serves every simulated device.
use super::{DEVICE_API_VERSION, DeviceIdentity, HubError, HubOptions, Message};
use crate::retry::{RetryPolicy, is_transient_status, parse_retry_after};

/// Sends telemetry over HTTPS.
#[derive(Clone)]
pub struct HttpsSender {
    http: reqwest::Client,
    opts: HubOptions,
}

impl HttpsSender {
    pub fn new(opts: HubOptions) -> Result<Self, HubError> {
        let http = reqwest::Client::builder()
            .use_preconfigured_tls((*opts.tls).clone())
            .timeout(opts.timeout)
            .user_agent(concat!("twinbridge/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| HubError::Transport(e.to_string()))?;
        Ok(Self { http, opts })
    }

    /// Send one message; retries throttling and transient failures, then gives up.
    pub async fn send(&self, device: &DeviceIdentity, msg: &Message) -> Result<(), HubError> {
        let url = format!(
            "{}/devices/{}/messages/events",
            device.endpoint()?.https_base(),
            crate::sas::url_encode(&device.device_id)
        );
        let policy = RetryPolicy::with_retries(self.opts.max_retries);
        let mut attempt = 0;
        loop {
            let token = device.token(super::now_secs() + self.opts.token_lifetime.as_secs())?;
            let mut req = self
                .http
                .post(&url)
                .query(&[("api-version", DEVICE_API_VERSION)])
                .header("Authorization", token)
                .header(
                    "iothub-to",
                    format!("/devices/{}/messages/events", device.device_id),
                )
                .body(msg.body.clone());
            if let Some(ct) = &msg.content_type {
                req = req
                    .header("Content-Type", ct)
                    .header("iothub-contenttype", ct);
            }
            if let Some(ce) = &msg.content_encoding {
                req = req
                    .header("Content-Encoding", ce)
                    .header("iothub-contentencoding", ce);
            }
            if let Some(id) = &msg.message_id {
                req = req.header("IoTHub-MessageId", id);
            }
            for (k, v) in &msg.properties {
                req = req.header(format!("iothub-app-{k}"), v);
            }
            let (status, retry_after, text) = match req.send().await {
                Ok(r) => {
                    let status = r.status().as_u16();
                    let ra = parse_retry_after(r.headers());
                    (status, ra, r.text().await.unwrap_or_default())
                }
                Err(e) => {
                    let message = crate::dps::register::https::error_chain(&e);
                    if attempt >= self.opts.max_retries || !(e.is_connect() || e.is_timeout()) {
                        return Err(HubError::Transport(message));
                    }
                    attempt += 1;
                    tokio::time::sleep(policy.delay(attempt - 1, None)).await;
                    continue;
                }
            };
            match status {
                200..=299 => return Ok(()),
                401 | 403 => return Err(HubError::Unauthorized(text)),
                s if is_transient_status(s) && attempt < self.opts.max_retries => {
                    attempt += 1;
                    tokio::time::sleep(policy.delay(attempt - 1, retry_after)).await;
                }
                429 => return Err(HubError::Throttled),
                status => {
                    return Err(HubError::Rejected {
                        status,
                        message: text.chars().take(300).collect(),
                    });
                }
            }
        }
    }
}

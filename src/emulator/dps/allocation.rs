//! Custom allocation for the emulated DPS: call the enrollment's webhook with the real
//! AllocationRequest and map its answer to a registration outcome exactly as DPS documents it
//! (`azure-protocols.md` A.4), or the built-in fallback: the first linked hub, with initial twin
//! tags `dtId` = registration id and `dtmi` = `payload.modelId` (no ADT calls).
use super::EnrollmentGroup;
use serde_json::{Map, Value, json};
use std::time::Duration;

/// How DPS retries a webhook answering >= 429 (DPS: 10 retries, 1 s first, +9 s each).
#[derive(Debug, Clone, Copy)]
pub struct WebhookRetry {
    pub retries: u32,
    pub initial: Duration,
    pub increment: Duration,
}

impl Default for WebhookRetry {
    fn default() -> Self {
        Self {
            retries: 10,
            initial: Duration::from_secs(1),
            increment: Duration::from_secs(9),
        }
    }
}

/// The allocation result.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Assigned {
        hub: String,
        tags: Option<Map<String, Value>>,
        payload: Option<Value>,
    },
    /// `failed` with DPS's error code and message.
    Failed { code: i64, message: String },
}

/// The AllocationRequest body DPS posts.
pub fn request_body(
    group: &EnrollmentGroup,
    registration_id: &str,
    current: Option<(&str, &str)>,
    payload: Option<&Value>,
    linked_hubs: &[String],
) -> Value {
    let mut ctx = json!({ "registrationId": registration_id, "symmetricKey": {} });
    if let Some((hub, device)) = current {
        ctx["currentIotHubHostName"] = json!(hub);
        ctx["currentDeviceId"] = json!(device);
    }
    if let Some(p) = payload {
        ctx["payload"] = p.clone();
    }
    json!({
        "enrollmentGroup": group.service_json(false),
        "deviceRuntimeContext": ctx,
        "linkedHubs": linked_hubs,
    })
}

/// The built-in policy.
pub fn builtin(registration_id: &str, payload: Option<&Value>, linked_hubs: &[String]) -> Outcome {
    let Some(hub) = linked_hubs.first() else {
        return Outcome::Failed {
            code: 400207,
            message: "no linked IoT hub".into(),
        };
    };
    let mut tags = Map::new();
    tags.insert("dtId".into(), json!(registration_id));
    if let Some(m) = payload
        .and_then(|p| p.get("modelId"))
        .and_then(Value::as_str)
    {
        tags.insert("dtmi".into(), json!(m));
    }
    Outcome::Assigned {
        hub: hub.clone(),
        tags: Some(tags),
        payload: None,
    }
}

/// Interpret a webhook's 200 body.
pub fn interpret_ok(body: &[u8], linked_hubs: &[String]) -> Outcome {
    let Ok(v) = serde_json::from_slice::<Value>(body) else {
        return Outcome::Failed {
            code: 400207,
            message: "Custom allocation failed: the webhook's response is not JSON".into(),
        };
    };
    let hub = v
        .get("iotHubHostName")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if hub.is_empty() {
        return Outcome::Failed {
            code: 400208,
            message: "Custom allocation did not specify an IoT hub (iotHubHostName)".into(),
        };
    }
    if !linked_hubs.iter().any(|h| h.eq_ignore_ascii_case(hub)) {
        return Outcome::Failed {
            code: 400207,
            message: format!(
                "Custom allocation returned IoT hub {hub:?}, which is not linked (linked: {})",
                linked_hubs.join(", ")
            ),
        };
    }
    let tags = v
        .pointer("/initialTwin/tags")
        .and_then(Value::as_object)
        .cloned();
    Outcome::Assigned {
        hub: hub.to_string(),
        tags,
        payload: v.get("payload").filter(|p| !p.is_null()).cloned(),
    }
}

/// Call the webhook, retrying >= 429 on DPS's schedule.
pub async fn call_webhook(
    http: &reqwest::Client,
    url: &str,
    body: &Value,
    linked_hubs: &[String],
    retry: WebhookRetry,
) -> Outcome {
    let mut attempt = 0u32;
    loop {
        let status = match http.post(url).json(body).send().await {
            Ok(resp) => {
                let status = resp.status().as_u16();
                if status == 200 {
                    let bytes = resp.bytes().await.unwrap_or_default();
                    return interpret_ok(&bytes, linked_hubs);
                }
                status
            }
            Err(e) => {
                return Outcome::Failed {
                    code: 400207,
                    message: format!(
                        "Custom allocation failed: the webhook could not be called: {}",
                        // without the URL: it carries the function key (?code=)
                        crate::dps::register::https::error_chain(&e.without_url())
                    ),
                };
            }
        };
        match status {
            401 => {
                return Outcome::Failed {
                    code: 400209,
                    message: "Custom allocation failed with status code: 401 (unauthorized access to the webhook)".into(),
                };
            }
            s if s >= 429 && attempt < retry.retries => {
                tokio::time::sleep(retry.initial + retry.increment * attempt).await;
                attempt += 1;
            }
            s => {
                return Outcome::Failed {
                    code: 400207,
                    message: format!("Custom allocation failed with status code: {s}"),
                };
            }
        }
    }
}

/// Run twinbridge's own allocation logic in-process, with the same outcome mapping DPS applies
/// to a webhook's answer (>= 429 retried; 401 is 400209; other errors 400207).
pub async fn in_process(
    allocator: &crate::dps::allocation::Allocator,
    body: &Value,
    linked_hubs: &[String],
    retry: WebhookRetry,
) -> Outcome {
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    let mut attempt = 0u32;
    loop {
        match allocator.allocate_json(&bytes).await {
            Ok(a) => {
                return interpret_ok(
                    &serde_json::to_vec(&a.response).unwrap_or_default(),
                    linked_hubs,
                );
            }
            Err(e) if e.status() >= 429 && attempt < retry.retries => {
                tokio::time::sleep(retry.initial + retry.increment * attempt).await;
                attempt += 1;
            }
            Err(e) => {
                let code = if e.status() == 401 { 400209 } else { 400207 };
                return Outcome::Failed {
                    code,
                    message: format!(
                        "Custom allocation failed with status code: {}: {e}",
                        e.status()
                    ),
                };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webhook_answers_map_to_outcomes() {
        let linked = vec!["hub-a".to_string()];
        assert_eq!(
            interpret_ok(br#"{"iotHubHostName":""}"#, &linked),
            Outcome::Failed {
                code: 400208,
                message: "Custom allocation did not specify an IoT hub (iotHubHostName)".into()
            }
        );
        let ok = interpret_ok(
            br#"{"iotHubHostName":"hub-a","initialTwin":{"tags":{"dtId":"x"},"properties":{"desired":{}}}}"#,
            &linked,
        );
        let Outcome::Assigned { hub, tags, .. } = ok else {
            panic!()
        };
        assert_eq!(hub, "hub-a");
        assert_eq!(tags.unwrap()["dtId"], "x");
        assert!(matches!(
            interpret_ok(br#"{"iotHubHostName":"other"}"#, &linked),
            Outcome::Failed { code: 400207, .. }
        ));
        let Outcome::Assigned { tags, .. } =
            builtin("r1", Some(&json!({"modelId": "dtmi:x;1"})), &linked)
        else {
            panic!()
        };
        let tags = tags.unwrap();
        assert_eq!(
            (tags["dtId"].as_str(), tags["dtmi"].as_str()),
            (Some("r1"), Some("dtmi:x;1"))
        );
    }
}

//! DPS registration over MQTT (v3.1.1 over TLS): user name
//! `{scope}/registrations/{id}/api-version=2019-03-31`, SAS token as password, subscribe to
//! `$dps/registrations/res/#`, publish `iotdps-register`, then `iotdps-get-operationstatus`
//! while `assigning`; responses arrive on `$dps/registrations/res/{status}/?$rid=..&retry-after=..`.
use super::{DpsError, DpsOptions, MQTT_API_VERSION, RegisterRequest, Registration, Step};
use rumqttc::{
    AsyncClient, ConnectReturnCode, ConnectionError, Event, MqttOptions, Packet, QoS,
    SubscribeReasonCode, TlsConfiguration, Transport,
};
use std::time::Duration;
use tokio::time::Instant;

/// The topic DPS answers on.
pub const RESPONSE_FILTER: &str = "$dps/registrations/res/#";

/// Register one device over MQTT and wait for its assignment.
pub async fn register(opts: &DpsOptions, req: &RegisterRequest) -> Result<Registration, DpsError> {
    let endpoint = opts.endpoint.to_string();
    let transport = |e: String| DpsError::Transport {
        endpoint: endpoint.clone(),
        message: e,
    };
    let token = super::token(req, opts.token_lifetime)?;
    let mut mo = MqttOptions::new(
        req.registration_id.clone(),
        opts.endpoint.host.clone(),
        opts.endpoint.mqtt_port(),
    );
    mo.set_credentials(
        format!(
            "{}/registrations/{}/api-version={MQTT_API_VERSION}&ClientVersion={}",
            req.id_scope,
            req.registration_id,
            crate::sas::url_encode(concat!("twinbridge/", env!("CARGO_PKG_VERSION")))
        ),
        token,
    );
    mo.set_keep_alive(Duration::from_secs(60));
    mo.set_clean_session(true);
    mo.set_max_packet_size(256 * 1024, 256 * 1024);
    mo.set_inflight(4);
    mo.set_transport(Transport::tls_with_config(TlsConfiguration::Rustls(
        opts.tls.clone(),
    )));
    let (client, mut el) = AsyncClient::new(mo, 4);
    let mut net = el.network_options();
    net.set_connection_timeout(opts.timeout.as_secs().max(1));
    el.set_network_options(net);

    let body = serde_json::to_vec(&super::register_body(req)).unwrap_or_default();
    let mut rid: u64 = 0;
    let mut operation: Option<String> = None;
    let mut send_at: Option<Instant> = None;
    let mut awaiting: Option<(String, Instant)> = None;
    let (mut retries, mut polls) = (0u32, 0u32);
    let result = loop {
        let wake = send_at.or(awaiting.as_ref().map(|(_, d)| *d));
        let event = tokio::select! {
            ev = el.poll() => ev,
            _ = sleep_until(wake) => {
                if let Some((_, deadline)) = &awaiting
                    && Instant::now() >= *deadline {
                        break Err(transport(format!("no response within {}s", opts.timeout.as_secs())));
                    }
                if send_at.is_some_and(|t| Instant::now() >= t) {
                    send_at = None;
                    rid += 1;
                    let (topic, payload) = match &operation {
                        None => (format!("$dps/registrations/PUT/iotdps-register/?$rid={rid}"), body.clone()),
                        Some(op) => (
                            format!("$dps/registrations/GET/iotdps-get-operationstatus/?$rid={rid}&operationId={op}"),
                            Vec::new(),
                        ),
                    };
                    if let Err(e) = client.publish(topic, QoS::AtLeastOnce, false, payload).await {
                        break Err(transport(e.to_string()));
                    }
                    awaiting = Some((rid.to_string(), Instant::now() + opts.timeout));
                }
                continue;
            }
        };
        match event {
            Err(ConnectionError::ConnectionRefused(code)) => break Err(refused(code)),
            Err(e) => break Err(transport(super::https::error_chain(&e))),
            Ok(Event::Incoming(Packet::ConnAck(_))) => {
                if let Err(e) = client.subscribe(RESPONSE_FILTER, QoS::AtLeastOnce).await {
                    break Err(transport(e.to_string()));
                }
            }
            Ok(Event::Incoming(Packet::SubAck(ack))) => {
                if ack
                    .return_codes
                    .iter()
                    .any(|c| matches!(c, SubscribeReasonCode::Failure))
                {
                    break Err(DpsError::Protocol(format!(
                        "DPS refused the subscription to {RESPONSE_FILTER}"
                    )));
                }
                send_at = Some(Instant::now());
            }
            Ok(Event::Incoming(Packet::Publish(p))) => {
                let Some((status, params)) = parse_response_topic(&p.topic) else {
                    continue;
                };
                let want = awaiting.as_ref().map(|(r, _)| r.as_str());
                if params.rid.as_deref() != want {
                    continue;
                }
                awaiting = None;
                match super::interpret(status, &p.payload, params.retry_after) {
                    Step::Done(mut r) => {
                        r.throttled = retries;
                        break Ok(r);
                    }
                    Step::Fail(e) => break Err(e),
                    Step::Retry { after } => {
                        retries += 1;
                        if retries > opts.max_retries {
                            break Err(DpsError::Throttled {
                                retries: retries - 1,
                            });
                        }
                        send_at = Some(Instant::now() + after);
                    }
                    Step::Poll {
                        operation_id,
                        after,
                    } => {
                        polls += 1;
                        if polls > opts.max_polls {
                            break Err(DpsError::StillAssigning { polls: polls - 1 });
                        }
                        operation = Some(operation_id);
                        send_at = Some(Instant::now() + after);
                    }
                }
            }
            Ok(_) => {}
        }
    };
    let _ = client.try_disconnect();
    // Flush the DISCONNECT without waiting long for a broker that has gone.
    let _ = tokio::time::timeout(Duration::from_millis(200), el.poll()).await;
    result
}

async fn sleep_until(at: Option<Instant>) {
    match at {
        Some(t) => tokio::time::sleep_until(t).await,
        None => std::future::pending().await,
    }
}

/// A CONNACK refusal as a DPS error.
fn refused(code: ConnectReturnCode) -> DpsError {
    match code {
        ConnectReturnCode::BadUserNamePassword | ConnectReturnCode::NotAuthorized => {
            DpsError::Unauthorized {
                code: None,
                message: format!(
                    "the MQTT connection was refused ({code:?}): wrong ID scope, registration id or key"
                ),
            }
        }
        other => DpsError::Rejected {
            status: 0,
            code: None,
            message: format!("the MQTT connection was refused ({other:?})"),
        },
    }
}

/// Query parameters of a response topic.
#[derive(Debug, Default, PartialEq)]
pub struct ResponseParams {
    pub rid: Option<String>,
    pub retry_after: Option<Duration>,
}

/// Parse `$dps/registrations/res/{status}/?$rid={rid}&retry-after={s}`.
pub fn parse_response_topic(topic: &str) -> Option<(u16, ResponseParams)> {
    let rest = topic.strip_prefix("$dps/registrations/res/")?;
    let (status, query) = rest.split_once('/').unwrap_or((rest, ""));
    let status: u16 = status.parse().ok()?;
    let query = query.strip_prefix('?').unwrap_or(query);
    let mut params = ResponseParams::default();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        match k {
            "$rid" => params.rid = Some(v.to_string()),
            "retry-after" => params.retry_after = crate::retry::parse_retry_after_value(v),
            _ => {}
        }
    }
    Some((status, params))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_response_topics() {
        let (s, p) =
            parse_response_topic("$dps/registrations/res/202/?$rid=7&retry-after=3").unwrap();
        assert_eq!(s, 202);
        assert_eq!(p.rid.as_deref(), Some("7"));
        assert_eq!(p.retry_after, Some(Duration::from_secs(3)));
        let (s, p) = parse_response_topic("$dps/registrations/res/200/?$rid=x").unwrap();
        assert_eq!((s, p.retry_after), (200, None));
        assert!(parse_response_topic("devices/x/messages").is_none());
    }
}

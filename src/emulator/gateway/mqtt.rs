//! The MQTT 3.1.1 server side shared by DPS and IoT Hub, on rumqttc's `mqttbytes` v4 codec.
//! The CONNECT user name tells them apart, as on Azure: `{scope}/registrations/{id}/...` is a
//! DPS session, `{hub}/{deviceId}/?api-version=...` an IoT Hub session. Implements CONNECT/
//! CONNACK, SUBSCRIBE/SUBACK, PUBLISH QoS 0/1 + PUBACK, PINGREQ/PINGRESP, DISCONNECT; a QoS 2
//! publish closes the connection (as IoT Hub does).
use crate::emulator::dps::Dps;
use crate::emulator::iothub::{Incoming, IotHub};
use bytes::BytesMut;
use percent_encoding::percent_decode_str;
use rumqttc::SubscribeReasonCode;
use rumqttc::mqttbytes::v4::{ConnAck, ConnectReturnCode, Packet, PubAck, Publish, SubAck};
use rumqttc::mqttbytes::{Error as CodecError, QoS};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio_util::sync::CancellationToken;

const MAX_PACKET: usize = 512 * 1024;

struct Conn<S> {
    stream: S,
    buf: BytesMut,
    out: BytesMut,
    /// Read timeout: 1.5 x keep-alive (IoT Hub's rule), or 10 s before CONNECT.
    idle: Duration,
}

enum ReadError {
    Closed,
    Codec(String),
}

impl<S: AsyncRead + AsyncWrite + Unpin> Conn<S> {
    async fn read(&mut self) -> Result<Packet, ReadError> {
        loop {
            match Packet::read(&mut self.buf, MAX_PACKET) {
                Ok(p) => return Ok(p),
                Err(CodecError::InsufficientBytes(_)) => {}
                Err(e) => return Err(ReadError::Codec(e.to_string())),
            }
            let n = tokio::time::timeout(self.idle, self.stream.read_buf(&mut self.buf))
                .await
                .map_err(|_| ReadError::Closed)?
                .map_err(|_| ReadError::Closed)?;
            if n == 0 {
                return Err(ReadError::Closed);
            }
        }
    }

    async fn send(&mut self, p: Packet) -> std::io::Result<()> {
        self.out.clear();
        p.write(&mut self.out, MAX_PACKET)
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        self.stream.write_all(&self.out).await?;
        self.stream.flush().await
    }

    async fn publish(&mut self, topic: String, payload: Vec<u8>) -> std::io::Result<()> {
        self.send(Packet::Publish(Publish::new(
            topic,
            QoS::AtMostOnce,
            payload,
        )))
        .await
    }
}

/// Serve one MQTT connection; `initial` holds bytes already read while sniffing the protocol.
pub async fn serve<S: AsyncRead + AsyncWrite + Unpin>(
    stream: S,
    initial: BytesMut,
    hub: Arc<IotHub>,
    dps: Arc<Dps>,
    stop: CancellationToken,
) {
    let mut conn = Conn {
        stream,
        buf: initial,
        out: BytesMut::with_capacity(256),
        idle: Duration::from_secs(10),
    };
    let Ok(Packet::Connect(connect)) = conn.read().await else {
        return;
    };
    if connect.keep_alive > 0 {
        conn.idle = Duration::from_millis(connect.keep_alive as u64 * 1500);
    } else {
        conn.idle = Duration::from_secs(3600);
    }
    let (user, password) = connect
        .login
        .map(|l| (l.username, l.password))
        .unwrap_or_default();
    let path = user.split('?').next().unwrap_or_default();
    if let Some((scope, rest)) = path.split_once("/registrations/") {
        let reg = rest.split('/').next().unwrap_or_default().to_string();
        match dps.authenticate(scope, &reg, &password) {
            Ok(group) => {
                if conn.send(connack(ConnectReturnCode::Success)).await.is_ok() {
                    dps_session(conn, dps, group.id, reg, stop).await;
                }
            }
            Err(fault) => {
                tracing::debug!("DPS MQTT connect refused for {reg}: {fault}");
                let _ = conn.send(connack(ConnectReturnCode::NotAuthorized)).await;
            }
        }
        return;
    }
    let mut parts = path.splitn(3, '/');
    let (host, device) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default().to_string(),
    );
    let refused = if !host.eq_ignore_ascii_case(&hub.host) {
        Some(format!("host {host:?} is not this hub ({})", hub.host))
    } else if connect.client_id != device {
        Some(format!(
            "client id {:?} differs from the user name's device id {device:?}",
            connect.client_id
        ))
    } else {
        hub.authenticate_device(&device, &password)
            .err()
            .map(|e| e.to_string())
    };
    if let Some(why) = refused {
        tracing::debug!("IoT Hub MQTT connect refused for {device}: {why}");
        let _ = conn.send(connack(ConnectReturnCode::NotAuthorized)).await;
        return;
    }
    if conn
        .send(connack(ConnectReturnCode::Success))
        .await
        .is_err()
    {
        return;
    }
    let (session, kicked) = hub.open_session(&device);
    hub_session(&mut conn, &hub, &device, stop, kicked).await;
    hub.close_session(&device, session);
}

fn connack(code: ConnectReturnCode) -> Packet {
    Packet::ConnAck(ConnAck::new(code, false))
}

fn suback(sub: &rumqttc::mqttbytes::v4::Subscribe) -> Packet {
    let codes = sub
        .filters
        .iter()
        .map(|f| {
            SubscribeReasonCode::Success(match f.qos {
                QoS::AtMostOnce => QoS::AtMostOnce,
                _ => QoS::AtLeastOnce,
            })
        })
        .collect();
    Packet::SubAck(SubAck::new(sub.pkid, codes))
}

/// Query parameters of a topic's `?a=b&c=d` part.
fn topic_params(topic: &str) -> Vec<(String, String)> {
    let q = topic.split_once('?').map(|(_, q)| q).unwrap_or_default();
    parse_bag(q)
}

/// Decode a URL-encoded property bag.
pub fn parse_bag(bag: &str) -> Vec<(String, String)> {
    let dec = |s: &str| {
        percent_decode_str(&s.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned()
    };
    bag.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (dec(k), dec(v))
        })
        .collect()
}

async fn dps_session<S: AsyncRead + AsyncWrite + Unpin>(
    mut conn: Conn<S>,
    dps: Arc<Dps>,
    group_id: String,
    reg: String,
    stop: CancellationToken,
) {
    loop {
        let packet = tokio::select! {
            p = conn.read() => p,
            _ = stop.cancelled() => return,
        };
        let packet = match packet {
            Ok(p) => p,
            Err(ReadError::Codec(e)) => {
                tracing::debug!("closing an MQTT connection on a malformed packet: {e}");
                return;
            }
            Err(ReadError::Closed) => return,
        };
        let reply = match packet {
            Packet::Subscribe(s) => conn.send(suback(&s)).await,
            Packet::PingReq => conn.send(Packet::PingResp).await,
            Packet::Disconnect => return,
            Packet::Publish(p) if p.qos == QoS::ExactlyOnce => return,
            Packet::Publish(p) => {
                if p.qos == QoS::AtLeastOnce
                    && conn
                        .send(Packet::PubAck(PubAck::new(p.pkid)))
                        .await
                        .is_err()
                {
                    return;
                }
                let params = topic_params(&p.topic);
                let get = |k: &str| {
                    params
                        .iter()
                        .find(|(n, _)| n == k)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default()
                };
                let rid = get("$rid");
                let (status, body) = if p
                    .topic
                    .starts_with("$dps/registrations/PUT/iotdps-register/")
                {
                    let body: Value = serde_json::from_slice(&p.payload).unwrap_or(Value::Null);
                    match dps.group(&group_id) {
                        Some(group) => match dps.start(group, &reg, &body) {
                            Ok(v) => (202, v),
                            Err(f) => (f.status, f.body()),
                        },
                        None => (
                            401,
                            json!({"errorCode": 401002, "message": "Unauthorized: the enrollment group was removed"}),
                        ),
                    }
                } else if p
                    .topic
                    .starts_with("$dps/registrations/GET/iotdps-get-operationstatus/")
                {
                    match dps.operation(&reg, &get("operationId")) {
                        Ok((true, v)) => (200, v),
                        Ok((false, v)) => (202, v),
                        Err(f) => (f.status, f.body()),
                    }
                } else {
                    continue;
                };
                let mut topic = format!("$dps/registrations/res/{status}/?$rid={rid}");
                if status == 202 || status == 429 {
                    let secs = if status == 429 {
                        1.0
                    } else {
                        dps.retry_after.as_secs_f64()
                    };
                    topic.push_str(&format!("&retry-after={}", fmt_secs(secs)));
                }
                conn.publish(topic, body.to_string().into_bytes()).await
            }
            _ => Ok(()),
        };
        if reply.is_err() {
            return;
        }
    }
}

fn fmt_secs(s: f64) -> String {
    if s.fract() == 0.0 {
        format!("{}", s as u64)
    } else {
        format!("{s}")
    }
}

async fn hub_session<S: AsyncRead + AsyncWrite + Unpin>(
    conn: &mut Conn<S>,
    hub: &IotHub,
    device: &str,
    stop: CancellationToken,
    kicked: CancellationToken,
) {
    let events_prefix = format!("devices/{device}/messages/events/");
    loop {
        let packet = tokio::select! {
            p = conn.read() => p,
            _ = stop.cancelled() => return,
            _ = kicked.cancelled() => return,
        };
        let packet = match packet {
            Ok(p) => p,
            Err(ReadError::Codec(e)) => {
                tracing::debug!("closing an MQTT connection on a malformed packet: {e}");
                return;
            }
            Err(ReadError::Closed) => return,
        };
        let reply = match packet {
            Packet::Subscribe(s) => conn.send(suback(&s)).await,
            Packet::PingReq => conn.send(Packet::PingResp).await,
            Packet::Disconnect => return,
            Packet::Publish(p) if p.qos == QoS::ExactlyOnce => return,
            Packet::Publish(p) => {
                // Re-read the record: enrichments use the current twin; a deleted device is cut off.
                let Some(rec) = hub.registry.get(device) else {
                    return;
                };
                if let Some(bag) = p.topic.strip_prefix(&events_prefix) {
                    let msg = incoming(bag, p.payload.to_vec());
                    if let Err(e) = hub.route_telemetry(&rec, msg) {
                        tracing::warn!("telemetry from {device} not routed: {e}");
                        return;
                    }
                } else if p.topic.starts_with("$iothub/twin/GET/") {
                    let rid = topic_params(&p.topic)
                        .into_iter()
                        .find(|(k, _)| k == "$rid")
                        .map(|(_, v)| v)
                        .unwrap_or_default();
                    let twin = rec.twin_json(true);
                    let body = json!({"desired": twin["properties"]["desired"], "reported": twin["properties"]["reported"]});
                    if conn
                        .publish(
                            format!("$iothub/twin/res/200/?$rid={rid}"),
                            body.to_string().into_bytes(),
                        )
                        .await
                        .is_err()
                    {
                        return;
                    }
                } else if !p.topic.starts_with("$iothub/") {
                    tracing::debug!("{device} published to unsupported topic {}", p.topic);
                    return;
                }
                if p.qos == QoS::AtLeastOnce {
                    conn.send(Packet::PubAck(PubAck::new(p.pkid))).await
                } else {
                    Ok(())
                }
            }
            _ => Ok(()),
        };
        if reply.is_err() {
            return;
        }
    }
}

/// A telemetry message from a topic's property bag (`$.mid`, `$.ct`, `$.ce`, `$.cid`, custom).
pub fn incoming(bag: &str, body: Vec<u8>) -> Incoming {
    let mut msg = Incoming {
        body,
        ..Incoming::default()
    };
    for (k, v) in parse_bag(bag) {
        match k.as_str() {
            "$.mid" => msg.message_id = Some(v),
            "$.cid" => msg.correlation_id = Some(v),
            "$.ct" => msg.content_type = Some(v),
            "$.ce" => msg.content_encoding = Some(v),
            k if k.starts_with("$.") => {}
            _ => msg.properties.push((k, v)),
        }
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn property_bags_decode_like_iot_hub() {
        let m = incoming(
            "%24.mid=m1&%24.ct=application%2Fjson&%24.ce=utf-8&k=v%20w&$.cid=c",
            b"{}".to_vec(),
        );
        assert_eq!(m.message_id.as_deref(), Some("m1"));
        assert_eq!(m.content_type.as_deref(), Some("application/json"));
        assert_eq!(m.content_encoding.as_deref(), Some("utf-8"));
        assert_eq!(m.correlation_id.as_deref(), Some("c"));
        assert_eq!(m.properties, vec![("k".to_string(), "v w".to_string())]);
    }
}

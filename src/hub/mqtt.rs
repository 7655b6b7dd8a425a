//! A device's MQTT connection to IoT Hub (v3.1.1 over TLS): client id = device id, user name
//! `{hub}/{deviceId}/?api-version=2021-04-12`, SAS password. Telemetry is published at QoS 1
//! to `devices/{id}/messages/events/{property bag}` and a send completes on its PUBACK.
//! Reconnects with backoff (and a fresh token) when the connection drops, and before the token
//! expires. Driven from the caller's task: [`MqttDevice::idle_until`] keeps the connection alive
//! between sends.
use super::{DEVICE_API_VERSION, DeviceIdentity, HubError, HubOptions, Message};
use crate::retry::RetryPolicy;
use rumqttc::{
    AsyncClient, ConnectReturnCode, ConnectionError, Event, EventLoop, MqttOptions, Packet, QoS,
    TlsConfiguration, Transport,
};
use std::time::Duration;
use tokio::time::Instant;

/// One device's connection.
pub struct MqttDevice {
    identity: DeviceIdentity,
    opts: HubOptions,
    client: AsyncClient,
    el: EventLoop,
    /// Reconnect with a new token at this time.
    renew_at: Instant,
    /// Connections made after the first (drops and renewals).
    pub reconnects: u32,
}

fn open(
    identity: &DeviceIdentity,
    opts: &HubOptions,
) -> Result<(AsyncClient, EventLoop, Instant), HubError> {
    let endpoint = identity.endpoint()?;
    let lifetime = opts.token_lifetime.max(Duration::from_secs(60));
    let token = identity.token(super::now_secs() + lifetime.as_secs())?;
    let mut mo = MqttOptions::new(
        identity.device_id.clone(),
        endpoint.host.clone(),
        endpoint.mqtt_port(),
    );
    mo.set_credentials(
        format!(
            "{}/{}/?api-version={DEVICE_API_VERSION}&DeviceClientType={}",
            identity.hub,
            identity.device_id,
            crate::sas::url_encode(concat!("twinbridge/", env!("CARGO_PKG_VERSION")))
        ),
        token,
    );
    mo.set_keep_alive(opts.keep_alive.max(Duration::from_secs(5)));
    mo.set_clean_session(true);
    mo.set_max_packet_size(256 * 1024, 256 * 1024);
    mo.set_inflight(2);
    mo.set_request_channel_capacity(2);
    mo.set_transport(Transport::tls_with_config(TlsConfiguration::Rustls(
        opts.tls.clone(),
    )));
    let (client, mut el) = AsyncClient::new(mo, 2);
    let mut net = el.network_options();
    net.set_connection_timeout(opts.timeout.as_secs().max(1));
    el.set_network_options(net);
    Ok((client, el, Instant::now() + lifetime.mul_f64(0.8)))
}

fn connection_error(e: ConnectionError) -> HubError {
    match e {
        ConnectionError::ConnectionRefused(
            ConnectReturnCode::NotAuthorized | ConnectReturnCode::BadUserNamePassword,
        ) => HubError::Unauthorized("the MQTT connection was refused (not authorized)".into()),
        other => HubError::Transport(crate::dps::register::https::error_chain(&other)),
    }
}

impl MqttDevice {
    /// Connect (waiting for CONNACK).
    pub async fn connect(identity: DeviceIdentity, opts: HubOptions) -> Result<Self, HubError> {
        let (client, el, renew_at) = open(&identity, &opts)?;
        let mut device = Self {
            identity,
            opts,
            client,
            el,
            renew_at,
            reconnects: 0,
        };
        device.await_connack().await?;
        Ok(device)
    }

    async fn await_connack(&mut self) -> Result<(), HubError> {
        let deadline = Instant::now() + self.opts.timeout;
        loop {
            match tokio::time::timeout_at(deadline, self.el.poll()).await {
                Err(_) => return Err(HubError::Timeout(self.opts.timeout)),
                Ok(Err(e)) => return Err(connection_error(e)),
                Ok(Ok(Event::Incoming(Packet::ConnAck(_)))) => return Ok(()),
                Ok(Ok(_)) => {}
            }
        }
    }

    /// Replace the connection (fresh token), retrying with backoff; credentials refused is final.
    async fn reconnect(&mut self) -> Result<(), HubError> {
        let policy = RetryPolicy::with_retries(self.opts.max_retries);
        let _ = self.client.try_disconnect();
        let mut last = HubError::Transport("not connected".into());
        for attempt in 0..=self.opts.max_retries {
            if attempt > 0 {
                tokio::time::sleep(policy.delay(attempt - 1, None)).await;
            }
            let (client, el, renew_at) = open(&self.identity, &self.opts)?;
            (self.client, self.el, self.renew_at) = (client, el, renew_at);
            self.reconnects += 1;
            match self.await_connack().await {
                Ok(()) => return Ok(()),
                Err(e @ HubError::Unauthorized(_)) => return Err(e),
                Err(e) => last = e,
            }
        }
        Err(last)
    }

    async fn renew_if_due(&mut self) -> Result<(), HubError> {
        if Instant::now() >= self.renew_at {
            self.reconnect().await?;
        }
        Ok(())
    }

    /// Keep the connection alive (pings, reconnects, token renewal) until `deadline`.
    pub async fn idle_until(&mut self, deadline: Instant) -> Result<(), HubError> {
        loop {
            self.renew_if_due().await?;
            let wake = deadline.min(self.renew_at);
            match tokio::time::timeout_at(wake, self.el.poll()).await {
                Err(_) if Instant::now() >= deadline => return Ok(()),
                Err(_) => {}
                Ok(Ok(_)) => {}
                Ok(Err(ConnectionError::ConnectionRefused(c))) => {
                    return Err(connection_error(ConnectionError::ConnectionRefused(c)));
                }
                Ok(Err(_)) => self.reconnect().await?,
            }
        }
    }

    /// Publish one message at QoS 1 and wait for its PUBACK; on a dropped connection or a
    /// missing acknowledgement, reconnect and publish again (at-least-once).
    pub async fn send(&mut self, msg: &Message) -> Result<(), HubError> {
        let bag = msg.property_bag();
        let topic = format!("devices/{}/messages/events/{bag}", self.identity.device_id);
        let mut attempts = 0;
        loop {
            self.renew_if_due().await?;
            match self.publish_once(&topic, &msg.body).await {
                Ok(()) => return Ok(()),
                Err(e @ (HubError::Unauthorized(_) | HubError::Key(_))) => return Err(e),
                Err(e) if attempts >= self.opts.max_retries => return Err(e),
                Err(_) => {
                    attempts += 1;
                    self.reconnect().await?;
                }
            }
        }
    }

    async fn publish_once(&mut self, topic: &str, body: &[u8]) -> Result<(), HubError> {
        self.client
            .publish(topic, QoS::AtLeastOnce, false, body.to_vec())
            .await
            .map_err(|e| HubError::Transport(e.to_string()))?;
        let deadline = Instant::now() + self.opts.timeout;
        loop {
            match tokio::time::timeout_at(deadline, self.el.poll()).await {
                Err(_) => return Err(HubError::Timeout(self.opts.timeout)),
                Ok(Err(e)) => return Err(connection_error(e)),
                Ok(Ok(Event::Incoming(Packet::PubAck(_)))) => return Ok(()),
                Ok(Ok(_)) => {}
            }
        }
    }

    /// Send DISCONNECT and close.
    pub async fn disconnect(mut self) {
        if self.client.try_disconnect().is_ok() {
            let deadline = Instant::now() + Duration::from_millis(500);
            while let Ok(Ok(ev)) = tokio::time::timeout_at(deadline, self.el.poll()).await {
                if matches!(ev, Event::Outgoing(rumqttc::Outgoing::Disconnect)) {
                    break;
                }
            }
        }
    }
}

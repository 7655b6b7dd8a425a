//! The device gateway: one TLS listener (default port 8883, what the official SDKs hard-code
//! for MQTT) serving the emulated DPS and IoT Hub. After the TLS handshake the first byte
//! decides the protocol: `0x10` (an MQTT CONNECT) goes to [`mqtt`], anything else is HTTP/1.1
//! (DPS device and enrollment APIs, IoT Hub device and service APIs). So one `host:port`
//! serves every transport, and the hub's advertised host name carries that port
//! (`localhost:8883`) unless configured (`localhost` for clients that add 8883 themselves).
pub mod mqtt;
pub mod tls;

use super::dps::{Dps, DpsConfig};
use super::eventlog::EventLog;
use super::iothub::IotHub;
use super::store::Store;
use axum::Router;
use axum::routing::{get, post, put};
use bytes::BytesMut;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, ReadBuf};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// The port the official SDKs use for MQTT.
pub const DEFAULT_DEVICE_PORT: u16 = 8883;

/// Configuration of the DPS and IoT Hub surfaces.
#[derive(Debug, Clone)]
pub struct DevicesConfig {
    /// The hub's host name as devices see it; `None` = `localhost:{port}`.
    pub hub_host: Option<String>,
    /// The `iothubowner` (and `provisioningserviceowner`) key.
    pub owner_key: String,
    /// Message enrichments (key, value expression) applied to telemetry.
    pub enrichments: Vec<(String, String)>,
    /// How module lifecycle events look (both forms are documented).
    pub module_events: super::iothub::modules::ModuleEventForm,
    pub dps: DpsConfig,
}

impl Default for DevicesConfig {
    fn default() -> Self {
        Self {
            hub_host: None,
            owner_key: super::iothub::WELL_KNOWN_OWNER_KEY.into(),
            enrichments: super::iothub::default_enrichments(),
            module_events: Default::default(),
            dps: DpsConfig::default(),
        }
    }
}

/// The running gateway.
pub struct Gateway {
    pub addr: SocketAddr,
    pub ca_pem: String,
    pub hub: Arc<IotHub>,
    pub dps: Arc<Dps>,
    pub task: JoinHandle<()>,
}

/// Why the gateway could not start.
#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error(transparent)]
    Tls(#[from] tls::TlsSetupError),
    #[error("emulator state: {0}")]
    State(#[from] rusqlite::Error),
}

/// Bind, build the surfaces, and serve until `cancel`.
pub async fn start(
    addr: SocketAddr,
    cfg: DevicesConfig,
    store: Arc<Store>,
    events: Arc<EventLog>,
    cancel: CancellationToken,
) -> Result<Gateway, GatewayError> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| GatewayError::Bind { addr, source })?;
    let bound = listener
        .local_addr()
        .map_err(|source| GatewayError::Bind { addr, source })?;
    let hub_host = cfg
        .hub_host
        .clone()
        .unwrap_or_else(|| format!("localhost:{}", bound.port()));
    let mut names = Vec::new();
    if let Ok(e) = crate::hub::Endpoint::parse(&hub_host) {
        names.push(e.host);
    }
    if !addr.ip().is_unspecified() {
        names.push(addr.ip().to_string());
    }
    let tls = tls::load_or_create(&store, &names)?;
    let hub = Arc::new(
        IotHub::open(
            hub_host,
            cfg.owner_key.clone(),
            cfg.enrichments.clone(),
            store.clone(),
            events,
        )?
        .with_module_events(cfg.module_events),
    );
    let dps = Arc::new(Dps::open(cfg.dps, store, hub.clone(), cfg.owner_key)?);
    let router = router(hub.clone(), dps.clone());
    let acceptor = tokio_rustls::TlsAcceptor::from(tls.server.clone());
    let (h, d) = (hub.clone(), dps.clone());
    let task = tokio::spawn(async move {
        loop {
            let accepted = tokio::select! {
                a = listener.accept() => a,
                _ = cancel.cancelled() => return,
            };
            let Ok((tcp, _)) = accepted else {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            };
            let _ = tcp.set_nodelay(true);
            let (acceptor, router, hub, dps, stop) = (
                acceptor.clone(),
                router.clone(),
                h.clone(),
                d.clone(),
                cancel.clone(),
            );
            tokio::spawn(async move {
                let Ok(Ok(mut stream)) =
                    tokio::time::timeout(Duration::from_secs(10), acceptor.accept(tcp)).await
                else {
                    return;
                };
                let mut first = BytesMut::with_capacity(1024);
                match tokio::time::timeout(Duration::from_secs(10), stream.read_buf(&mut first))
                    .await
                {
                    Ok(Ok(n)) if n > 0 => {}
                    _ => return,
                }
                if first[0] == 0x10 {
                    mqtt::serve(stream, first, hub, dps, stop).await;
                } else {
                    serve_http(Prefixed::new(first, stream), router, stop).await;
                }
            });
        }
    });
    Ok(Gateway {
        addr: bound,
        ca_pem: tls.ca_pem,
        hub,
        dps,
        task,
    })
}

/// Every HTTP route of the DPS and IoT Hub surfaces.
pub fn router(hub: Arc<IotHub>, dps: Arc<Dps>) -> Router {
    use super::dps::http as d;
    use super::iothub::http as h;
    use super::iothub::modules as m;
    let hub_routes = Router::new()
        .route("/devices/{id}/messages/events", post(h::send_event))
        .route(
            "/devices/{id}",
            get(h::get_device)
                .put(h::put_device)
                .delete(h::delete_device),
        )
        .route("/devices", get(h::list_devices))
        .route("/devices/query", post(h::query))
        .route("/twins/{id}", get(h::get_twin).patch(h::patch_twin))
        .route(
            "/devices/{id}/modules/{mid}",
            get(m::get_module)
                .put(m::put_module)
                .delete(m::delete_module),
        )
        .route("/devices/{id}/modules", get(m::list_modules))
        .route(
            "/twins/{id}/modules/{mid}",
            get(m::get_module_twin).patch(m::patch_module_twin),
        )
        .with_state(hub);
    let dps_routes = Router::new()
        .route("/{scope}/registrations/{reg}/register", put(d::register))
        .route(
            "/{scope}/registrations/{reg}/operations/{op}",
            get(d::operation),
        )
        .route(
            "/enrollmentGroups/{id}",
            put(d::put_group).get(d::get_group).delete(d::delete_group),
        )
        .route("/enrollmentGroups", get(d::list_groups))
        .with_state(dps);
    hub_routes.merge(dps_routes)
}

async fn serve_http<S>(stream: S, router: Router, stop: CancellationToken)
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let service = hyper_util::service::TowerToHyperService::new(router);
    let conn = hyper::server::conn::http1::Builder::new()
        .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        _ = stop.cancelled() => {
            conn.as_mut().graceful_shutdown();
            let _ = tokio::time::timeout(Duration::from_secs(5), conn).await;
        }
    }
}

/// A stream that first yields bytes already read (the protocol sniff).
pub struct Prefixed<S> {
    prefix: BytesMut,
    inner: S,
}

impl<S> Prefixed<S> {
    pub fn new(prefix: BytesMut, inner: S) -> Self {
        Self { prefix, inner }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Prefixed<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        if !self.prefix.is_empty() {
            let n = self.prefix.len().min(buf.remaining());
            let chunk = self.prefix.split_to(n);
            buf.put_slice(&chunk);
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Prefixed<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

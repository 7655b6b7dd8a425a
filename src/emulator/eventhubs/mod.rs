//! The emulator's Event Hubs surface: an AMQP 1.0 endpoint (plain TCP, loopback) built on
//! fe2o3-amqp's acceptor and backed by the persisted [`EventLog`]. It serves SASL ANONYMOUS and
//! PLAIN (any credentials), `$cbs` put-token, `$management` READ, consumer links with selector
//! filters and live delivery, producer links (single and batched), any consumer group, with
//! owner levels (epochs) enforced like Event Hubs ([`epochs`]). It also has a small HTTP inject
//! endpoint (see [`inject`]). Network I/O: the listener and its connections only.
pub mod address;
pub mod convert;
pub mod epochs;
mod frames;
pub mod inject;
mod links;
mod mgmt;

use super::eventlog::EventLog;
use address::{Address, PartitionView};
use fe2o3_srv::acceptor::{
    ConnectionAcceptor, LinkAcceptor, LinkEndpoint, ListenerConnectionHandle,
    ListenerSessionHandle, SessionAcceptor, SupportedReceiverSettleModes,
    SupportedSenderSettleModes,
    sasl_acceptor::{SaslAcceptor, SaslServerFrame},
};
use fe2o3_srv::types::definitions::{ReceiverSettleMode, Role, SenderSettleMode};
use fe2o3_srv::types::messaging::{Source, Target, TargetArchetype};
use fe2o3_srv::types::performatives::Attach;
use fe2o3_srv::types::primitives::{Array, Symbol, Value};
use fe2o3_srv::types::sasl::{SaslCode, SaslInit, SaslOutcome, SaslResponse};
use links::{Node, ReplyRoutes};
use std::sync::Arc;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// Largest message a producer may send (Event Hubs Standard: 1 MB).
pub const MAX_MESSAGE_SIZE: u64 = 1024 * 1024;
/// The frame size the Azure SDK clients ask for.
const MAX_FRAME_SIZE: u32 = 65_536;

/// What every connection shares.
struct Shared {
    log: Arc<EventLog>,
    /// Reported as the hubs' `created_at`.
    created_ms: i64,
    cancel: CancellationToken,
    /// Owner levels of the consumer links of every connection.
    epochs: Arc<epochs::Epochs>,
}

/// SASL ANONYMOUS and PLAIN, accepting any identity: the emulator has no real authentication.
#[derive(Debug, Clone, Default)]
struct AnySasl;

impl SaslAcceptor for AnySasl {
    fn mechanisms(&self) -> Array<Symbol> {
        Array::from(vec![Symbol::from("ANONYMOUS"), Symbol::from("PLAIN")])
    }

    fn on_init(&mut self, _init: SaslInit) -> SaslServerFrame {
        SaslServerFrame::Outcome(SaslOutcome {
            code: SaslCode::Ok,
            additional_data: None,
        })
    }

    fn on_response(&mut self, _response: SaslResponse) -> SaslServerFrame {
        SaslServerFrame::Outcome(SaslOutcome {
            code: SaslCode::Ok,
            additional_data: None,
        })
    }
}

/// The segment size the listener advertises on loopback (see [`bind`]).
const LOOPBACK_MSS: u32 = 16_384;

/// Bind the AMQP listener.
///
/// On Linux loopback (MTU 65536) a client socket can report a TCP_MAXSEG of 32768. pyamqp (the
/// Python `azure-eventhub` transport) reads every TCP option after connecting and writes it back,
/// and the kernel refuses an MSS above 32767 with EINVAL, so the official client fails to
/// connect to loopback at random. Advertising a smaller MSS from the listener keeps the
/// client's value in range; it changes nothing else on loopback.
pub fn bind(addr: std::net::SocketAddr) -> std::io::Result<TcpListener> {
    use socket2::{Domain, Protocol, Socket, Type};
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))?;
    socket.set_reuse_address(true)?;
    #[cfg(unix)]
    if let Err(e) = socket.set_tcp_mss(LOOPBACK_MSS) {
        tracing::debug!("event hubs listener: cannot set TCP_MAXSEG: {e}");
    }
    socket.bind(&addr.into())?;
    socket.listen(1024)?;
    socket.set_nonblocking(true)?;
    TcpListener::from_std(socket.into())
}

/// Serve AMQP on `listener` until `cancel`.
pub fn serve(
    listener: TcpListener,
    log: Arc<EventLog>,
    cancel: CancellationToken,
) -> JoinHandle<()> {
    let shared = Arc::new(Shared {
        log,
        created_ms: (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64,
        cancel: cancel.clone(),
        epochs: Arc::default(),
    });
    tokio::spawn(async move {
        loop {
            tokio::select! {
                accepted = listener.accept() => match accepted {
                    Ok((stream, peer)) => {
                        tracing::debug!("event hubs: connection from {peer}");
                        let _ = stream.set_nodelay(true);
                        tokio::spawn(connection(stream, shared.clone()));
                    }
                    Err(e) => {
                        tracing::warn!("event hubs listener: {e}");
                        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    }
                },
                _ = cancel.cancelled() => break,
            }
        }
    })
}

async fn connection(stream: TcpStream, shared: Arc<Shared>) {
    let acceptor = ConnectionAcceptor::builder()
        .container_id("twinbridge-emulator")
        .max_frame_size(MAX_FRAME_SIZE)
        .channel_max(4999u16)
        .idle_time_out(120_000u32)
        .sasl_acceptor(AnySasl)
        .build();
    let mut conn: ListenerConnectionHandle =
        match acceptor.accept(frames::FullFrames::new(stream)).await {
            Ok(c) => c,
            Err(e) => {
                tracing::debug!("event hubs: connection refused during open: {e}");
                return;
            }
        };
    loop {
        let incoming = tokio::select! {
            s = conn.next_incoming_session() => match s { Some(s) => s, None => break },
            _ = shared.cancel.cancelled() => break,
        };
        let acceptor = SessionAcceptor::builder()
            .incoming_window(65_536u32)
            .outgoing_window(65_536u32)
            .handle_max(1023u32)
            .build();
        match acceptor.accept_incoming_session(incoming, &mut conn).await {
            Ok(session) => {
                tokio::spawn(session_loop(session, shared.clone()));
            }
            Err(e) => {
                tracing::debug!("event hubs: session refused: {e}");
                break;
            }
        }
    }
    let _ = conn.close().await;
}

async fn session_loop(mut session: ListenerSessionHandle, shared: Arc<Shared>) {
    let routes = ReplyRoutes::default();
    loop {
        let attach = tokio::select! {
            a = session.next_incoming_attach() => match a { Some(a) => a, None => break },
            _ = shared.cancel.cancelled() => break,
        };
        if let Err(e) = on_attach(attach, &mut session, &shared, &routes).await {
            tracing::debug!("event hubs: link refused: {e}");
        }
    }
    let _ = session.end().await;
}

fn source_address(a: &Attach) -> Option<String> {
    a.source.as_ref().and_then(|s| s.address.clone())
}

fn target_address(a: &Attach) -> Option<String> {
    match a.target.as_deref() {
        Some(TargetArchetype::Target(t)) => t.address.clone(),
        _ => None,
    }
}

/// The owner level a consumer asks for (`com.microsoft:epoch` in the attach properties).
fn epoch(a: &Attach) -> Option<i64> {
    let v = a
        .properties
        .as_ref()?
        .get(&Symbol::from("com.microsoft:epoch"))?;
    match v {
        Value::Long(n) => Some(*n),
        Value::Int(n) => Some(i64::from(*n)),
        Value::Uint(n) => Some(i64::from(*n)),
        Value::Ulong(n) => i64::try_from(*n).ok(),
        _ => None,
    }
}

/// The selector filter's expression, if the source carries one.
fn selector(a: &Attach) -> Option<String> {
    let filter = a.source.as_ref()?.filter.as_ref()?;
    filter.iter().find_map(|(k, v)| {
        k.0.contains("selector-filter").then(|| match v {
            Value::Described(d) => match &d.value {
                Value::String(s) => Some(s.clone()),
                _ => None,
            },
            Value::String(s) => Some(s.clone()),
            _ => None,
        })?
    })
}

struct LogView<'a>(&'a EventLog, &'a str, u32);

impl PartitionView for LogView<'_> {
    fn last_sequence(&self) -> i64 {
        self.0
            .partition_info(self.1, self.2)
            .map(|i| i.last_sequence_number)
            .unwrap_or(-1)
    }
    fn first_at_or_after(&self, ms: i64) -> Option<i64> {
        self.0.seq_at_time(self.1, self.2, ms).ok().flatten()
    }
}

async fn on_attach(
    mut attach: Attach,
    session: &mut ListenerSessionHandle,
    shared: &Arc<Shared>,
    routes: &ReplyRoutes,
) -> Result<(), String> {
    // pyamqp refuses an ATTACH reply without both terminuses; the reply echoes the request's.
    if attach.source.is_none() {
        attach.source = Some(Box::new(Source::default()));
    }
    if attach.target.is_none() {
        attach.target = Some(Box::new(TargetArchetype::Target(Target::default())));
    }
    let client_sends = attach.role == Role::Sender;
    let address = if client_sends {
        target_address(&attach)
    } else {
        source_address(&attach)
    }
    .unwrap_or_default();
    let reply_key = target_address(&attach);
    let filter = selector(&attach);
    let owner_level = epoch(&attach);
    // Event Hubs settles on the first disposition; pyamqp asks for `second` and waits forever
    // for a settled Accepted unless the answer says `first`. What the emulator sends goes
    // pre-settled: Event Hubs consumers never settle, and an unsettled send would wait forever.
    let acceptor = LinkAcceptor::builder()
        .supported_sender_settle_modes(SupportedSenderSettleModes::SettledAndMixed)
        .fallback_sender_settle_mode(SenderSettleMode::Settled)
        .supported_receiver_settle_modes(SupportedReceiverSettleModes::First)
        .fallback_receiver_settle_mode(ReceiverSettleMode::First)
        .max_message_size(MAX_MESSAGE_SIZE)
        .verify_incoming_source(false)
        .verify_incoming_target(false)
        .build();
    let endpoint = acceptor
        .accept_incoming_attach(attach, session)
        .await
        .map_err(|e| format!("{address}: {e}"))?;
    let cancel = shared.cancel.clone();
    let log = shared.log.clone();
    match (address::parse(&address), endpoint) {
        (Some(Address::Cbs), LinkEndpoint::Receiver(r)) => {
            tokio::spawn(links::requests(
                r,
                Node::Cbs,
                routes.clone(),
                log,
                shared.created_ms,
                cancel,
            ));
        }
        (Some(Address::Management), LinkEndpoint::Receiver(r)) => {
            tokio::spawn(links::requests(
                r,
                Node::Management,
                routes.clone(),
                log,
                shared.created_ms,
                cancel,
            ));
        }
        (Some(node @ (Address::Cbs | Address::Management)), LinkEndpoint::Sender(s)) => {
            let (tx, rx) = mpsc::channel(16);
            let name = if node == Address::Cbs {
                "$cbs"
            } else {
                "$management"
            };
            let mut keys = vec![name.to_string()];
            keys.extend(reply_key);
            routes.add(&keys, tx);
            tokio::spawn(links::replies(s, rx, cancel));
        }
        (
            Some(Address::Consumer {
                hub,
                partition,
                consumer_group,
            }),
            LinkEndpoint::Sender(s),
        ) => {
            let p = match check_partition(&log, &hub, &partition) {
                Ok(p) => p,
                Err(e) => return refuse(LinkEndpoint::Sender(s), e).await,
            };
            let after = match filter.as_deref().map(address::parse_selector) {
                None => Ok(-1),
                Some(Ok(start)) => address::resolve(&start, &LogView(&log, &hub, p)),
                Some(Err(e)) => Err(e),
            };
            let after = match after {
                Ok(after) => after,
                Err(e) => return refuse(LinkEndpoint::Sender(s), e.to_string()).await,
            };
            let key = (hub.clone(), consumer_group.to_ascii_lowercase(), p);
            match shared.epochs.attach(key, owner_level) {
                Ok(claim) => {
                    tokio::spawn(links::consumer(s, log, hub, p, after, claim, cancel));
                }
                Err(reason) => {
                    let _ = s.close_with_error(links::stolen(reason.clone())).await;
                    return Err(reason);
                }
            }
        }
        (Some(Address::Producer { hub, partition }), LinkEndpoint::Receiver(r)) => {
            let p = match partition {
                Some(id) => match check_partition(&log, &hub, &id) {
                    Ok(p) => Some(p),
                    Err(e) => return refuse(LinkEndpoint::Receiver(r), e).await,
                },
                None => match log.partitions(&hub) {
                    Ok(_) => None,
                    Err(e) => return refuse(LinkEndpoint::Receiver(r), e.to_string()).await,
                },
            };
            tokio::spawn(links::producer(r, log, hub, p, cancel));
        }
        (_, endpoint) => {
            return refuse(
                endpoint,
                format!("the emulator has no node {address:?} (expected <hub>/ConsumerGroups/<group>/Partitions/<id>, <hub>[/Partitions/<id>], $cbs or $management)"),
            )
            .await;
        }
    }
    Ok(())
}

fn check_partition(log: &EventLog, hub: &str, id: &str) -> Result<u32, String> {
    let count = log.partitions(hub).map_err(|e| e.to_string())?;
    id.parse::<u32>()
        .ok()
        .filter(|p| *p < count)
        .ok_or_else(|| format!("event hub {hub:?} has no partition {id:?} (it has {count})"))
}

/// Close a just-attached link with `amqp:not-found` and the reason.
async fn refuse(endpoint: LinkEndpoint, reason: String) -> Result<(), String> {
    let err = links::not_found(reason.clone());
    match endpoint {
        LinkEndpoint::Sender(s) => {
            let _ = s.close_with_error(err).await;
        }
        LinkEndpoint::Receiver(r) => {
            let _ = r.close_with_error(err).await;
        }
    }
    Err(reason)
}

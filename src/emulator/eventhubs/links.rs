//! Link tasks of the emulator's Event Hubs surface: consumer links (the emulator sends a
//! partition's events from the selected start, then live ones as they are appended), producer
//! links (single and batched messages appended to the event log, then Accepted), and the
//! request/reply links of the `$cbs` and `$management` nodes.
use super::convert::{event_to_message, message_to_event};
use super::epochs::Claim;
use super::mgmt;
use crate::emulator::eventlog::EventLog;
use fe2o3_srv::types::definitions::{AmqpError, Error as AmqpErrorFrame, LinkError};
use fe2o3_srv::types::messaging::message::__private::Deserializable;
use fe2o3_srv::types::messaging::{Body, Message};
use fe2o3_srv::types::primitives::Value;
use fe2o3_srv::{Receiver, Sendable, Sender};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

/// Message format of an Event Hubs batch: N Data sections, each one serialized message.
pub const BATCH_FORMAT: u32 = 0x8001_3700;

/// Events fetched from the log per read while catching up.
const READ_CHUNK: usize = 64;

pub type Msg = Message<Body<Value>>;

/// Reply links of one session: reply-to address (and node name) -> the task sending on it.
#[derive(Default, Clone)]
pub struct ReplyRoutes(Arc<Mutex<HashMap<String, mpsc::Sender<Msg>>>>);

impl ReplyRoutes {
    pub fn add(&self, keys: &[String], tx: mpsc::Sender<Msg>) {
        let mut m = self.0.lock().unwrap_or_else(|p| p.into_inner());
        for k in keys {
            m.insert(k.clone(), tx.clone());
        }
    }

    /// The reply link for `reply_to`, else the one attached to `node`. Waits briefly: a client
    /// may attach its reply link just after sending its first request.
    async fn find(&self, reply_to: Option<&str>, node: &str) -> Option<mpsc::Sender<Msg>> {
        for _ in 0..50 {
            {
                let m = self.0.lock().unwrap_or_else(|p| p.into_inner());
                let hit = reply_to.and_then(|r| m.get(r)).or_else(|| m.get(node));
                if let Some(tx) = hit.filter(|t| !t.is_closed()) {
                    return Some(tx.clone());
                }
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        None
    }
}

/// Which request-response node a link serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Node {
    Cbs,
    Management,
}

impl Node {
    pub fn name(self) -> &'static str {
        match self {
            Node::Cbs => "$cbs",
            Node::Management => "$management",
        }
    }
}

/// Close a link with `amqp:not-found` (unknown hub, partition or address).
pub fn not_found(description: String) -> AmqpErrorFrame {
    AmqpErrorFrame::new(AmqpError::NotFound, Some(description), None)
}

/// Close a link with `amqp:link:stolen`: another receiver's owner level won the partition.
pub fn stolen(description: String) -> AmqpErrorFrame {
    AmqpErrorFrame::new(LinkError::Stolen, Some(description), None)
}

/// A consumer link: deliver `seq > after` from the partition, then wait for appends, until the
/// client detaches or a receiver with a higher owner level displaces it (`claim.kicked`).
pub async fn consumer(
    mut sender: Sender,
    log: Arc<EventLog>,
    hub: String,
    partition: u32,
    mut after: i64,
    mut claim: Claim,
    cancel: CancellationToken,
) {
    let mut appended = log.subscribe();
    let mut displaced = None;
    'outer: loop {
        appended.borrow_and_update();
        let batch = match log.read(&hub, partition, after, READ_CHUNK) {
            Ok(b) => b,
            Err(e) => {
                tracing::warn!("event hubs consumer on {hub}/{partition}: {e}");
                break;
            }
        };
        if batch.is_empty() {
            tokio::select! {
                changed = appended.changed() => if changed.is_err() { break },
                _ = sender.on_detach() => break,
                reason = &mut claim.kicked => { displaced = reason.ok(); break },
                _ = cancel.cancelled() => break,
            }
            continue;
        }
        for e in batch {
            let seq = e.sequence_number.unwrap_or(after + 1);
            let sendable = Sendable::builder()
                .message(event_to_message(&e))
                .settled(true)
                .build();
            tokio::select! {
                sent = sender.send(sendable) => if let Err(err) = sent {
                    tracing::debug!("event hubs consumer on {hub}/{partition} stopped: {err}");
                    break 'outer;
                },
                reason = &mut claim.kicked => { displaced = reason.ok(); break 'outer },
                _ = cancel.cancelled() => break 'outer,
            }
            after = seq;
        }
    }
    match displaced {
        Some(reason) => {
            tracing::debug!("event hubs consumer on {hub}/{partition} displaced: {reason}");
            let _ = sender.close_with_error(stolen(reason)).await;
        }
        None => {
            let _ = sender.close().await;
        }
    }
    drop(claim);
}

/// Decode a delivered message (single, or a 0x80013700 batch) into events plus a partition key.
fn decode(
    format: Option<u32>,
    m: Msg,
) -> Result<(Vec<crate::events::Event>, Option<String>), String> {
    if format != Some(BATCH_FORMAT) {
        let (e, key) = message_to_event(m);
        return Ok((vec![e], key));
    }
    let (_, outer_key) = message_to_event(Message {
        body: Body::Empty,
        ..m.clone()
    });
    let Body::Data(sections) = m.body else {
        return Err("a batch message (format 0x80013700) must have Data sections".into());
    };
    let mut events = Vec::new();
    let mut key = outer_key;
    for d in sections.into_inner() {
        let inner: Deserializable<Msg> = serde_amqp::from_slice(&d.0)
            .map_err(|e| format!("a batch section is not an AMQP message: {e}"))?;
        let (e, k) = message_to_event(inner.0);
        key = key.or(k);
        events.push(e);
    }
    Ok((events, key))
}

/// A producer link: append what arrives, then settle it Accepted (Rejected if it cannot be stored).
pub async fn producer(
    mut receiver: Receiver,
    log: Arc<EventLog>,
    hub: String,
    partition: Option<u32>,
    cancel: CancellationToken,
) {
    loop {
        let delivery = tokio::select! {
            d = receiver.recv::<Body<Value>>() => match d {
                Ok(d) => d,
                Err(e) => { tracing::debug!("event hubs producer on {hub} stopped: {e}"); break }
            },
            _ = cancel.cancelled() => break,
        };
        let format = *delivery.message_format();
        let stored = decode(format, delivery.message().clone()).and_then(|(events, key)| {
            log.append(&hub, partition, key.as_deref(), events)
                .map_err(|e| e.to_string())
        });
        let settled = match stored {
            Ok(_) => receiver.accept(&delivery).await,
            Err(reason) => {
                tracing::warn!("event hubs producer on {hub}: rejected a message: {reason}");
                let err = AmqpErrorFrame::new(AmqpError::InvalidField, Some(reason), None);
                receiver.reject(&delivery, err).await
            }
        };
        if settled.is_err() {
            break;
        }
    }
    let _ = receiver.close().await;
}

/// The request side of `$cbs` / `$management`: answer each request on the session's reply link.
pub async fn requests(
    mut receiver: Receiver,
    node: Node,
    routes: ReplyRoutes,
    log: Arc<EventLog>,
    created_ms: i64,
    cancel: CancellationToken,
) {
    loop {
        let delivery = tokio::select! {
            d = receiver.recv::<Body<Value>>() => match d { Ok(d) => d, Err(_) => break },
            _ = cancel.cancelled() => break,
        };
        let req = delivery.message();
        let answer = match node {
            Node::Cbs => mgmt::cbs(req),
            Node::Management => mgmt::management(req, &log, created_ms),
        };
        let reply_to = mgmt::reply_to(req);
        if receiver.accept(&delivery).await.is_err() {
            break;
        }
        match routes.find(reply_to.as_deref(), node.name()).await {
            Some(tx) => {
                let _ = tx.send(answer).await;
            }
            None => tracing::warn!(
                "{}: no reply link for reply-to {reply_to:?}; the answer is dropped",
                node.name()
            ),
        }
    }
    let _ = receiver.close().await;
}

/// The reply side of `$cbs` / `$management`: send what the request task answers.
pub async fn replies(mut sender: Sender, mut rx: mpsc::Receiver<Msg>, cancel: CancellationToken) {
    loop {
        tokio::select! {
            m = rx.recv() => match m {
                Some(m) => {
                    let sendable = Sendable::builder().message(m).settled(true).build();
                    if sender.send(sendable).await.is_err() { break }
                }
                None => break,
            },
            _ = sender.on_detach() => break,
            _ = cancel.cancelled() => break,
        }
    }
    let _ = sender.close().await;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::eventhubs::convert::event_to_message;
    use crate::events::Event;
    use fe2o3_srv::types::messaging::message::__private::Serializable;
    use fe2o3_srv::types::messaging::{Batch, Data};
    use fe2o3_srv::types::primitives::Binary;
    use serde_json::json;

    #[test]
    fn batches_unpack_into_events() {
        let mut sections = Vec::new();
        for i in 0..3 {
            let mut e = Event::json(&json!({ "n": i }));
            e.properties.insert("i".into(), json!(i));
            let bytes = serde_amqp::to_vec(&Serializable(event_to_message(&e))).unwrap();
            sections.push(Data(Binary::from(bytes)));
        }
        let outer = Message {
            header: None,
            delivery_annotations: None,
            message_annotations: None,
            properties: None,
            application_properties: None,
            body: Body::Data(Batch::new(sections)),
            footer: None,
        };
        let (events, key) = decode(Some(BATCH_FORMAT), outer).unwrap();
        assert_eq!(key, None);
        assert_eq!(events.len(), 3);
        assert_eq!(events[2].body_json().unwrap(), json!({"n": 2}));
        assert_eq!(events[1].properties["i"], 1);
    }
}

//! Outgoing-frame normaliser for the AMQP listener: rewrites every performative and SASL frame
//! fe2o3 writes so that its field list carries *all* fields, padding omitted trailing fields with
//! AMQP `null`. No I/O of its own: it wraps the accepted TCP stream.
//!
//! Why: AMQP 1.0 lets a peer omit trailing null fields, and fe2o3 does (it also omits fields
//! equal to their default). The official Python `azure-eventhub` client (pyamqp) indexes frame
//! fields by position (`frame[4]` of OPEN, `frame[11]` = the payload of TRANSFER) and fails on
//! short lists (`IndexError`, or a payload read as the `more` flag). Real Event Hubs sends full
//! lists, so the emulator does too; the padded frames mean exactly the same thing per the spec.
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// Full field count of each performative / SASL frame, by descriptor code.
fn field_count(code: u64) -> Option<u32> {
    Some(match code {
        0x10 => 10, // open
        0x11 => 8,  // begin
        0x12 => 14, // attach
        0x13 => 11, // flow
        0x14 => 11, // transfer (the payload follows the list)
        0x15 => 6,  // disposition
        0x16 => 3,  // detach
        0x17 => 1,  // end
        0x18 => 1,  // close
        0x40 => 1,  // sasl-mechanisms
        0x41 => 3,  // sasl-init
        0x42 => 1,  // sasl-challenge
        0x43 => 1,  // sasl-response
        0x44 => 2,  // sasl-outcome
        _ => return None,
    })
}

/// Rewrite one frame body (descriptor + list [+ payload]) with a full field list. Returns None
/// when the body is not a described list we know (it is then sent unchanged).
fn pad_body(body: &[u8]) -> Option<Vec<u8>> {
    if body.first() != Some(&0x00) {
        return None;
    }
    let (code, rest) = match *body.get(1)? {
        0x53 => (*body.get(2)? as u64, body.get(3..)?),
        0x80 => (
            u64::from_be_bytes(body.get(2..10)?.try_into().ok()?),
            body.get(10..)?,
        ),
        _ => return None,
    };
    let want = field_count(code)?;
    let (count, items, after) = match *rest.first()? {
        0x45 => (0u32, &rest[..0], rest.get(1..)?),
        0xc0 => {
            let size = *rest.get(1)? as usize;
            let count = *rest.get(2)? as u32;
            let items = rest.get(3..2 + size)?;
            (count, items, rest.get(2 + size..)?)
        }
        0xd0 => {
            let size = u32::from_be_bytes(rest.get(1..5)?.try_into().ok()?) as usize;
            let count = u32::from_be_bytes(rest.get(5..9)?.try_into().ok()?);
            let items = rest.get(9..5 + size)?;
            (count, items, rest.get(5 + size..)?)
        }
        _ => return None,
    };
    if count >= want && code <= 0xff && body[1] == 0x53 && rest[0] != 0x45 {
        return None;
    }
    let pad = want.saturating_sub(count) as usize;
    let total = count.max(want);
    let mut list_items = Vec::with_capacity(items.len() + pad);
    list_items.extend_from_slice(items);
    list_items.extend(std::iter::repeat_n(0x40u8, pad));
    let mut out = Vec::with_capacity(body.len() + pad + 8);
    out.extend_from_slice(&[0x00, 0x53, code as u8]);
    if list_items.len() < 255 && total < 256 {
        out.push(0xc0);
        out.push((list_items.len() + 1) as u8);
        out.push(total as u8);
    } else {
        out.push(0xd0);
        out.extend_from_slice(&((list_items.len() + 4) as u32).to_be_bytes());
        out.extend_from_slice(&total.to_be_bytes());
    }
    out.extend_from_slice(&list_items);
    out.extend_from_slice(after);
    Some(out)
}

/// Split complete frames off the front of `input` and append their padded form to `out`.
fn process(input: &mut Vec<u8>, out: &mut Vec<u8>) {
    let mut at = 0;
    loop {
        let rest = &input[at..];
        if rest.len() >= 8 && &rest[..4] == b"AMQP" {
            out.extend_from_slice(&rest[..8]);
            at += 8;
            continue;
        }
        if rest.len() < 8 {
            break;
        }
        let size = u32::from_be_bytes([rest[0], rest[1], rest[2], rest[3]]) as usize;
        if rest.len() < size {
            break;
        }
        if size < 8 {
            // Malformed: not ours to fix; pass the header through unchanged.
            out.extend_from_slice(&rest[..8]);
            at += 8;
            continue;
        }
        let frame = &rest[..size];
        let doff = (frame[4] as usize) * 4;
        match (doff >= 8 && doff < size)
            .then(|| pad_body(&frame[doff..]))
            .flatten()
        {
            Some(body) => {
                out.extend_from_slice(&((doff + body.len()) as u32).to_be_bytes());
                out.extend_from_slice(&frame[4..doff]);
                out.extend_from_slice(&body);
            }
            None => out.extend_from_slice(frame),
        }
        at += size;
    }
    input.drain(..at);
}

/// A stream whose outgoing AMQP frames are padded to full field lists; reads pass through.
#[derive(Debug)]
pub struct FullFrames<S> {
    inner: S,
    pending: Vec<u8>,
    out: Vec<u8>,
}

impl<S> FullFrames<S> {
    pub fn new(inner: S) -> Self {
        Self {
            inner,
            pending: Vec::new(),
            out: Vec::new(),
        }
    }
}

impl<S: AsyncWrite + Unpin> FullFrames<S> {
    /// Write as much of `out` as the socket takes.
    fn drain_out(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while !self.out.is_empty() {
            let n = ready!(Pin::new(&mut self.inner).poll_write(cx, &self.out))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.out.drain(..n);
        }
        Poll::Ready(Ok(()))
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for FullFrames<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

/// Above this many unsent bytes, writes wait for the socket.
const HIGH_WATER: usize = 1 << 20;

impl<S: AsyncWrite + Unpin> AsyncWrite for FullFrames<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        if this.out.len() > HIGH_WATER {
            ready!(this.drain_out(cx))?;
        }
        this.pending.extend_from_slice(buf);
        process(&mut this.pending, &mut this.out);
        // Opportunistic: push what we can now; the rest goes on flush.
        if let Poll::Ready(Err(e)) = this.drain_out(cx) {
            return Poll::Ready(Err(e));
        }
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.drain_out(cx))?;
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.drain_out(cx))?;
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &[u8]) -> Vec<u8> {
        let mut f = ((8 + body.len()) as u32).to_be_bytes().to_vec();
        f.extend_from_slice(&[2, 0, 0, 0]);
        f.extend_from_slice(body);
        f
    }

    #[test]
    fn short_open_is_padded_to_ten_fields() {
        // open(container-id "a") as fe2o3 writes it: one field.
        let body = [0x00, 0x53, 0x10, 0xc0, 0x04, 0x01, 0xa1, 0x01, b'a'];
        let mut input = b"AMQP\x00\x01\x00\x00".to_vec();
        input.extend(frame(&body));
        let mut out = Vec::new();
        process(&mut input, &mut out);
        assert!(input.is_empty());
        assert_eq!(&out[..8], b"AMQP\x00\x01\x00\x00");
        let f = &out[8..];
        assert_eq!(
            u32::from_be_bytes(f[..4].try_into().unwrap()) as usize,
            f.len()
        );
        assert_eq!(&f[8..11], &[0x00, 0x53, 0x10]);
        assert_eq!(f[11], 0xc0);
        assert_eq!(f[13], 10, "ten fields");
        assert!(f[17..].iter().all(|b| *b == 0x40));
        assert_eq!(f[17..].len(), 9);
    }

    #[test]
    fn transfer_payload_stays_after_the_padded_list() {
        // transfer(handle 0, delivery-id 0) + payload bytes.
        let mut body = vec![0x00, 0x53, 0x14, 0xc0, 0x03, 0x02, 0x43, 0x43];
        body.extend_from_slice(b"PAYLOAD");
        let mut input = frame(&body);
        let mut out = Vec::new();
        process(&mut input, &mut out);
        assert_eq!(out[13], 11);
        assert!(out.ends_with(b"PAYLOAD"));
        assert_eq!(out.len(), 8 + 3 + 3 + 11 + 7);
    }

    #[test]
    fn partial_frames_wait_and_heartbeats_pass() {
        let body = [0x00, 0x53, 0x17, 0x45]; // end, list0
        let f = frame(&body);
        let mut input = f[..5].to_vec();
        let mut out = Vec::new();
        process(&mut input, &mut out);
        assert!(out.is_empty());
        input.extend_from_slice(&f[5..]);
        input.extend_from_slice(&[0, 0, 0, 8, 2, 0, 0, 0]); // heartbeat
        process(&mut input, &mut out);
        assert_eq!(
            &out[11..],
            &[0xc0, 0x02, 0x01, 0x40, 0, 0, 0, 8, 2, 0, 0, 0]
        );
    }
}

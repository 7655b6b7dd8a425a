//! Pure parsing for the Event Hubs AMQP surface: link addresses (`<hub>/ConsumerGroups/<cg>/
//! Partitions/<id>`, with or without the `amqps://fqdn/` prefix) and the selector-filter
//! expressions clients send to choose where a receiver starts. No I/O.

/// What a link address names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Address {
    /// `$cbs` (claims-based security: put-token).
    Cbs,
    /// `$management` (READ hub / partition properties).
    Management,
    /// A consumer: hub, consumer group, partition id.
    Consumer {
        hub: String,
        consumer_group: String,
        partition: String,
    },
    /// A producer: hub and optional partition.
    Producer {
        hub: String,
        partition: Option<String>,
    },
}

/// The path part of an address: drop `scheme://authority/` if present, and surrounding `/`.
fn path_of(address: &str) -> &str {
    let rest = match address.find("://") {
        Some(i) => {
            let after = &address[i + 3..];
            after.find('/').map(|j| &after[j..]).unwrap_or("")
        }
        None => address,
    };
    rest.trim_matches('/')
}

/// Parse a link address; None when it is not one the emulator serves.
pub fn parse(address: &str) -> Option<Address> {
    let path = path_of(address);
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    match segs.last() {
        Some(&"$cbs") => return Some(Address::Cbs),
        Some(&"$management") => return Some(Address::Management),
        _ => {}
    }
    match segs.as_slice() {
        [hub] => Some(Address::Producer {
            hub: hub.to_string(),
            partition: None,
        }),
        [hub, p, id] if p.eq_ignore_ascii_case("Partitions") => Some(Address::Producer {
            hub: hub.to_string(),
            partition: Some(id.to_string()),
        }),
        [hub, c, cg, p, id]
            if c.eq_ignore_ascii_case("ConsumerGroups") && p.eq_ignore_ascii_case("Partitions") =>
        {
            Some(Address::Consumer {
                hub: hub.to_string(),
                consumer_group: cg.to_string(),
                partition: id.to_string(),
            })
        }
        _ => None,
    }
}

/// Where a receiver starts, as the selector filter says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Start {
    /// `x-opt-offset`: `-1` = the beginning, `@latest` = only new events.
    Offset {
        offset: String,
        inclusive: bool,
    },
    SequenceNumber {
        seq: i64,
        inclusive: bool,
    },
    /// Epoch milliseconds.
    EnqueuedTime {
        ms: i64,
        inclusive: bool,
    },
}

/// Why a selector cannot be honoured (the link is refused with this text).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unsupported selector filter {0:?}: expected amqp.annotation.x-opt-offset|x-opt-sequence-number|x-opt-enqueued-time >[=] 'value'"
)]
pub struct FilterError(pub String);

/// Parse `amqp.annotation.x-opt-offset > '-1'` and friends.
pub fn parse_selector(expr: &str) -> Result<Start, FilterError> {
    let bad = || FilterError(expr.to_string());
    let e = expr.trim();
    let key_end = e
        .find(|c: char| c.is_whitespace() || c == '>')
        .ok_or_else(bad)?;
    let key = e[..key_end].to_ascii_lowercase();
    let rest = e[key_end..].trim_start();
    let (inclusive, value) = if let Some(v) = rest.strip_prefix(">=") {
        (true, v)
    } else if let Some(v) = rest.strip_prefix('>') {
        (false, v)
    } else {
        return Err(bad());
    };
    let value = value
        .trim()
        .trim_matches('\'')
        .trim_matches('"')
        .to_string();
    let key = key.strip_prefix("amqp.annotation.").ok_or_else(bad)?;
    match key {
        "x-opt-offset" => Ok(Start::Offset {
            offset: value,
            inclusive,
        }),
        "x-opt-sequence-number" => Ok(Start::SequenceNumber {
            seq: value.parse().map_err(|_| bad())?,
            inclusive,
        }),
        "x-opt-enqueued-time" | "x-opt-enqueuedtimeutc" => Ok(Start::EnqueuedTime {
            ms: value.parse().map_err(|_| bad())?,
            inclusive,
        }),
        _ => Err(bad()),
    }
}

/// The facts [`resolve`] needs about a partition.
pub trait PartitionView {
    /// Highest sequence number, -1 when empty.
    fn last_sequence(&self) -> i64;
    /// First sequence number enqueued at or after `ms`, if any.
    fn first_at_or_after(&self, ms: i64) -> Option<i64>;
}

/// The sequence number after which delivery starts (deliver `seq > after`).
pub fn resolve(start: &Start, p: &dyn PartitionView) -> Result<i64, FilterError> {
    Ok(match start {
        Start::Offset { offset, .. } if offset == "-1" => -1,
        Start::Offset { offset, .. } if offset == "@latest" => p.last_sequence(),
        Start::Offset { offset, inclusive } => {
            // The emulator's offsets are the sequence numbers as text.
            let o: i64 = offset.parse().map_err(|_| {
                FilterError(format!(
                    "offset {offset:?} is not an offset of this emulator"
                ))
            })?;
            if *inclusive { o - 1 } else { o }
        }
        Start::SequenceNumber { seq, inclusive } => {
            if *inclusive {
                seq - 1
            } else {
                *seq
            }
        }
        Start::EnqueuedTime { ms, inclusive } => {
            let from = if *inclusive {
                *ms
            } else {
                ms.saturating_add(1)
            };
            match p.first_at_or_after(from) {
                Some(seq) => seq - 1,
                None => p.last_sequence(),
            }
        }
    }
    .max(-1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_with_and_without_prefix() {
        let c = Address::Consumer {
            hub: "deviceevents".into(),
            consumer_group: "$Default".into(),
            partition: "2".into(),
        };
        assert_eq!(
            parse(
                "amqps://x.servicebus.windows.net/deviceevents/ConsumerGroups/$Default/Partitions/2"
            ),
            Some(c.clone())
        );
        assert_eq!(
            parse("deviceevents/consumergroups/$Default/partitions/2"),
            Some(c)
        );
        assert_eq!(parse("$cbs"), Some(Address::Cbs));
        assert_eq!(
            parse("amqps://h:5672/hub/$management"),
            Some(Address::Management)
        );
        assert_eq!(
            parse("amqps://127.0.0.1:5672/hub"),
            Some(Address::Producer {
                hub: "hub".into(),
                partition: None
            })
        );
        assert_eq!(
            parse("hub/Partitions/1"),
            Some(Address::Producer {
                hub: "hub".into(),
                partition: Some("1".into())
            })
        );
        assert_eq!(parse("a/b/c/d"), None);
    }

    #[test]
    fn selectors() {
        assert_eq!(
            parse_selector("amqp.annotation.x-opt-offset > '-1'").unwrap(),
            Start::Offset {
                offset: "-1".into(),
                inclusive: false
            }
        );
        assert_eq!(
            parse_selector("amqp.annotation.x-opt-sequence-number >='7'").unwrap(),
            Start::SequenceNumber {
                seq: 7,
                inclusive: true
            }
        );
        assert_eq!(
            parse_selector("amqp.annotation.x-opt-enqueuedtimeutc > 1700000000000").unwrap(),
            Start::EnqueuedTime {
                ms: 1_700_000_000_000,
                inclusive: false
            }
        );
        assert!(parse_selector("amqp.annotation.x-opt-offset < '1'").is_err());
        assert!(parse_selector("amqp.annotation.x-opt-sequence-number > 'x'").is_err());
    }

    struct P(i64, Vec<(i64, i64)>);
    impl PartitionView for P {
        fn last_sequence(&self) -> i64 {
            self.0
        }
        fn first_at_or_after(&self, ms: i64) -> Option<i64> {
            self.1.iter().find(|(_, t)| *t >= ms).map(|(s, _)| *s)
        }
    }

    #[test]
    fn resolving_positions() {
        let p = P(4, vec![(0, 100), (1, 100), (2, 200), (3, 300), (4, 300)]);
        let r = |s: &str| resolve(&parse_selector(s).unwrap(), &p).unwrap();
        assert_eq!(r("amqp.annotation.x-opt-offset > '-1'"), -1);
        assert_eq!(r("amqp.annotation.x-opt-offset > '@latest'"), 4);
        assert_eq!(r("amqp.annotation.x-opt-offset > '2'"), 2);
        assert_eq!(r("amqp.annotation.x-opt-offset >= '2'"), 1);
        assert_eq!(r("amqp.annotation.x-opt-sequence-number > '0'"), 0);
        assert_eq!(r("amqp.annotation.x-opt-sequence-number >= '0'"), -1);
        assert_eq!(r("amqp.annotation.x-opt-enqueued-time >= '200'"), 1);
        assert_eq!(r("amqp.annotation.x-opt-enqueued-time > '200'"), 2);
        assert_eq!(r("amqp.annotation.x-opt-enqueued-time > '999'"), 4);
        assert!(
            resolve(
                &parse_selector("amqp.annotation.x-opt-offset > 'zz'").unwrap(),
                &p
            )
            .is_err()
        );
    }
}

//! Owner levels (epochs) on Event Hubs receivers, as the service enforces them and as
//! Microsoft's event processors use them: a receiver with an owner level displaces plain
//! receivers and those of an equal or lower level, plain receivers are refused beside it, and a
//! displaced twinbridge receiver stops instead of taking the partition back.
use super::eventhubs::source_for;
use super::support::*;
use serde_json::json;
use std::time::Duration;
use twinbridge::events::eventhubs::{EventHubsSource, PartitionReceiver, StartPosition};
use twinbridge::events::{Event, EventsError};

const HUB: &str = "deviceevents";

fn events(emu: &twinbridge::emulator::Emulator, from: i64, n: i64) {
    let batch: Vec<Event> = (from..from + n)
        .map(|i| Event::json(&json!({ "n": i })))
        .collect();
    emu.events.append(HUB, Some(0), None, batch).unwrap();
}

/// Receive until `n` events arrived (panics on a receiver error or after 20 s).
async fn take(rx: &mut PartitionReceiver, n: usize) -> Vec<i64> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    let mut out = Vec::new();
    while out.len() < n {
        assert!(tokio::time::Instant::now() < deadline, "got only {out:?}");
        let batch = rx
            .next_batch(n - out.len(), Duration::from_millis(200))
            .await
            .expect("receiver alive");
        out.extend(batch.iter().filter_map(|e| e.sequence_number));
    }
    out
}

/// Wait until the receiver ends because another one took the partition.
async fn displaced(rx: &mut PartitionReceiver) -> String {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        assert!(tokio::time::Instant::now() < deadline, "never displaced");
        match rx.next_batch(100, Duration::from_millis(200)).await {
            Ok(_) => continue,
            Err(EventsError::TakenOver { message, .. }) => {
                assert!(rx.taken_over());
                return message;
            }
            Err(other) => panic!("ended otherwise: {other}"),
        }
    }
}

async fn open(source: &EventHubsSource, level: Option<i64>) -> PartitionReceiver {
    source
        .open_partition_with("0", StartPosition::Earliest, level)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn owner_levels_follow_the_service_rules() {
    super::eventhubs::trace();
    let emu = emulator().await;
    let source = source_for(&emu, HUB).await;
    events(&emu, 0, 3);
    let mut plain = open(&source, None).await;
    assert_eq!(take(&mut plain, 3).await, [0, 1, 2]);

    // A processor-style receiver (owner level 0) displaces the plain one.
    let mut owner = open(&source, Some(0)).await;
    assert_eq!(take(&mut owner, 3).await, [0, 1, 2]);
    let why = displaced(&mut plain).await;
    assert!(why.contains("epoch"), "{why}");

    // A plain receiver cannot read beside it; the owner keeps receiving.
    let mut late = open(&source, None).await;
    displaced(&mut late).await;
    events(&emu, 3, 1);
    assert_eq!(take(&mut owner, 1).await, [3]);

    // Another consumer group is another reader altogether.
    let other_cfg = twinbridge::events::eventhubs::EventHubsConfig::from_connection_string(
        &emu.eventhubs_connection_string(HUB),
        None,
    )
    .unwrap()
    .with_consumer_group("other");
    let other = EventHubsSource::connect(other_cfg).await.unwrap();
    let mut beside = open(&other, None).await;
    assert_eq!(take(&mut beside, 4).await, [0, 1, 2, 3]);

    // A receiver of a lower level is refused; one of an equal level (another processor that
    // claimed the partition) displaces the first owner, which does not take it back.
    let mut lower = open(&source, Some(-1)).await;
    let why = displaced(&mut lower).await;
    assert!(why.contains("higher epoch"), "{why}");
    let mut second = open(&source, Some(0)).await;
    assert_eq!(take(&mut second, 4).await, [0, 1, 2, 3]);
    displaced(&mut owner).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    events(&emu, 4, 1);
    assert_eq!(
        take(&mut second, 1).await,
        [4],
        "the displaced owner stayed away"
    );
    assert!(matches!(
        owner.next_batch(10, Duration::from_millis(100)).await,
        Err(EventsError::TakenOver { .. })
    ));
    emu.stop().await;
}

//! Coalescer unit tests: newest value per path, one PATCH in flight per twin, never an older
//! value after a newer one, lost partitions forgotten.
use super::*;
use serde_json::json;

fn upd(path: &str, v: f64) -> PropertyUpdate {
    PropertyUpdate {
        path: path.into(),
        value: json!(v),
        op: Op::Add,
        source_time: None,
    }
}

fn pos_in(p: &str, n: i64) -> Position {
    Position {
        partition: p.into(),
        sequence_number: n,
        offset: None,
    }
}

fn pos(n: i64) -> Position {
    pos_in("0", n)
}

fn key(t: i64, p: &str, n: i64) -> OrderKey {
    (t, p.into(), n)
}

fn seqs(ps: &[Position]) -> Vec<i64> {
    let mut v: Vec<i64> = ps.iter().map(|p| p.sequence_number).collect();
    v.sort();
    v
}

#[test]
fn latest_value_per_path_wins_one_patch_per_twin() {
    let mut c = Coalescer::new(Duration::from_millis(100));
    for n in 0..100 {
        c.add(
            &format!("t{}", n % 10),
            vec![upd("/Temperature", n as f64)],
            key(1000 + n, "0", n),
            pos(n),
        );
    }
    // an older event arriving late must not overwrite a newer value
    c.add(
        "t3",
        vec![upd("/Temperature", -1.0)],
        key(500, "1", 0),
        pos(1000),
    );
    let patches = c.drain_ready(Instant::now()).patches;
    assert_eq!(patches.len(), 10);
    let t3 = patches.iter().find(|p| p.twin == "t3").unwrap();
    assert_eq!(t3.ops(), vec![PatchOp::add("/Temperature", json!(93.0))]);
    assert_eq!(t3.events().len(), 11);
    assert!(c.is_empty());
}

#[test]
fn per_twin_rate_and_one_patch_in_flight_per_twin() {
    let mut c = Coalescer::new(Duration::from_millis(100));
    let t0 = Instant::now();
    c.add("t", vec![upd("/a", 1.0)], key(1, "0", 1), pos(1));
    let first = c.drain_ready(t0).patches;
    assert_eq!(first.len(), 1);
    c.add("t", vec![upd("/a", 2.0)], key(2, "0", 2), pos(2));
    assert!(
        c.drain_ready(t0 + Duration::from_millis(50))
            .patches
            .is_empty(),
        "too soon for this twin"
    );
    assert!(
        c.drain_ready(t0 + Duration::from_secs(1))
            .patches
            .is_empty(),
        "the first PATCH is still in flight"
    );
    c.finished("t");
    let again = c.drain_ready(t0 + Duration::from_secs(1)).patches;
    assert_eq!(again[0].ops(), vec![PatchOp::add("/a", json!(2.0))]);
}

#[test]
fn an_older_value_is_never_sent_after_a_newer_one_was_written() {
    let mut c = Coalescer::new(Duration::ZERO);
    let now = Instant::now();
    c.add("t", vec![upd("/a", 5.0)], key(5, "0", 5), pos(5));
    let p = c.drain_ready(now).patches.remove(0);
    // while it is in flight, an older value arrives (a late event or a held-back retry)
    c.add(
        "t",
        vec![upd("/a", 3.0), upd("/b", 3.0)],
        key(3, "0", 3),
        pos(3),
    );
    c.written(&p, &p.slots[0]);
    c.finished("t");
    let d = c.drain_ready(now);
    assert_eq!(d.patches.len(), 1);
    assert_eq!(
        d.patches[0].ops(),
        vec![PatchOp::add("/b", json!(3.0))],
        "/a is not written back to the older value"
    );
    assert!(d.superseded.is_empty(), "event 3 still waits on /b");
    // once written, an older event is done at once without a write
    assert!(!c.add("t", vec![upd("/a", 1.0)], key(1, "0", 1), pos(1)));
    assert!(c.add("t", vec![upd("/a", 6.0)], key(6, "0", 6), pos(6)));
}

#[test]
fn a_value_superseded_by_one_written_meanwhile_is_done_without_a_write() {
    let mut c = Coalescer::new(Duration::ZERO);
    let now = Instant::now();
    c.add("t", vec![upd("/a", 5.0)], key(5, "0", 5), pos(5));
    let p = c.drain_ready(now).patches.remove(0);
    c.add("t", vec![upd("/a", 4.0)], key(4, "0", 4), pos(4));
    c.written(&p, &p.slots[0]);
    c.finished("t");
    let d = c.drain_ready(now);
    assert!(d.patches.is_empty());
    assert_eq!(seqs(&d.superseded), vec![4]);
}

#[test]
fn a_lost_partition_is_forgotten_and_never_written() {
    let mut c = Coalescer::new(Duration::ZERO);
    let now = Instant::now();
    // twin u: in flight with a value from partition 1
    c.add("u", vec![upd("/a", 9.0)], key(9, "1", 8), pos_in("1", 8));
    let mut in_flight = c.drain_ready(now).patches.remove(0);
    // twin t: /a newest from partition 1 (older from 0); /b only from partition 0
    c.add(
        "t",
        vec![upd("/a", 1.0), upd("/b", 1.0)],
        key(1, "0", 1),
        pos_in("0", 1),
    );
    c.add("t", vec![upd("/a", 2.0)], key(2, "1", 7), pos_in("1", 7));
    c.written(&in_flight, &in_flight.slots[0].clone());
    c.finished("u");
    let done = c.drop_partition("1");
    assert!(done.is_empty(), "event 0/1 still waits on /b");
    let d = c.drain_ready(now);
    assert_eq!(d.patches.len(), 1);
    assert_eq!(
        d.patches[0].ops(),
        vec![PatchOp::add("/b", json!(1.0))],
        "the lost partition's /a is not sent, nor the older value it superseded"
    );
    assert_eq!(d.patches[0].events(), vec![pos_in("0", 1)]);
    // what was written from partition 1 stays known: an older value from another partition
    // does not go out over it
    assert!(!c.add("u", vec![upd("/a", 3.0)], key(3, "0", 3), pos_in("0", 3)));
    // a patch drained before the loss sheds the lost partition's values before it is sent
    assert!(c.prune_lost(&mut in_flight).is_empty());
    assert!(in_flight.slots.is_empty());
}

#[test]
fn source_time_paths() {
    assert_eq!(
        source_time_path("/Temperature"),
        "/$metadata/Temperature/sourceTime"
    );
    assert_eq!(
        source_time_path("/fan/rpm"),
        "/fan/$metadata/rpm/sourceTime"
    );
}

"""The official azure-eventhub (pyamqp) producer and consumer against the twinbridge emulator.

Usage:
  python eventhubs_peer.py send CONNECTION_STRING COUNT
      sends COUNT events to partition "1" as one batch (message format 0x80013700), then one
      single event with partition key "py-device"; prints {"sent": N, "partition_ids": [...]}
  python eventhubs_peer.py receive CONNECTION_STRING PARTITION COUNT
      reads COUNT events from PARTITION starting at the beginning ("-1"), prints them as JSON
      lines, then a summary {"received": N, "last_enqueued_sequence_number": S}
The connection string carries EntityPath and UseDevelopmentEmulator=true (plain AMQP).
Exits non-zero with the failing check when the emulator answers differently from Event Hubs.
"""
import json
import sys
import threading

from azure.eventhub import EventData, EventHubConsumerClient, EventHubProducerClient


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def send(cs, count):
    producer = EventHubProducerClient.from_connection_string(cs, retry_total=2)
    with producer:
        ids = producer.get_partition_ids()
        check(len(ids) >= 2, f"partition ids {ids}")
        props = producer.get_eventhub_properties()
        check(props["partition_ids"] == ids, f"eventhub properties {props}")
        batch = producer.create_batch(partition_id="1")
        for i in range(count):
            ev = EventData(json.dumps({"Temperature": 20 + i}))
            ev.content_type = "application/json"
            ev.message_id = f"py-{i}"
            ev.properties = {"dtId": "py-twin", "n": i, "source": "python"}
            batch.add(ev)
        producer.send_batch(batch)
        single = EventData(b"plain text body")
        single.properties = {"kind": "single"}
        producer.send_batch([single], partition_key="py-device")
    print(json.dumps({"sent": count + 1, "partition_ids": ids}), flush=True)


def plain(d):
    out = {}
    for k, v in (d or {}).items():
        out[k.decode() if isinstance(k, bytes) else k] = v.decode() if isinstance(v, bytes) else v
    return out


def receive(cs, partition, count):
    consumer = EventHubConsumerClient.from_connection_string(cs, consumer_group="$Default", retry_total=2)
    pprops = consumer.get_partition_properties(partition)
    got = []

    def on_event(ctx, event):
        if event is None or len(got) >= count:
            return
        got.append(
            {
                "body": event.body_as_str(encoding="utf-8"),
                "properties": plain(event.properties),
                "system_properties": plain(event.system_properties),
                "sequence_number": event.sequence_number,
                "offset": event.offset,
                "partition": ctx.partition_id,
                "content_type": event.content_type,
            }
        )
        if len(got) >= count:
            threading.Thread(target=consumer.close, daemon=True).start()

    # receive() blocks until close(); close on a timer too so a missing event fails, not hangs.
    timer = threading.Timer(60, consumer.close)
    timer.daemon = True
    timer.start()
    consumer.receive(on_event=on_event, partition_id=partition, starting_position="-1", max_wait_time=1)
    timer.cancel()
    check(len(got) >= count, f"received {len(got)} of {count}")
    seqs = [g["sequence_number"] for g in got]
    check(seqs == sorted(seqs), f"in order: {seqs}")
    for g in got:
        print(json.dumps(g, default=str), flush=True)
    print(json.dumps({"received": len(got),
                      "last_enqueued_sequence_number": pprops["last_enqueued_sequence_number"]}), flush=True)


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "send":
        send(sys.argv[2], int(sys.argv[3]))
    elif mode == "receive":
        receive(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        raise SystemExit(f"unknown mode {mode!r}")

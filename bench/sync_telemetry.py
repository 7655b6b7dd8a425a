"""Driver of bench/sync_telemetry.sh (see there for the knobs). Prints tables; asserts nothing.

Phases, one emulator (--latency 20ms --enforce-limits), one event stream:
  1. live: a generator POSTs NDJSON batches to the deviceevents inject URL at DEVICES*RATE
     events/s for DURATION s while `sync-telemetry --until-idle` (default flags) consumes them.
  2. replay, twinbridge: the same stream from the hub's start (fresh checkpoints) at full speed,
     capped at WINDOW s: the throughput twinbridge has when it is not waiting for events.
  3. replay, sample's way: `--flush-interval 0 --concurrency 1`, fresh checkpoints, capped at
     WINDOW s.
Lag is measured on the twins: a sampler GETs twins round-robin and compares
$metadata.Temperature.lastUpdateTime with the enqueued time of the event that carried that
value (each device sends 1.0, 2.0, 3.0, ... so a value names its event). For the replays the lag
is virtual: as if the replay had started when the stream did (time since the replay started
minus the event's offset into the stream) -- for a consumer slower than the stream this equals
its live lag.
"""
import json
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(__file__))
import benchlib as B  # noqa: E402

tb = os.environ.get("TWINBRIDGE_BIN", "target/release/twinbridge")
N = int(os.environ.get("DEVICES", 1000))
RATE = float(os.environ.get("RATE", 10))
DURATION = float(os.environ.get("DURATION", 60))
WINDOW = int(os.environ.get("WINDOW", 60))
IDLE = float(os.environ.get("IDLE", 3))
# LIVE_IDLE=S: run the live consumer with --until-idle S (checks that it does not stop while
# the stream is still flowing); unset: no --until-idle, stopped once every twin is current.
LIVE_IDLE = os.environ.get("LIVE_IDLE")
LIVE_CAP = float(os.environ.get("LIVE_CAP", 900))
TICK = 0.1
work = os.environ["WORK"]

ids = [f"thermostat-{i:05d}" for i in range(N)]
enq = [dict() for _ in range(N)]  # device index -> {value k: enqueued ms}
enq_lock = threading.Lock()


class Generator(threading.Thread):
    """POSTs one NDJSON batch per TICK (DEVICES*RATE*TICK events) on a fixed schedule."""

    def __init__(self, http, path):
        super().__init__(daemon=True)
        self.http, self.path = http, path
        self.sent = 0
        self.acked = 0
        self.late_ticks = 0
        self.first_ack = None
        self.last_ack = None
        self.start_t = None
        self.end_t = None
        self.last_values = [0] * N
        self.errors = 0

    def post(self, batch):
        lines = "\n".join(line for _, _, line in batch) + "\n"
        status, _, data = self.http.request("POST", self.path, lines,
                                            {"Content-Type": "application/x-ndjson"})
        now = time.time()
        if status != 200:
            self.errors += 1
            B.log(f"inject: HTTP {status}: {data[:200]!r}")
            return
        got = json.loads(data)["events"]
        with enq_lock:
            for (d, k, _), pos in zip(batch, got):
                enq[d][k] = B.parse_time_ms(pos["enqueued_time"])
            self.acked += len(got)
            self.first_ack = self.first_ack or now
            self.last_ack = now

    def run(self):
        per_tick = N * RATE * TICK
        seq = [0] * N
        cursor, carry = 0, 0.0
        ticks = int(round(DURATION / TICK))
        self.start_t = time.time()
        with ThreadPoolExecutor(4) as pool:
            for t in range(ticks):
                due = self.start_t + t * TICK
                delay = due - time.time()
                if delay > 0:
                    time.sleep(delay)
                elif delay < -TICK:
                    self.late_ticks += 1
                carry += per_tick
                n, carry = int(carry), carry - int(carry)
                batch = []
                for _ in range(n):
                    d = cursor
                    cursor = (cursor + 1) % N
                    seq[d] += 1
                    k = seq[d]
                    did = ids[d]
                    batch.append((d, k, (
                        '{"body":{"Temperature":%d.0},"content_type":"application/json",'
                        '"content_encoding":"utf-8","properties":{"dtId":"%s"},'
                        '"system_properties":{"iothub-connection-device-id":"%s",'
                        '"iothub-message-source":"Telemetry"}}') % (k, did, did)))
                self.sent += n
                pool.submit(self.post, batch)
        self.end_t = time.time()
        self.last_values = seq


class Sampler(threading.Thread):
    """GETs twins round-robin; records (device, value, lastUpdateTime ms)."""

    def __init__(self, http, threads=2):
        super().__init__(daemon=True)
        self.http, self.threads = http, threads
        self.stop = threading.Event()
        self.samples = {}
        self.lock = threading.Lock()

    def worker(self, off):
        i = off
        while not self.stop.is_set():
            d = i % N
            i += self.threads
            status, _, data = self.http.request("GET", f"/digitaltwins/{ids[d]}?{B.API}")
            if status != 200:
                continue
            tw = json.loads(data)
            k = tw.get("Temperature")
            at = tw.get("$metadata", {}).get("Temperature", {}).get("lastUpdateTime")
            if k is None or at is None:
                continue
            with self.lock:
                self.samples[(d, int(k))] = B.parse_time_ms(at)

    def run(self):
        ts = [threading.Thread(target=self.worker, args=(o,), daemon=True)
              for o in range(self.threads)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()


def lags(samples, since_ms, virtual_origin=None, stream_start=None, until_ms=float("inf")):
    """Lag in seconds for each sampled update made between since_ms and until_ms."""
    out = []
    for (d, k), at in samples.items():
        if at < since_ms or at > until_ms:
            continue
        e = enq[d].get(k)
        if e is None:
            continue
        if virtual_origin is None:
            out.append((at - e) / 1000)
        else:
            out.append(((at - virtual_origin) - (e - stream_start)) / 1000)
    return out


def run_consumer(label, extra, emu, window=None, during=None, stop_when=None, idle=True):
    state = B.fresh_tempdir(work, label)
    env = dict(os.environ, XDG_STATE_HOME=state,
               TWINBRIDGE_EVENTHUB_CONNECTION_STRING=emu.hubs["deviceevents"]["connection_string"],
               TWINBRIDGE_ADT_URL=emu.adt_url)
    env.pop("TWINBRIDGE_FLUSH_INTERVAL", None)
    cmd = [tb, "sync-telemetry", "--format", "json", *extra]
    if idle:
        cmd[2:2] = ["--until-idle", f"{IDLE:g}s"]
    out = os.path.join(work, f"{label}.ndjson")
    B.log(f"{label}: {' '.join(cmd[1:])}" + (f" (window {window}s)" if window else ""))
    t = B.timed_run(cmd, env, out, os.path.join(work, f"{label}.log"), window, during,
                    stop_when=stop_when)
    s = B.summary_of(out)
    t["summary"] = s
    t["status"] = [json.loads(x) for x in open(out) if '"type":"status"' in x]
    if t.get("cut"):  # status lines every 5 s; drop those printed while stopping
        t["status"] = t["status"][:int(t["wall_s"] // 5)]
    if not s:
        B.log(f"{label}: no summary (rc {t['rc']}); see {work}/{label}.log")
    return t


def main():
    emu = B.Emulator(tb, work, ["--latency", "20ms", "--enforce-limits"])
    try:
        run(emu)
    finally:
        emu.stop()


def run(emu):
    adt = B.Http(emu.adt_url)
    B.log(f"emulator at {emu.adt_url}; uploading models, creating {N} twins")
    B.upload_models(tb, emu.adt_url)
    B.parallel(lambda i: B.create_twin(adt, i, B.THERMOSTAT, {"Temperature": 0.0}), ids)

    inject = B.Http(emu.hubs["deviceevents"]["inject_url"])
    path = "/" + emu.hubs["deviceevents"]["inject_url"].split("/", 3)[3]
    gen = Generator(inject, path)
    sampler = Sampler(B.Http(emu.adt_url))
    B.log(f"live: {N} devices x {RATE:g} events/s for {DURATION:g}s = {int(N*RATE*DURATION)} events")

    def start_stream(_p):
        time.sleep(1.0)  # let the consumer connect (until-idle counts from the first event)
        gen.start()
        sampler.start()

    check = {"at": 0.0}

    def caught_up():
        """The stream is over and every twin shows its device's last value."""
        if gen.end_t is None or gen.acked < gen.sent or time.time() - check["at"] < 2:
            return False
        check["at"] = time.time()
        return all(st == 200 and json.loads(body).get("Temperature") == float(gen.last_values[i])
                   for i, (st, _, body) in enumerate(B.parallel(
                       lambda i: adt.request("GET", f"/digitaltwins/{ids[i]}?{B.API}"), range(N))))
    # Live: no --until-idle (it may stop at a moment the consumer is caught up between two
    # batches); stopped with SIGINT once every twin shows its last value (cap: DURATION + LIVE_CAP)
    live_extra = ["--until-idle", f"{float(LIVE_IDLE):g}s"] if LIVE_IDLE else []
    live = run_consumer("twinbridge-live", live_extra, emu, DURATION + LIVE_CAP, start_stream,
                        caught_up, idle=False)
    gen.join()
    sampler.stop.set()
    sampler.join()
    live_samples = dict(sampler.samples)

    # Final state: every twin at its last value? Lag of each twin's last update.
    finals = B.parallel(lambda i: adt.json("GET", f"/digitaltwins/{ids[i]}?{B.API}"), range(N))
    correct = sum(1 for i, tw in enumerate(finals)
                  if tw.get("Temperature") == float(gen.last_values[i]))
    final_lag = [(B.parse_time_ms(tw["$metadata"]["Temperature"]["lastUpdateTime"])
                  - enq[i][gen.last_values[i]]) / 1000
                 for i, tw in enumerate(finals) if gen.last_values[i] in enq[i]]
    last_update = max(B.parse_time_ms(tw["$metadata"]["Temperature"]["lastUpdateTime"])
                      for tw in finals)
    stream_start = min(min(e.values()) for e in enq if e)
    stream_end = max(max(e.values()) for e in enq if e)
    offered = gen.acked / max((stream_end - stream_start) / 1000, 1e-9)

    results = {}
    for label, extra in (("twinbridge-replay", []),
                         ("sample-replay", ["--flush-interval", "0", "--concurrency", "1"])):
        sm = Sampler(B.Http(emu.adt_url))
        origin = {}

        def during(_p, sm=sm, origin=origin):
            origin["ms"] = time.time() * 1000
            sm.start()
        r = run_consumer(label, extra, emu, WINDOW, during)
        sm.stop.set()
        sm.join()
        r["samples"] = dict(sm.samples)
        r["origin"] = origin["ms"]
        results[label] = r

    # --- report -------------------------------------------------------------------------------
    def fig(r):
        """The counters: the summary, or for a run cut at the window its last status line."""
        if r.get("cut") and not (r is live and r["summary"]):
            return r["status"][-1] if r["status"] else {}
        return r["summary"]

    def rate(r):
        s = r["summary"]
        if r is live:  # every event applied by the last twin update
            return gen.acked / max((last_update - stream_start) / 1000, 1e-9)
        if r.get("cut"):
            # cut at the window: status lines come every 5 s; the last one before SIGINT
            # excludes the in-flight drain after it
            # events applied = patches x events per patch (events counts events read)
            last = r["status"][-1] if r["status"] else {}
            applied = (last.get("patches") or 0) * (last.get("events_per_patch") or 0)
            return applied / (5.0 * max(len(r["status"]), 1))
        el = s.get("elapsed_s", r["wall_s"])
        if not s.get("interrupted"):
            el = max(el - IDLE, 1e-9)  # until-idle waited IDLE s after the last event
        return s.get("events", 0) / el

    def stop(r):
        if r is live:
            return "all twins current" if r.get("cut") else f"exited (rc {r['rc']})"
        return f"window ({WINDOW} s)" if r.get("cut") else "--until-idle"

    def row(name, r, lag, last=None):
        s = fig(r)
        ev = s.get("events", 0)
        lp = (lambda v, p: f"{B.pct(v, p):.2f}" if v else "n/a")
        return [name, ev, f"{rate(r):.0f}", s.get("patches"), s.get("events_per_patch"),
                s.get("throttled"), lp(lag, 50), lp(lag, 99), len(lag),
                lp(last, 50) if last else "n/a", lp(last, 99) if last else "n/a",
                f"{r['cpu_s']:.1f}", f"{r['rss_mib']:.0f}",
                f"{r['wall_s']:.1f}", stop(r)]

    live_lag = lags(live_samples, stream_start)
    tr, sr = results["twinbridge-replay"], results["sample-replay"]
    tr_lag = []  # faster than the stream: a virtual lag would be negative, meaningless
    sr_lag = lags(sr["samples"], sr["origin"], sr["origin"], stream_start,
                  sr["origin"] + sr["wall_s"] * 1000)
    print(f"## sync-telemetry benchmark: {N} devices x {RATE:g} events/s x {DURATION:g} s "
          f"(emulator --latency 20ms --enforce-limits; replays capped at {WINDOW} s)")
    print(f"offered: {gen.acked} events acknowledged by the inject endpoint at {offered:.0f} "
          f"events/s (target {N*RATE:.0f}/s; {gen.late_ticks} generator ticks late, "
          f"{gen.errors} inject errors)")
    if LIVE_IDLE:
        ended = live["started"] + live["wall_s"]
        early = not live.get("cut") and gen.end_t and ended < gen.end_t
        print(f"live run with --until-idle {float(LIVE_IDLE):g}s: "
              + ("stopped with SIGINT once every twin was current" if live.get("cut") else
                 f"exited by itself (rc {live['rc']}) {ended - gen.start_t:.1f} s after the "
                 f"stream started; the stream ran {gen.end_t - gen.start_t:.1f} s"
                 + (" -- EXITED WHILE EVENTS WERE STILL ARRIVING" if early else "")))
    print(f"live run: {correct}/{N} twins end at the last value sent; lag of each twin's last "
          f"update p50 {B.pct(final_lag, 50):.2f} s, p99 {B.pct(final_lag, 99):.2f} s, "
          f"max {max(final_lag or [float('nan')]):.2f} s")
    print()
    headers = ["run", "events read", "events/s applied", "PATCH calls", "events/PATCH", "429s",
               "value age p50 s", "value age p99 s", "samples", "last-event lag p50 s",
               "last-event lag p99 s", "CPU s", "peak RSS MiB", "wall s", "stopped at"]
    print(B.table(headers, [
        row("twinbridge, live (default flags)", live, live_lag, final_lag),
        row("twinbridge, replay (default flags)", tr, tr_lag),
        row("sample's way, replay (--flush-interval 0 --concurrency 1)", sr, sr_lag),
    ]))
    print()
    t_rate, s_rate = rate(tr), rate(sr)
    tp, sp = fig(tr).get("patches") or 0, fig(sr).get("patches") or 0
    te = round(tp * (fig(tr).get("events_per_patch") or 0))  # events applied
    se = round(sp * (fig(sr).get("events_per_patch") or 0))
    print("ratio twinbridge/sample (replays, same stream): "
          f"events/s {t_rate / max(s_rate, 1e-9):.1f}x; "
          f"PATCH calls per event {(tp / max(te, 1)) / max(sp / max(se, 1), 1e-9):.4f}x; "
          f"CPU s per 1000 events {(tr['cpu_s'] / max(te, 1)) / max(sr['cpu_s'] / max(se, 1), 1e-9):.3f}x")
    out = os.environ.get("RESULT_JSON")
    if out:
        def figs(r, applied, lag=None):
            f = fig(r)
            return {"events_read": f.get("events", 0), "events_applied": applied,
                    "events_per_s": round(rate(r), 1), "patches": f.get("patches") or 0,
                    "events_per_patch": f.get("events_per_patch"),
                    "throttled": f.get("throttled"), "cpu_s": round(r["cpu_s"], 2),
                    "rss_mib": round(r["rss_mib"], 1), "wall_s": round(r["wall_s"], 1),
                    "stopped_at": stop(r),
                    "value_age_p50_s": round(B.pct(lag, 50), 2) if lag else None,
                    "value_age_p99_s": round(B.pct(lag, 99), 2) if lag else None}
        lf = fig(live)
        live_applied = round((lf.get("patches") or 0) * (lf.get("events_per_patch") or 0))
        doc = {"bench": "sync_telemetry", "devices": N, "rate": RATE, "duration_s": DURATION,
               "window_s": WINDOW, "offered": gen.acked, "offered_per_s": round(offered, 1),
               "live": dict(figs(live, live_applied, live_lag), twins_current=correct,
                            last_event_lag_p50_s=round(B.pct(final_lag, 50), 2),
                            last_event_lag_p99_s=round(B.pct(final_lag, 99), 2)),
               "twinbridge_replay": figs(tr, te), "sample_replay": figs(sr, se, sr_lag)}
        with open(out, "w") as f:
            json.dump(doc, f)
    if se < gen.acked:
        print(f"sample's way applied {se} of {gen.acked} events in {WINDOW} s: at {s_rate:.0f} "
              f"events/s the whole stream would take {gen.acked / max(s_rate, 1e-9) / 60:.0f} min; "
              "its lag grows without bound at this load")
    print("value age = twin $metadata.Temperature.lastUpdateTime - enqueued time of the event "
          "whose value was written (sampled twins; for the sample's way, one PATCH per event, this "
          "is each event's lag; replay = virtual lag, as if started with the stream). last-event "
          "lag = each twin's final update - enqueued time of its device's last event (all twins; "
          "includes waiting for the 1 s flush). events/s: live = events sent / (last twin update - "
          f"first enqueued time); until-idle replays over elapsed_s minus the {IDLE:g} s idle "
          "wait; runs cut at the window over their last 5 s status line. The live run is stopped "
          "with SIGINT once every twin shows its last value (counters from its summary).")


if __name__ == "__main__":
    main()

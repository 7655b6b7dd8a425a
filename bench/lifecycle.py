"""Driver of bench/lifecycle.sh (see there for the knobs). Prints a table; asserts nothing.

For 0 and for 10 relationships per device twin (5 outgoing `serves` to Spaces, 5 incoming
`contains` from Spaces), COUNT device twins are deleted by `twinbridge watch-lifecycle
--until-idle` (COUNT deleteDeviceIdentity events injected into a lifecycle hub beforehand) and
another COUNT by the sample's algorithm, sequentially, in this script: per device GET the twin,
list its outgoing relationships and delete each, list its incoming relationships and delete
each, delete the twin (429s retried after Retry-After, as the Azure SDK does). The sample's
version reads no events at all, which favours it.
"""
import json
import os
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(__file__))
import benchlib as B  # noqa: E402

tb = os.environ.get("TWINBRIDGE_BIN", "target/release/twinbridge")
COUNT = int(os.environ.get("COUNT", 200))
SPACES = int(os.environ.get("SPACES", 100))
IDLE = float(os.environ.get("IDLE", 2))
work = os.environ["WORK"]
RELS = (0, 10)


def q(s):
    return urllib.parse.quote(s, safe="")


def setup(adt, prefix, rels):
    ids = [f"{prefix}-{i:05d}" for i in range(COUNT)]
    B.parallel(lambda d: B.create_twin(adt, d, B.THERMOSTAT, {"Temperature": 0.0}), ids)
    if rels:
        half = rels // 2
        jobs = []
        for i, d in enumerate(ids):
            for j in range(half):
                sp = f"space-{(i * half + j) % SPACES:04d}"
                jobs.append((d, f"serves-{j}", sp, "serves"))
                jobs.append((sp, f"contains-{d}", d, "contains"))

        def put(job):
            src, rid, tgt, name = job
            adt.json("PUT", f"/digitaltwins/{q(src)}/relationships/{q(rid)}?{B.API}",
                     {"$targetId": tgt, "$relationshipName": name})
        B.parallel(put, jobs)
    return ids


def pages(adt, path):
    """All items of a paged ADT list."""
    out, url = [], path
    while url:
        v = adt.json("GET", url)
        out += v.get("value", [])
        nxt = v.get("nextLink")
        url = None
        if nxt:
            u = urllib.parse.urlsplit(nxt)
            url = u.path + ("?" + u.query if u.query else "")
    return out


def sample_delete(adt, dt_id):
    """The sample's DeleteDeviceInTwinFunc, sequential."""
    status, _, _ = adt.request("GET", f"/digitaltwins/{q(dt_id)}?{B.API}")
    if status == 404:
        return
    for r in pages(adt, f"/digitaltwins/{q(dt_id)}/relationships?{B.API}"):
        adt.json("DELETE", f"/digitaltwins/{q(dt_id)}/relationships/"
                 f"{q(r['$relationshipId'])}?{B.API}", ok=(204, 404))
    for r in pages(adt, f"/digitaltwins/{q(dt_id)}/incomingrelationships?{B.API}"):
        adt.json("DELETE", f"/digitaltwins/{q(r['$sourceId'])}/relationships/"
                 f"{q(r['$relationshipId'])}?{B.API}", ok=(204, 404))
    adt.json("DELETE", f"/digitaltwins/{q(dt_id)}?{B.API}", ok=(204, 404))


def left(adt, ids):
    return sum(1 for st in B.parallel(
        lambda d: adt.request("GET", f"/digitaltwins/{q(d)}?{B.API}")[0], ids) if st == 200)


def inject_deletes(emu, hub, ids):
    url = emu.hubs[hub]["inject_url"]
    http = B.Http(url)
    path = "/" + url.split("/", 3)[3]
    lines = "".join(json.dumps({
        "body": {"deviceId": d, "tags": {"dtId": d}},
        "content_type": "application/json", "content_encoding": "utf-8",
        "properties": {"opType": "deleteDeviceIdentity", "deviceId": d, "hubName": "bench",
                       "iothub-message-schema": "deviceLifecycleNotification"},
        "system_properties": {"iothub-connection-device-id": d,
                              "iothub-message-source": "deviceLifecycleEvents"},
    }) + "\n" for d in ids)
    status, _, data = http.request("POST", path, lines, {"Content-Type": "application/x-ndjson"})
    if status != 200:
        raise RuntimeError(f"inject into {hub}: HTTP {status}: {data[:300]!r}")


def main():
    hubs = [a for r in RELS for a in ("--hub", f"lifecycle-rel{r}:4")]
    emu = B.Emulator(tb, work, ["--latency", "20ms", "--enforce-limits", *hubs])
    try:
        run(emu)
    finally:
        emu.stop()


def run(emu):
    adt = B.Http(emu.adt_url)
    B.upload_models(tb, emu.adt_url)
    B.parallel(lambda i: B.create_twin(adt, f"space-{i:04d}", B.SPACE), range(SPACES))
    rows = []
    results = []
    for rels in RELS:
        B.log(f"{rels} relationships: creating 2 x {COUNT} device twins")
        tb_ids = setup(adt, f"tb{rels}", rels)
        sa_ids = setup(adt, f"sa{rels}", rels)
        hub = f"lifecycle-rel{rels}"
        inject_deletes(emu, hub, tb_ids)

        state = B.fresh_tempdir(work, f"state-{rels}")
        env = dict(os.environ, XDG_STATE_HOME=state, TWINBRIDGE_ADT_URL=emu.adt_url,
                   TWINBRIDGE_EVENTHUB_CONNECTION_STRING=emu.hubs[hub]["connection_string"])
        cmd = [tb, "watch-lifecycle", "--until-idle", f"{IDLE:g}s", "--format", "json",
               "--allow-model", B.THERMOSTAT]
        B.log(f"{rels} relationships: {' '.join(cmd[1:])}")
        out = os.path.join(work, f"watch-{rels}.ndjson")
        t = B.timed_run(cmd, env, out, out + ".log")
        s = B.summary_of(out)
        el = max(s.get("elapsed_s", t["wall_s"]) - IDLE, 1e-9)
        acts = [json.loads(x) for x in open(out) if '"type":"action"' in x]
        if acts:  # from the start of the first action to the end of the last
            ends = [B.parse_time_ms(a["time"]) for a in acts]
            starts = [e - a.get("duration_ms", 0) for e, a in zip(ends, acts)]
            el = max((max(ends) - min(starts)) / 1000, 1e-9)
        handled = (s.get("deleted") or 0) + (s.get("gone") or 0)
        rows.append([f"twinbridge watch-lifecycle, {rels} rels", s.get("events"), handled,
                     f"{el:.1f}", f"{handled / el:.1f}", left(adt, tb_ids),
                     f"{t['cpu_s']:.1f}", f"{t['rss_mib']:.0f}"])
        tb_rate, tb_el = handled / el, el

        B.log(f"{rels} relationships: the sample's algorithm, sequential")
        sadt = B.Http(emu.adt_url)
        t0 = time.time()
        for d in sa_ids:
            sample_delete(sadt, d)
        el = time.time() - t0
        rows.append([f"sample's algorithm (sequential), {rels} rels", COUNT, COUNT,
                     f"{el:.1f}", f"{COUNT / el:.1f}", left(adt, sa_ids), "-", "-"])
        results.append({"relationships": rels, "count": COUNT,
                        "twinbridge": {"events": s.get("events"), "deleted": handled,
                                       "seconds": round(tb_el, 3),
                                       "deletes_per_s": round(tb_rate, 2),
                                       "twins_left": rows[-2][5], "cpu_s": t["cpu_s"],
                                       "rss_mib": round(t["rss_mib"], 1)},
                        "sample": {"deleted": COUNT, "seconds": round(el, 3),
                                   "deletes_per_s": round(COUNT / el, 2),
                                   "twins_left": rows[-1][5], "adt_calls": sadt.calls,
                                   "throttled": sadt.throttled}})
        rows.append([f"ratio twinbridge/sample, {rels} rels", "", "", "",
                     f"{tb_rate / (COUNT / el):.1f}x", "", "", ""])
        B.log(f"sample: {sadt.calls} ADT calls, {sadt.throttled} x 429")

    out = os.environ.get("RESULT_JSON")
    if out:
        with open(out, "w") as f:
            json.dump({"bench": "lifecycle", "count": COUNT, "spaces": SPACES,
                       "rows": results}, f)
    print(f"## watch-lifecycle benchmark: {COUNT} device twins per row, emulator --latency 20ms "
          f"--enforce-limits; relationships: half outgoing `serves` to, half incoming "
          f"`contains` from {SPACES} Spaces")
    print()
    print(B.table(["run", "events", "twins deleted", "seconds", "deletes/s", "twins left",
                   "CPU s", "peak RSS MiB"], rows))
    print()
    print("seconds: twinbridge = from the start of its first delete to the end of its last (the "
          "action lines' time and duration_ms; start-up, connecting and the --until-idle wait "
          "excluded); sample = wall time of its loop (reads no events)")


if __name__ == "__main__":
    main()

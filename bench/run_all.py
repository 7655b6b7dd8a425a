"""Driver of bench/run-all.sh: builds the release binary and the allocate bench once, runs the
pipeline benchmarks against the emulator and prints ONE table of figures, each with its ratio
against the sample's algorithm measured in the same invocation. Asserts nothing.

    bench/run-all.sh [--quick] [--json] [--only sync,lifecycle,allocate,models,simulate]

Every sub-benchmark stays runnable on its own (bench/*.sh, cargo bench --bench allocate); here
each writes its figures as JSON (RESULT_JSON / --json) and its own detailed tables go to
target/bench-results/<time>/ (printed on stderr).
"""
import argparse
import datetime
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REALISM = "--latency 20ms --enforce-limits"

# Sizes per mode. quick: the whole run in about 3-4 minutes on 2 cores (release build excluded).
SIZES = {
    "quick": {
        "sync": {"DEVICES": "500", "RATE": "4", "DURATION": "20", "WINDOW": "15"},
        "lifecycle": {"COUNT": "50"},
        "allocate": ["--quick"],
        "models": {"BATCHES": "1"},
        "simulate": ["fleet", "1000", "20s", "5s"],
    },
    "full": {
        "sync": {"DEVICES": "1000", "RATE": "10", "DURATION": "30", "WINDOW": "30"},
        "lifecycle": {"COUNT": "200"},
        "allocate": [],
        "models": {"BATCHES": "100,30,1"},
        "simulate": ["fleet", "10000", "60s", "30s"],
    },
}
BENCHES = ["sync", "lifecycle", "allocate", "models", "simulate"]


def log(msg):
    print(f"[run-all {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def build():
    """cargo build --release of the binary and the allocate bench; (twinbridge, allocate) paths."""
    log("cargo build --release --bin twinbridge --bench allocate")
    p = subprocess.run(["cargo", "build", "--release", "--bin", "twinbridge", "--bench",
                        "allocate", "--message-format", "json-render-diagnostics"],
                       cwd=ROOT, stdout=subprocess.PIPE, text=True)
    if p.returncode != 0:
        sys.exit(f"run-all: cargo build --release failed (exit {p.returncode})")
    exes = {}
    for line in p.stdout.splitlines():
        try:
            m = json.loads(line)
        except ValueError:
            continue
        if m.get("reason") == "compiler-artifact" and m.get("executable"):
            exes[m["target"]["name"]] = m["executable"]
    return exes.get("twinbridge", os.path.join(ROOT, "target/release/twinbridge")), exes["allocate"]


def run(name, cmd, out_dir, env_extra=None):
    """Run one sub-benchmark; its stdout/stderr go to out_dir/name.{txt,log}; returns its JSON."""
    result = os.path.join(out_dir, f"{name}.json")
    env = dict(os.environ, RESULT_JSON=result, WORK=os.path.join(out_dir, f"{name}-work"),
               **(env_extra or {}))
    t0 = time.time()
    log(f"{name}: {' '.join(cmd)} " + " ".join(f"{k}={v}" for k, v in (env_extra or {}).items()))
    with open(os.path.join(out_dir, f"{name}.txt"), "w") as out, \
            open(os.path.join(out_dir, f"{name}.log"), "w") as err:
        rc = subprocess.run(cmd, cwd=ROOT, env=env, stdout=out, stderr=err).returncode
    log(f"{name}: exit {rc} after {time.time() - t0:.0f} s")
    if name == "allocate":  # prints its JSON on stdout
        try:
            return json.loads(open(os.path.join(out_dir, "allocate.txt")).read())
        except ValueError:
            return None
    if rc != 0 or not os.path.exists(result):
        log(f"{name}: no result; see {out_dir}/{name}.log")
        return None
    return json.load(open(result))


def ratio(tb, sa):
    if tb is None or sa is None or not sa:
        return None
    return tb / sa


def rows_sync(d):
    tr, sr, lv = d["twinbridge_replay"], d["sample_replay"], d["live"]
    per = (lambda r: r["patches"] / r["events_applied"] if r["events_applied"] else None)
    cpu = (lambda r: 1000 * r["cpu_s"] / r["events_applied"] if r["events_applied"] else None)
    load = f"{d['devices']} devices x {d['rate']:g}/s"
    return [
        ("sync-telemetry", f"events/s applied, replay of {d['offered']} events ({load})",
         tr["events_per_s"], sr["events_per_s"], "higher",
         "sample = --flush-interval 0 --concurrency 1 (one PATCH per event, sequential), "
         f"cut at {d['window_s']} s"),
        ("sync-telemetry", "PATCH calls per event applied", per(tr), per(sr), "lower", ""),
        ("sync-telemetry", "CPU s per 1000 events applied", cpu(tr), cpu(sr), "lower", ""),
        ("sync-telemetry", f"live at {d['offered_per_s']:.0f} events/s: last-event lag p99 s",
         lv["last_event_lag_p99_s"], None, "lower",
         f"{lv['twins_current']}/{d['devices']} twins current at the end; the sample's way "
         f"applies {sr['events_per_s']:.0f} events/s, so its lag grows without bound"
         if sr["events_per_s"] < d["offered_per_s"] else ""),
    ]


def rows_lifecycle(d):
    out = []
    for r in d["rows"]:
        tb, sa = r["twinbridge"], r["sample"]
        out.append(("watch-lifecycle",
                    f"deletes/s, {r['relationships']} relationships per twin ({r['count']} twins)",
                    tb["deletes_per_s"], sa["deletes_per_s"], "higher",
                    f"twins left: {tb['twins_left']} / {sa['twins_left']}; sample = sequential "
                    f"GET, rels out, rels in, DELETE ({sa['adt_calls']} ADT calls)"))
    return out


def rows_allocate(d):
    rows = {(r["impl"], r["scenario"], r["callers"]): r for r in d["rows"]}

    def fig(scn, callers, key, sample_scn=None):
        tb = rows.get(("twinbridge", scn, callers), {}).get(key)
        sa = rows.get(("sample", sample_scn or scn, callers), {}).get(key)
        return tb, sa
    out = [("allocate", "cold registration p50 ms, 1 caller", *fig("cold", 1, "p50_ms"),
            "lower", "both: GET twin (404) + PUT twin")]
    for callers in (10, 100):
        for scn, what in (("cold", "new devices"), ("warm", "re-registrations")):
            note = ("twinbridge's default --concurrency 16 bounds its ADT requests in flight; "
                    "the sample has no bound" if callers == 100 else "")
            out.append(("allocate", f"allocations/s, {what}, {callers} callers",
                        *fig(scn, callers, "alloc_per_s"), "higher", note))
    for scn, what in (("cold", "new devices"), ("warm", "re-registrations")):
        out.append(("allocate", f"allocations/s, {what}, 100 callers, twinbridge --concurrency 100",
                    *fig(f"{scn}_c100", 100, "alloc_per_s", scn), "higher", ""))
    out.append(("allocate", "allocations/s, re-registration within the cache TTL, 10 callers",
                *fig("cached", 10, "alloc_per_s", "warm"), "higher",
                "twinbridge answers from its decision cache; the sample GETs the twin again"))
    out.append(("allocate", "ADT calls per registration, burst (each new id 10x at once)",
                *fig("burst", 100, "adt_calls_per_req"), "lower",
                "single-flight: duplicates share the first one's GET + PUT"))
    thr = sum(r.get("throttled") or 0 for r in d["rows"] if r["impl"] == "twinbridge")
    ths = sum(r.get("throttled") or 0 for r in d["rows"] if r["impl"] == "sample")
    err = sum(r.get("errors") or 0 for r in d["rows"])
    out.append(("allocate", "429s from ADT over all scenarios (retried)", thr, ths, "lower",
                f"{err} failed requests in all"))
    return out


def rows_models(d):
    rows = {r["batch"]: r for r in d["rows"]}
    tb = d["rows"][0]
    out = []
    for b in sorted((b for b in rows if b != 250), reverse=True):
        r = rows[b]
        who = "one model per call (az dt model create per file)" if b == 1 else f"{b} per call"
        out.append(("models upload", f"create calls, {tb['uploaded']} models vs {who}",
                    tb["create_calls"], r["create_calls"], "lower", ""))
        out.append(("models upload", f"seconds, {tb['uploaded']} models vs {who}",
                    tb["seconds"], r["seconds"], "lower",
                    "az's own start-up per call not counted" if b == 1 else ""))
    again = d["rows"][1]
    out.append(("models upload", "create calls, second run (already uploaded)",
                again["create_calls"], None, "lower", "az dt model create fails with 409"))
    return out


def rows_simulate(d):
    return [
        ("simulate-device", f"devices per process ({d['connected']} of {d['devices']} connected, "
         "1 msg/10 s each)", d["connected"], None, "higher",
         "n/a: the sample runs one Node.js process per device (adt_custom_register.js); Node is "
         "not run here"),
        ("simulate-device", "peak RSS KiB per device", 1024 * d["rss_mib"] / max(d["devices"], 1),
         None, "lower", f"{d['rss_mib']:.0f} MiB for the process, CPU {d['cpu_s']:.1f} s"),
    ]


def fmt(v):
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.3f}" if abs(v) < 10 else f"{v:.1f}" if abs(v) < 1000 else f"{v:,.0f}"
    return f"{v:,}" if isinstance(v, int) else str(v)


def fmt_ratio(r):
    if r is None:
        return "n/a"
    return f"{r:,.0f}x" if r >= 100 else f"{r:.3g}x"


def main():
    ap = argparse.ArgumentParser(prog="bench/run-all.sh", description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes (about 3-4 minutes)")
    ap.add_argument("--json", action="store_true", help="print the table as JSON on stdout")
    ap.add_argument("--only", default=",".join(BENCHES),
                    help=f"comma-separated subset of {','.join(BENCHES)}")
    ap.add_argument("--no-build", action="store_true",
                    help="use target/release/twinbridge and the allocate bench as built")
    a = ap.parse_args()
    only = [b.strip() for b in a.only.split(",") if b.strip()]
    bad = [b for b in only if b not in BENCHES]
    if bad:
        ap.error(f"--only: unknown benchmark {', '.join(bad)} (choose from {', '.join(BENCHES)})")
    mode = "quick" if a.quick else "full"
    size = SIZES[mode]
    if a.no_build:
        tb = os.path.join(ROOT, "target/release/twinbridge")
        found = sorted((os.path.join(ROOT, "target/release/deps", f)
                        for f in os.listdir(os.path.join(ROOT, "target/release/deps"))
                        if f.startswith("allocate-") and "." not in f), key=os.path.getmtime)
        alloc = found[-1] if found else None
    else:
        tb, alloc = build()
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    out_dir = os.path.join(ROOT, "target", "bench-results", f"{stamp}-{mode}")
    os.makedirs(out_dir, exist_ok=True)
    log(f"mode {mode}; detailed outputs in {out_dir}")
    env = {"TWINBRIDGE_BIN": tb}
    t0 = time.time()
    results, rows = {}, []
    makers = {"sync": rows_sync, "lifecycle": rows_lifecycle, "allocate": rows_allocate,
              "models": rows_models, "simulate": rows_simulate}
    for name in only:
        if name == "sync":
            d = run(name, ["bench/sync_telemetry.sh"], out_dir, {**env, **size["sync"]})
        elif name == "lifecycle":
            d = run(name, ["bench/lifecycle.sh"], out_dir, {**env, **size["lifecycle"]})
        elif name == "allocate":
            d = run(name, [alloc, "--json", "--enforce-limits", "--latency", "20ms",
                           *size["allocate"]], out_dir) if alloc else None
        elif name == "models":
            d = run(name, ["bench/models_upload.sh"], out_dir,
                    {**env, **size["models"], "EMULATOR_FLAGS": REALISM})
        else:
            d = run(name, ["bench/simulate.sh", *size["simulate"]], out_dir, env)
        results[name] = d
        if d is None:
            rows.append((name, "FAILED: see " + os.path.join(out_dir, name + ".log"),
                         None, None, "", ""))
            continue
        try:
            rows += makers[name](d)
        except (KeyError, TypeError, ZeroDivisionError) as e:
            rows.append((name, f"FAILED to read its results ({e!r})", None, None, "", ""))
    elapsed = time.time() - t0
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()
    meta = {"mode": mode, "date": datetime.date.today().isoformat(), "commit": commit,
            "cores": os.cpu_count(), "emulator": REALISM + " (simulate-device: no added latency)",
            "elapsed_s": round(elapsed), "results_dir": out_dir}
    table = [{"benchmark": b, "figure": f, "twinbridge": tb_v, "sample": sa_v,
              "ratio": ratio(tb_v, sa_v), "better": better, "note": note}
             for b, f, tb_v, sa_v, better, note in rows]
    json.dump({**meta, "rows": table, "details": results},
              open(os.path.join(out_dir, "run-all.json"), "w"), indent=1)
    if a.json:
        print(json.dumps({**meta, "rows": table}))
        return
    print(f"twinbridge pipeline benchmarks ({mode}), {meta['date']}, commit {commit}, "
          f"{meta['cores']} cores, emulator {REALISM}; {elapsed:.0f} s")
    print()
    hdr = ["benchmark", "figure", "twinbridge", "sample's algorithm", "ratio tb/sample",
           "better", "note"]
    cells = [hdr] + [[r["benchmark"], r["figure"], fmt(r["twinbridge"]), fmt(r["sample"]),
                      fmt_ratio(r["ratio"]), r["better"], r["note"]] for r in table]
    w = [max(len(c[i]) for c in cells) for i in range(len(hdr))]
    for n, c in enumerate(cells):
        print("| " + " | ".join(x.ljust(w[i]) if i in (0, 1, 5, 6) else x.rjust(w[i])
                                for i, x in enumerate(c)) + " |")
        if n == 0:
            print("|" + "|".join("-" * (x + 2) for x in w) + "|")


if __name__ == "__main__":
    main()

"""Start-up stress of the Event Hubs consumer: one emulator (--latency 20ms --enforce-limits)
with 4,000 telemetry events in deviceevents, then ITERATIONS times: `sync-telemetry` from fresh
checkpoints stopped with SIGINT after 3 s ("live"), and `sync-telemetry --until-idle 3s` from
fresh checkpoints ("replay", SIGINT at 20 s). Prints each run's exit code, events read and time;
a run that does not read all 4,000 events is flagged with its debug log
(RUST_LOG=twinbridge=debug,azure_messaging_eventhubs=debug,azure_core_amqp=debug).
Prints numbers; asserts nothing.

    python3 bench/consumer_restart.py [ITERATIONS]   (WORK=DIR keeps the logs; default a temp dir)
"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib as B  # noqa: E402

os.chdir(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
tb = os.environ.get("TWINBRIDGE_BIN", "target/release/twinbridge")
work = os.environ.get("WORK") or tempfile.mkdtemp(prefix="consumer-restart-")
os.makedirs(work, exist_ok=True)
B.log(f"logs in {work}")
emu = B.Emulator(tb, work, ["--latency", "20ms", "--enforce-limits"])
try:
    adt = B.Http(emu.adt_url)
    B.upload_models(tb, emu.adt_url)
    ids = [f"t-{i}" for i in range(200)]
    B.parallel(lambda d: B.create_twin(adt, d, B.THERMOSTAT, {"Temperature": 0.0}), ids)
    url = emu.hubs["deviceevents"]["inject_url"]
    inj = B.Http(url)
    path = "/" + url.split("/", 3)[3]
    for k in range(1, 21):
        lines = "".join(json.dumps({
            "body": {"Temperature": float(k)}, "properties": {"dtId": d},
            "system_properties": {"iothub-connection-device-id": d}}) + "\n" for d in ids)
        inj.request("POST", path, lines, {"Content-Type": "application/x-ndjson"})
    cs = emu.hubs["deviceevents"]["connection_string"]
    for it in range(int(sys.argv[1]) if len(sys.argv) > 1 else 10):
        for phase in ("live", "replay"):
            state = B.fresh_tempdir(work, f"s{it}{phase}")
            env = dict(os.environ, XDG_STATE_HOME=state, TWINBRIDGE_EVENTHUB_CONNECTION_STRING=cs,
                       TWINBRIDGE_ADT_URL=emu.adt_url, NO_COLOR="1",
                       RUST_LOG="twinbridge=debug,azure_messaging_eventhubs=debug,"
                                "azure_core_amqp=debug")
            log = open(f"{work}/{it}-{phase}.log", "w")
            cmd = [tb, "sync-telemetry", "--format", "json"]
            if phase == "replay":
                cmd += ["--until-idle", "3s"]
            p = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=log,
                                 text=True)
            t0 = time.time()
            try:
                out, _ = p.communicate(timeout=3 if phase == "live" else 20)
            except subprocess.TimeoutExpired:
                p.send_signal(signal.SIGINT)
                try:
                    out, _ = p.communicate(timeout=15)
                except subprocess.TimeoutExpired:
                    p.kill()
                    out, _ = p.communicate()
            s = [json.loads(line) for line in out.splitlines() if '"summary"' in line]
            ev = s[-1]["events"] if s else None
            print(it, phase, "rc", p.returncode, "events", ev, f"{time.time()-t0:.1f}s", flush=True)
            if ev != 4000:
                print("  ANOMALY: see", log.name, flush=True)
finally:
    emu.stop()

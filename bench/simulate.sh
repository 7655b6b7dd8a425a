#!/usr/bin/env bash
# Benchmark of `twinbridge simulate-device` against the local emulator (both on this machine).
# Prints numbers; asserts nothing.
#
#   bench/simulate.sh fleet COUNT [DURATION] [RAMP_UP]
#       COUNT devices over MQTT at one message per 10 s each: peak RSS, CPU time and CPU % of the
#       simulate-device process, devices connected, messages sent.
#   bench/simulate.sh throughput COUNT [DURATION]
#       COUNT devices sending as fast as acknowledgements come back (QoS 1, --interval 1ms):
#       messages per second.
#
# Uses the release binary (cargo build --release) unless TWINBRIDGE_BIN is set; with
# RESULT_JSON=PATH it also writes the figures as JSON there.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:?usage: bench/simulate.sh fleet|throughput COUNT [DURATION] [RAMP_UP]}
count=${2:?COUNT}
duration=${3:-60s}
ramp=${4:-30s}
bin=${TWINBRIDGE_BIN:-target/release/twinbridge}
[ -x "$bin" ] || cargo build --release
work=$(mktemp -d)
trap 'kill "$emu_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

"$bin" emulator --in-memory --adt-port 0 --device-port 0 --ca-out "$work/ca.pem" \
    --format json > "$work/emu.json" 2> "$work/emu.log" &
emu_pid=$!
for _ in $(seq 100); do [ -s "$work/emu.json" ] && break; sleep 0.1; done
read -r endpoint scope < <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["dps_endpoint"], d["id_scope"])' "$work/emu.json")
key=$(python3 -c 'import json,sys; print("cb+9JVwddePhHSGk7bUSiO4TUu1pAkR66Dy6kpjO+6Wh/OQ2OFT/iIz/S454ddYAwmgjkEEqjPebN9CxEUiw+g==")')

common=(simulate-device --dps-endpoint "$endpoint" --ca-cert "$work/ca.pem" --scope "$scope"
        --group-key "$key" --count "$count" --registration-id 'bench-{n:05}' --dps-rate 0
        --connect-concurrency 200 --format json -q)
case "$mode" in
  fleet) extra=(--interval 10s --duration "$duration" --ramp-up "$ramp") ;;
  throughput) extra=(--interval 1ms --duration "$duration") ;;
  *) echo "unknown mode $mode" >&2; exit 2 ;;
esac

/usr/bin/time -f '%M %U %S %e' -o "$work/time" "$bin" "${common[@]}" "${extra[@]}" \
    > "$work/out.ndjson" 2> "$work/sim.log" || true
read -r rss_kb user sys wall < <(tail -1 "$work/time")
summary=$(grep '"type":"summary"' "$work/out.ndjson" | tail -1)
python3 - "$summary" "$rss_kb" "$user" "$sys" "$wall" "$mode" "$count" <<'PY'
import json, os, sys
s = json.loads(sys.argv[1]) if sys.argv[1] else {}
rss_kb, user, sysc, wall = int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
mode, count = sys.argv[6], int(sys.argv[7])
print(f"mode={mode} devices={count} connected={s.get('connected')} sent={s.get('sent')} failed={s.get('failed')}")
print(f"simulate-device: peak RSS {rss_kb/1024:.0f} MiB ({rss_kb/max(count,1):.1f} KiB/device), "
      f"CPU {user+sysc:.1f}s over {wall:.1f}s wall = {100*(user+sysc)/max(wall,1e-9):.0f}% of one core")
print(f"messages/s over the run: {s.get('msgs_per_s', 0):.1f}")
for f in s.get("failures", []):
    print(f"  failures: {f['count']} x {f['cause']}: {f['example']}")
out = os.environ.get("RESULT_JSON")
if out:
    with open(out, "w") as fh:
        json.dump({"bench": "simulate", "mode": mode, "devices": count,
                   "connected": s.get("connected"), "sent": s.get("sent"),
                   "failed": s.get("failed"), "msgs_per_s": s.get("msgs_per_s"),
                   "rss_mib": round(rss_kb / 1024, 1), "cpu_s": round(user + sysc, 2),
                   "wall_s": wall}, fh)
PY

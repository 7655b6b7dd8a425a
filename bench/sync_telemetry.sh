#!/usr/bin/env bash
# Benchmark of `twinbridge sync-telemetry` (issue "Event Hubs consumption ... sync-telemetry"):
# against the emulator with --latency 20ms --enforce-limits, DEVICES simulated devices send RATE
# events/s each for DURATION s (NDJSON batches POSTed to the deviceevents inject URL every 100 ms)
# while `sync-telemetry --until-idle` consumes them; then the same stream is replayed from the
# hub's start (fresh checkpoints) by twinbridge and by the sample's way (`--flush-interval 0
# --concurrency 1`: one PATCH per event, sequential), each capped at WINDOW s.
# Prints a table: events, events/s, PATCH calls, events per PATCH, 429s, lag p50/p99, CPU s and
# peak RSS of the twinbridge process, and the twinbridge/sample ratio. Asserts nothing.
#
#   bench/sync_telemetry.sh                       # 1000 devices x 10/s x 60 s, 60 s windows
#   DEVICES=200 RATE=10 DURATION=20 WINDOW=30 bench/sync_telemetry.sh   # a quick run
#
# Env: DEVICES (1000), RATE (10), DURATION (60), WINDOW (60), IDLE (3, --until-idle seconds),
# LIVE_IDLE (unset; S = run the live consumer with --until-idle S, to check it keeps running),
# TWINBRIDGE_BIN (default target/release/twinbridge, built with cargo build --release).
set -euo pipefail
source "$(dirname "$0")/prelude.sh"
[ -x /usr/bin/time ] || { echo "bench needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
python3 bench/sync_telemetry.py

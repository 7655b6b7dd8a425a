#!/usr/bin/env bash
# Benchmark of `twinbridge watch-lifecycle` (issue "watch-lifecycle"): deleteDeviceIdentity events
# handled per second for device twins with 0 and with 10 relationships (5 outgoing, 5 incoming)
# against the emulator at --latency 20ms --enforce-limits, twinbridge (`watch-lifecycle
# --until-idle`, default flags, events injected into the lifecycle hub beforehand) versus the
# sample's sequential algorithm run by this script in the same invocation (per device: GET twin,
# delete outgoing relationships, delete incoming relationships, delete twin; one call at a time).
# Prints a table; asserts nothing.
#
#   bench/lifecycle.sh              # 200 twins per row
#   COUNT=50 bench/lifecycle.sh     # quick run
#
# Env: COUNT (200), SPACES (100, sources/targets of the relationships), IDLE (2, --until-idle
# seconds), TWINBRIDGE_BIN (default target/release/twinbridge, built with cargo build --release).
set -euo pipefail
source "$(dirname "$0")/prelude.sh"
[ -x /usr/bin/time ] || { echo "bench needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
python3 bench/lifecycle.py

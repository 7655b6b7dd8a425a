#!/usr/bin/env bash
# All pipeline benchmarks in one go against the emulator (--latency 20ms --enforce-limits), with
# one table of figures, each with its ratio against the sample's algorithm run in the same
# invocation: sync-telemetry (bench/sync_telemetry.sh), watch-lifecycle (bench/lifecycle.sh),
# allocate (bench/allocate.rs), models upload (bench/models_upload.sh), simulate-device
# (bench/simulate.sh). Builds the release binary and the allocate bench once. Asserts nothing.
#
#   bench/run-all.sh --quick            # small sizes: about 2.5 minutes on 2 cores (after the build)
#   bench/run-all.sh                    # the fuller sizes (about 5 minutes)
#   bench/run-all.sh --quick --json     # the same table as one JSON document on stdout
#   bench/run-all.sh --only sync,allocate
#
# Each benchmark's own tables and logs go to target/bench-results/<time>-<mode>/ (with
# run-all.json: the table plus every benchmark's raw figures).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /usr/bin/time ] || { echo "bench needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
PYTHONDONTWRITEBYTECODE=1 exec python3 bench/run_all.py "$@"

#!/usr/bin/env bash
# Benchmark: uploading RealEstateCore into the emulator (issue "models").
# Prints, per run: wall time, create calls and all ADT calls, for twinbridge's 250-model batches
# (cold and a second no-op run) and for the 100- and 30-model batches peer tools use.
# Also the time `models validate` takes for the whole ontology.
# Usage: bench/models_upload.sh [ONTOLOGY_DIR]   (builds the release binary first)
set -euo pipefail
cd "$(dirname "$0")/.."
onto=${1:-../shared/ontologies/realestatecore/Ontology}
cargo build --release --quiet
tb=target/release/twinbridge
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
emu_pid=
url=

start_emulator() { # sets url and emu_pid
  rm -f "$work/emu.json"
  "$tb" emulator --in-memory --adt-port 0 --format json > "$work/emu.json" 2>/dev/null &
  emu_pid=$!
  for _ in $(seq 50); do [ -s "$work/emu.json" ] && break; sleep 0.1; done
  url=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['adt_url'])" "$work/emu.json")
}
stop_emulator() { kill "$emu_pid"; wait "$emu_pid" 2>/dev/null || true; }

run() { # label url batch
  local t0 t1 out
  t0=$(date +%s.%N)
  out=$(TWINBRIDGE_ADT_URL=$2 "$tb" models upload "$onto" --batch-size "$3" --format json)
  t1=$(date +%s.%N)
  python3 - "$1" "$t0" "$t1" "$3" <<PY
import json,sys
d=json.loads('''$out''')
label,t0,t1,b=sys.argv[1],float(sys.argv[2]),float(sys.argv[3]),sys.argv[4]
print(f"{label:<34} {b:>5} {d['summary']['uploaded']:>8} {d['summary']['unchanged']:>9} {d['calls']['create']:>12} {d['calls']['total']:>9} {t1-t0:>8.2f}")
PY
}

printf '%-34s %5s %8s %9s %12s %9s %8s\n' run batch uploaded unchanged create-calls all-calls seconds
start_emulator
run "twinbridge cold" "$url" 250
run "twinbridge second run (no-op)" "$url" 250
stop_emulator
for b in 100 30; do
  start_emulator
  run "batch of $b (peer tools)" "$url" "$b"
  stop_emulator
done
v=$("$tb" models validate "$onto" --format json)
python3 -c "import json,sys; d=json.loads(sys.argv[1]); print(f\"models validate: {d['models']} models in {d['files']} files, {d['elapsed_ms']} ms\")" "$v"

#!/usr/bin/env bash
# Benchmark: uploading RealEstateCore into the emulator (issue "models").
# Prints, per run: wall time, create calls and all ADT calls, for twinbridge's 250-model batches
# (cold and a second no-op run), the 100- and 30-model batches peer tools use, and one model per
# call (the sample's `az dt model create` per file). Also the time `models validate` takes.
#
#   bench/models_upload.sh [ONTOLOGY_DIR]
#   EMULATOR_FLAGS='--latency 20ms --enforce-limits' bench/models_upload.sh   # as bench/run-all.sh
#
# Env: EMULATOR_FLAGS (none), BATCHES (100,30,1: the batch sizes compared with the default 250),
# RESULT_JSON (write the rows as JSON there), TWINBRIDGE_BIN (default target/release/twinbridge,
# built with cargo build --release).
set -euo pipefail
source "$(dirname "$0")/prelude.sh"
export ONTOLOGY=${1:-${ONTOLOGY:-tests/data/realestatecore/Ontology}}
python3 bench/models_upload.py

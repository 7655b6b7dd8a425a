#!/usr/bin/env bash
# Run fuzz targets (tests/fuzz, docs/fuzzing.md) for a given time each, with a fresh seed per
# round, and print executions and findings per target. Asserts nothing; a finding is a failing
# round whose log (with the seed and the minimal input) is kept under target/fuzz/.
#
#   bench/fuzz.sh list                      # the targets
#   bench/fuzz.sh allocation_request 600    # one target for 10 minutes
#   bench/fuzz.sh all 600                   # every target for 10 minutes, one after another
#   JOBS=3 bench/fuzz.sh all 600            # every target for 10 minutes, 3 at a time
#   JOBS=2 bench/fuzz.sh dtdl_documents,config_file 600   # some targets
#
# Env: CASES (cases per round, default 2000), JOBS (targets at once for `all`, default 1),
# NICE (default 19), TWINBRIDGE_FUZZ_CASE_TIMEOUT_MS (a case running longer is a hang, default
# 10000). Builds the debug test binary once and runs a private copy of it, so rebuilding while
# fuzzing is fine.
set -euo pipefail
cd "$(dirname "$0")/.."

target=${1:-}
seconds=${2:-600}
cases=${CASES:-2000}
jobs=${JOBS:-1}
nice_level=${NICE:-19}
out=target/fuzz
mkdir -p "$out"

build() {
  local exe
  exe=$(cargo test --test fuzz --no-run --message-format=json 2>/dev/null |
    python3 -c 'import json,sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "fuzz" and m.get("executable"):
        print(m["executable"])')
  [ -n "$exe" ] || { echo "cannot build the fuzz test binary (cargo test --test fuzz --no-run)" >&2; exit 2; }
  local copy="$out/fuzz-bin-$$"
  cp "$exe" "$copy"
  echo "$copy"
}

# Target names (the test's name without its module), one a line.
targets() {
  "$1" --list 2>/dev/null | sed -n 's/^\([a-z_]*::\)\{0,1\}\([a-z_]*\): test$/\2/p'
}

# The test path (module::name) of a target.
test_path() {
  "$1" --list 2>/dev/null | sed -n "s/^\(\([a-z_]*::\)\{0,1\}$2\): test\$/\1/p"
}

# run_target BIN NAME SECONDS: rounds until the time is up; prints one summary line.
run_target() {
  local bin=$1 name=$2 secs=$3
  local end=$((SECONDS + secs)) rounds=0 execs=0 findings=0 start=$SECONDS
  local logs=() path
  path=$(test_path "$bin" "$name")
  while [ $SECONDS -lt $end ]; do
    local seed=$(( (RANDOM << 30) ^ (RANDOM << 15) ^ RANDOM ^ ($$ << 8) ^ rounds ))
    local log="$out/$name-$seed.log"
    local rc=0
    TWINBRIDGE_FUZZ_CASES=$cases TWINBRIDGE_FUZZ_SEED=$seed RUST_BACKTRACE=0 \
      nice -n "$nice_level" "$bin" --exact "$path" --nocapture --test-threads 1 >"$log" 2>&1 || rc=$?
    local n
    n=$(sed -n "s/.*fuzz $name: \([0-9]*\) executions.*/\1/p" "$log" | tail -1)
    execs=$((execs + ${n:-0}))
    rounds=$((rounds + 1))
    if [ -z "$n" ] && [ $rc -eq 0 ]; then
      echo "$name: the round ran no target (see $log)" >&2
      break
    fi
    if [ $rc -ne 0 ]; then
      findings=$((findings + 1))
      logs+=("$log")
      echo "$name: finding in round $rounds (seed $seed, exit $rc): $log" >&2
    else
      rm -f "$log"
    fi
  done
  printf '%-22s %6ds %6d rounds %10d executions %3d findings %s\n' \
    "$name" $((SECONDS - start)) "$rounds" "$execs" "$findings" "${logs[*]:-}"
}

bin=$(build)
trap 'rm -f "$bin"' EXIT
case "$target" in
  list | "")
    targets "$bin"
    [ -n "$target" ] || { echo "usage: bench/fuzz.sh TARGET|all|list [SECONDS]" >&2; exit 2; }
    ;;
  all | *,*)
    printf '%-22s %7s %13s %21s %12s\n' target wall rounds executions findings
    if [ "$target" = all ]; then
      mapfile -t names < <(targets "$bin")
    else
      IFS=, read -r -a names <<<"$target"
    fi
    running=0
    for name in "${names[@]}"; do
      run_target "$bin" "$name" "$seconds" &
      running=$((running + 1))
      if [ $running -ge "$jobs" ]; then
        wait -n || true
        running=$((running - 1))
      fi
    done
    wait
    ;;
  *)
    targets "$bin" | grep -qx "$target" || { echo "no target $target; bench/fuzz.sh list" >&2; exit 2; }
    printf '%-22s %7s %13s %21s %12s\n' target wall rounds executions findings
    run_target "$bin" "$target" "$seconds"
    ;;
esac

#!/usr/bin/env bash
# The test command: installs what the tests need, then runs every check and test.
#   - the official Python SDK peers into target/peers-venv (pip, from tests/peers/requirements.txt)
#   - Azurite (npm, pinned) into target/azurite for the blob checkpoint store tests
#   - rustfmt and clippy components if missing
# and sets TWINBRIDGE_REQUIRE_PEERS=1, so a test whose peer is missing fails here (plain `cargo
# test` skips such a test with one line instead).
# Extra arguments go to `cargo test` (e.g. tests/run-all.sh --test cli).
set -euo pipefail
cd "$(dirname "$0")/.."

venv=target/peers-venv
if ! "$venv/bin/python" - <<'PY' 2>/dev/null
import azure.digitaltwins.core
import azure.eventhub.extensions.checkpointstoreblob
import azure.storage.blob
import azure.eventhub
import azure.iot.device
import prometheus_client
PY
then
  echo "== installing Python peer clients into $venv"
  mkdir -p target
  python3 -m venv "$venv"
  # `python -m pip`, not bin/pip: a venv copied from another checkout keeps a pip whose
  # shebang points at the original and would install there.
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r tests/peers/requirements.txt
fi
export TWINBRIDGE_PEER_PYTHON="$PWD/$venv/bin/python"

azurite_version=3.37.0
azurite=target/azurite/node_modules/.bin/azurite-blob
if ! grep -qs "\"version\": \"$azurite_version\"" target/azurite/node_modules/azurite/package.json; then
  echo "== installing Azurite $azurite_version into target/azurite"
  mkdir -p target/azurite
  npm install --prefix target/azurite "azurite@$azurite_version" --no-audit --no-fund --loglevel=error
fi
export TWINBRIDGE_AZURITE="$PWD/$azurite"
export TWINBRIDGE_REQUIRE_PEERS=1

if command -v rustup >/dev/null 2>&1; then
  rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
  rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
fi

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --locked --all-targets -- -D warnings
echo "== cargo test"
# As CI runs it: backtraces on, which also changes timing (the fe2o3 detach race in
# vendor/fe2o3-amqp/PATCHED.md showed up only this way).
export RUST_BACKTRACE="${RUST_BACKTRACE:-1}"
cargo test --locked "$@"

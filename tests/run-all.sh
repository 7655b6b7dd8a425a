#!/usr/bin/env bash
# The test command: installs what the tests need, then runs every check and test.
#   - the official Python SDK peers into target/peers-venv (pip, from tests/peers/requirements.txt)
#   - rustfmt and clippy components if missing
# Extra arguments go to `cargo test` (e.g. tests/run-all.sh --test cli).
set -euo pipefail
cd "$(dirname "$0")/.."

venv=target/peers-venv
if ! "$venv/bin/python" - <<'PY' 2>/dev/null
import azure.digitaltwins.core
import azure.iot.device
PY
then
  echo "== installing Python peer clients into $venv"
  mkdir -p target
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r tests/peers/requirements.txt
fi
export TWINBRIDGE_PEER_PYTHON="$PWD/$venv/bin/python"

if command -v rustup >/dev/null 2>&1; then
  rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
  rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
fi

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --locked --all-targets -- -D warnings
echo "== cargo test"
cargo test --locked "$@"

# Sourced by the bench/*.sh wrappers: run from the repository root, make sure the release binary
# exists, and set WORK (a directory for logs and outputs, e.g. from bench/run-all.sh; else a
# temp dir, removed at the end unless KEEP=1).
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export TWINBRIDGE_BIN=${TWINBRIDGE_BIN:-target/release/twinbridge}
[ -x "$TWINBRIDGE_BIN" ] || cargo build --release
if [ -n "${WORK:-}" ]; then
  mkdir -p "$WORK"
else
  WORK=$(mktemp -d)
  trap '[ -n "${KEEP:-}" ] && echo "kept $WORK" >&2 || rm -rf "$WORK"' EXIT
fi
export WORK
export PYTHONDONTWRITEBYTECODE=1

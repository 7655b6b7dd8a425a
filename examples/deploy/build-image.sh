#!/usr/bin/env bash
# Build the twinbridge container image with podman where no container registry is reachable,
# then run it. The Dockerfile's public bases (rust, debian:bookworm-slim) are replaced by:
#   - a runtime base assembled here from Debian packages (debootstrap --variant=minbase, with
#     ca-certificates), imported as localhost/twinbridge-base:bookworm (built once, reused);
#   - the binary compiled on the host (BINARY_STAGE=prebuilt).
# Then it checks the image (non-root user, entrypoint, healthcheck, OCI labels, no secrets in
# its environment) and runs it: `podman run` when the sandbox allows, else the image's
# entrypoint from its exported filesystem under chroot (said in the output). The run starts
# `allocate serve`, asks /healthz and /readyz, runs the image's HEALTHCHECK, sends SIGTERM and
# expects exit 0.
#
# Usage: examples/deploy/build-image.sh [--tag NAME] [--binary PATH] [--no-run]
#   --binary PATH  use this binary instead of `cargo build --release --locked`
# Needs root (debootstrap, chroot), podman and debootstrap (apt-get install -y podman debootstrap).
set -euo pipefail

tag=twinbridge:dev
binary=
run=1
while [ $# -gt 0 ]; do
  case "$1" in
    --tag) tag=$2; shift 2 ;;
    --binary) binary=$2; shift 2 ;;
    --no-run) run=0; shift ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

cd "$(dirname "$0")/../.."
for tool in podman debootstrap; do
  command -v "$tool" >/dev/null || { echo "error: $tool is not installed (apt-get install -y podman debootstrap)" >&2; exit 2; }
done
base=localhost/twinbridge-base:bookworm
work=$(mktemp -d)
cleanup() { rm -rf "$work"; }
trap cleanup EXIT

if ! podman image exists "$base"; then
  echo "== assembling the runtime base $base from Debian packages (debootstrap)"
  debootstrap --variant=minbase --include=ca-certificates bookworm "$work/rootfs" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
  rm -rf "$work/rootfs"/var/cache/apt/archives/*.deb "$work/rootfs"/var/lib/apt/lists/*
  tar -C "$work/rootfs" -c . | podman import --change 'CMD ["bash"]' - "$base" >/dev/null
  rm -rf "$work/rootfs"
fi

if [ -z "$binary" ]; then
  echo "== cargo build --release --locked"
  cargo build --release --locked --bin twinbridge
  binary=target/release/twinbridge
fi
rm -rf target/image && mkdir -p target/image/state
cp "$binary" target/image/twinbridge

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
revision=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
echo "== podman build $tag (version $version, revision $revision)"
podman build --format docker --pull=never \
  --build-arg RUNTIME_IMAGE="$base" \
  --build-arg BINARY_STAGE=prebuilt \
  --build-arg VERSION="$version" \
  --build-arg REVISION="$revision" \
  -t "$tag" . >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }

echo "== checking the image"
inspect() { podman image inspect --format "$1" "$tag"; }
user=$(inspect '{{.Config.User}}')
entrypoint=$(inspect '{{json .Config.Entrypoint}}')
health=$(inspect '{{json .Config.Healthcheck}}')
title=$(inspect '{{index .Config.Labels "org.opencontainers.image.title"}}')
env_lines=$(inspect '{{range .Config.Env}}{{println .}}{{end}}')
[ "$user" = "65532:65532" ] || { echo "error: image user is '$user', not 65532:65532" >&2; exit 1; }
[ "$entrypoint" = '["/usr/local/bin/twinbridge"]' ] || { echo "error: entrypoint $entrypoint" >&2; exit 1; }
case "$health" in *healthz*) ;; *) echo "error: no HEALTHCHECK: $health" >&2; exit 1 ;; esac
[ "$title" = twinbridge ] || { echo "error: OCI labels missing" >&2; exit 1; }
if printf '%s\n' "$env_lines" | grep -iE 'KEY=|SECRET|CONNECTION_STRING|PASSWORD|TOKEN' >/dev/null; then
  echo "error: the image environment holds something secret-looking:" >&2
  printf '%s\n' "$env_lines" >&2
  exit 1
fi
size=$(inspect '{{.Size}}')
echo "image $tag: user $user, entrypoint $entrypoint, $((size / 1024 / 1024)) MiB"
[ "$run" = 1 ] || exit 0

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# The listen address comes from the environment, as in a container platform, so the image's
# HEALTHCHECK finds the port.
listen_env="TWINBRIDGE_ALLOCATE_LISTEN=127.0.0.1:$port"
args=(allocate serve --no-auth --allow-model '*' --adt-url http://127.0.0.1:9)
http_get() { # http_get PATH -> status line
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf 'GET %s HTTP/1.0\r\n\r\n' "$1" >&3
  head -n1 <&3
  exec 3<&-
}
wait_up() {
  for _ in $(seq 1 100); do
    http_get /healthz 2>/dev/null | grep -q ' 200 ' && return 0
    sleep 0.1
  done
  return 1
}

echo "== running the image"
if podman run --rm --network host "$tag" --version >"$work/run.out" 2>&1; then
  mode="podman run"
  cat "$work/run.out"
  podman run -d --name "tb-check-$port" --network host -e "$listen_env" "$tag" "${args[@]}" >/dev/null
  stop() { podman stop -t 30 "tb-check-$port" >/dev/null; podman wait "tb-check-$port" 2>/dev/null || true; }
  run_in() { podman exec "tb-check-$port" "$@"; }
  status_of() { podman inspect --format '{{.State.ExitCode}}' "tb-check-$port"; }
else
  mode="exported filesystem + chroot; podman run was refused here: $(grep -m1 '^Error' "$work/run.out" || head -c 200 "$work/run.out")"
  cid=$(podman create "$tag")
  mkdir -p "$work/fs"
  podman export "$cid" | tar -C "$work/fs" -x
  podman rm "$cid" >/dev/null 2>&1
  mapfile -t image_env < <(printf '%s\n' "$env_lines" | sed '/^$/d')
  image_env+=("$listen_env")
  in_image() { chroot --userspec=65532:65532 "$work/fs" env -i "${image_env[@]}" "$@"; }
  in_image /usr/local/bin/twinbridge --version
  # exec: $! is the process itself (chroot -> env -> twinbridge), so SIGTERM reaches it
  (exec chroot --userspec=65532:65532 "$work/fs" env -i "${image_env[@]}" /usr/local/bin/twinbridge "${args[@]}" >"$work/serve.out" 2>"$work/serve.err") &
  pid=$!
  stop() { kill -TERM "$pid"; set +e; wait "$pid"; code=$?; set -e; }
  run_in() { in_image "$@"; }
  status_of() { echo "$code"; }
fi
wait_up || { echo "error: /healthz never answered" >&2; cat "$work"/serve.* 2>/dev/null >&2 || true; exit 1; }
echo "GET /healthz -> $(http_get /healthz)"
echo "GET /readyz  -> $(http_get /readyz) (ADT is unreachable on purpose)"
health_cmd=$(podman image inspect --format '{{index .Config.Healthcheck.Test 3}}' "$tag")
run_in bash -c "$health_cmd" || { echo "error: the image's HEALTHCHECK fails" >&2; exit 1; }
echo "HEALTHCHECK -> healthy"
stop
code=$(status_of)
[ "$code" = 0 ] || { echo "error: exit code $code after SIGTERM" >&2; cat "$work"/serve.err 2>/dev/null >&2 || true; exit 1; }
echo "SIGTERM -> exit 0"
echo "OK: $tag built and ran ($mode)"

# twinbridge container image: one binary for `allocate serve`, `sync-telemetry` and
# `watch-lifecycle` (and every other command). Build (see docs/service.md):
#   docker build -t twinbridge:0.1.0 .
#   podman build --format docker -t twinbridge:0.1.0 .
# examples/deploy/build-image.sh builds it without a registry: it assembles the runtime base
# from Debian packages, builds the binary on the host and selects BINARY_STAGE=prebuilt.
# Nothing secret is baked in: keys, connection strings and identities come from the
# environment (a Kubernetes Secret, Container Apps secrets) at run time.

# Build stage: a Rust toolchain image (edition 2024 needs Rust >= 1.85).
ARG RUST_IMAGE=docker.io/library/rust:1.95-slim-bookworm
# Runtime stage: Debian slim (glibc, as the binary is linked against it; CA certificates for
# Entra ID, ADT, Event Hubs and Blob Storage over TLS).
ARG RUNTIME_IMAGE=docker.io/library/debian:bookworm-slim
# Where the binary comes from: `build` (compile in the build stage) or `prebuilt` (a binary
# compiled on the host, staged by build-image.sh as target/image/twinbridge).
ARG BINARY_STAGE=build

FROM ${RUST_IMAGE} AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin twinbridge \
 && install -D -m 0755 target/release/twinbridge /out/twinbridge \
 && mkdir -p /out/state

FROM scratch AS prebuilt
COPY target/image/twinbridge /out/twinbridge
COPY target/image/state /out/state

FROM ${BINARY_STAGE} AS binary

FROM ${RUNTIME_IMAGE} AS runtime
ARG VERSION=0.1.0
ARG REVISION=unknown
LABEL org.opencontainers.image.title="twinbridge" \
      org.opencontainers.image.description="Azure IoT fleets on Azure Digital Twins: DPS allocation webhook, telemetry and lifecycle sync, emulator" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.base.name="debian:bookworm-slim"
COPY --from=binary /out/twinbridge /usr/local/bin/twinbridge
# State (file checkpoints, dead letters) under a volume owned by the runtime user; in a
# cluster use a blob checkpoint store and mount a volume for the dead-letter file.
COPY --from=binary --chown=65532:65532 /out/state /var/lib/twinbridge
# Services log JSON lines and answer probes by default; every setting can be overridden.
ENV XDG_STATE_HOME=/var/lib \
    HOME=/var/lib/twinbridge \
    TWINBRIDGE_LOG_FORMAT=json \
    TWINBRIDGE_COLOR=never \
    TWINBRIDGE_METRICS_LISTEN=0.0.0.0:9464 \
    TWINBRIDGE_ALLOCATE_LISTEN=0.0.0.0:8080
# 8080: allocate serve (webhook, probes, metrics); 9464: the consumers' probes and metrics.
EXPOSE 8080 9464
# A non-root user with no login and no home outside the state volume (the "nonroot" id of
# distroless images).
USER 65532:65532
WORKDIR /var/lib/twinbridge
VOLUME ["/var/lib/twinbridge"]
# For plain Docker/Podman: liveness of this command's listener (the port of
# TWINBRIDGE_METRICS_LISTEN or TWINBRIDGE_ALLOCATE_LISTEN; bash's /dev/tcp, no curl in the
# image). Kubernetes and Container Apps use their own probes on /healthz and /readyz instead.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["bash", "-c", "for a in \"$TWINBRIDGE_METRICS_LISTEN\" \"$TWINBRIDGE_ALLOCATE_LISTEN\"; do exec 2>/dev/null 3<>/dev/tcp/127.0.0.1/${a##*:} || continue; printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3; head -n1 <&3 | grep -q ' 200 ' && exit 0; done; exit 1"]
ENTRYPOINT ["/usr/local/bin/twinbridge"]
CMD ["--help"]

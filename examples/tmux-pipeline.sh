#!/usr/bin/env bash
# One tmux session for operators: `twinbridge watch-lifecycle` (top left), `twinbridge
# sync-telemetry` (top right) and a shell (bottom), all with the same settings.
#
#   examples/tmux-pipeline.sh            # create the session (or re-attach to it) and attach
#   examples/tmux-pipeline.sh -d         # create it detached (from ssh, cloud-init, ...)
#   examples/tmux-pipeline.sh --restart  # stop both consumers cleanly and start them again
#
# Safe to re-run: an existing session is attached to, never duplicated (two consumers in one
# consumer group would only split the partitions, but the panes would be confusing).
#
# Settings, in the order twinbridge itself resolves them (flags > env > config file):
#   - ENV_FILE (default ~/.config/twinbridge/pipeline.env, mode 600): sourced by each pane, the
#     place for secrets, e.g.
#         TWINBRIDGE_ADT_URL=https://contoso-adt.api.weu.digitaltwins.azure.net
#         TWINBRIDGE_EVENTHUB_CONNECTION_STRING='Endpoint=sb://contoso-ns.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=...'
#         TWINBRIDGE_CHECKPOINT_STORE=blob:https://contosocheckpoints.blob.core.windows.net/twinbridge
#     (a namespace-level connection string: the hubs are chosen with --eventhub below).
#   - without an ENV_FILE, the TWINBRIDGE_*, AZURE_* and sample variables of this shell are
#     handed to the panes (tmux -e; they show in `tmux show-environment`, so prefer the file).
#   - the config file ($XDG_CONFIG_HOME/twinbridge/config.toml; TWINBRIDGE_PROFILE picks a
#     profile) is read by twinbridge as usual.
# Required: LIFECYCLE_ALLOW_MODEL, the models whose twins a deleted device may remove
# (watch-lifecycle --allow-model), e.g. LIFECYCLE_ALLOW_MODEL='dtmi:contosocom:DigitalTwins:Thermostat;*'
# ('*' allows every model: then a Space that shares a deleted device's id is deleted too).
# Script knobs: SESSION (twinbridge), TWINBRIDGE_BIN (twinbridge on PATH), TELEMETRY_HUB
# (deviceevents), LIFECYCLE_HUB (lifecycleevents), OWNER_PREFIX (host name: stable owner ids, so
# a restarted pane takes its partitions back at once), SYNC_ARGS / LIFECYCLE_ARGS (extra flags,
# e.g. LIFECYCLE_ARGS="--on-delete detach").
set -euo pipefail

SESSION=${SESSION:-twinbridge}
TB=${TWINBRIDGE_BIN:-twinbridge}
ENV_FILE=${ENV_FILE:-${XDG_CONFIG_HOME:-$HOME/.config}/twinbridge/pipeline.env}
TELEMETRY_HUB=${TELEMETRY_HUB:-deviceevents}
LIFECYCLE_HUB=${LIFECYCLE_HUB:-lifecycleevents}
OWNER_PREFIX=${OWNER_PREFIX:-$(hostname -s 2>/dev/null || hostname)}
SYNC_ARGS=${SYNC_ARGS:-}
LIFECYCLE_ARGS=${LIFECYCLE_ARGS:-}
LIFECYCLE_ALLOW_MODEL=${LIFECYCLE_ALLOW_MODEL:-}

detach=false
restart=false
for arg in "$@"; do
  case "$arg" in
    -d | --detach) detach=true ;;
    --restart) restart=true ;;
    -h | --help) sed -n '2,29p' "$0"; exit 0 ;;
    *) echo "tmux-pipeline.sh: unknown argument '$arg' (use -d, --restart or --help)" >&2; exit 2 ;;
  esac
done

[ -n "$LIFECYCLE_ALLOW_MODEL" ] || {
  echo "tmux-pipeline.sh: set LIFECYCLE_ALLOW_MODEL to the models whose twins watch-lifecycle may delete, e.g. LIFECYCLE_ALLOW_MODEL='dtmi:contosocom:DigitalTwins:Thermostat;*' (or '*' for every model)" >&2
  exit 2
}
command -v tmux >/dev/null || { echo "tmux-pipeline.sh: tmux is not installed" >&2; exit 2; }
command -v "$TB" >/dev/null || {
  echo "tmux-pipeline.sh: '$TB' not found; install twinbridge or set TWINBRIDGE_BIN" >&2
  exit 2
}

# A pane's command: load the env file, run the consumer, restart it after a crash. Exit 0 (a
# clean stop), 2 (a usage or configuration error: restarting will not help) and 130 stop the
# loop; the pane then stays open on a shell so the last lines can be read.
pane() { # NAME COMMAND...
  local name=$1
  shift
  local cmd
  printf -v cmd '%q ' "$@"
  cat <<EOF
[ -f $(printf %q "$ENV_FILE") ] && { set -a; . $(printf %q "$ENV_FILE"); set +a; }
while :; do
  $cmd
  rc=\$?
  case \$rc in 0|2|130) echo "$name exited with code \$rc"; break ;; esac
  echo "$name exited with code \$rc; restarting in 5 s (Ctrl-C to stop)"
  sleep 5 || break
done
exec "\${SHELL:-bash}"
EOF
}

# Extra flags are split on spaces on purpose (they are flags, not file names).
# shellcheck disable=SC2206
lifecycle_cmd=$(pane watch-lifecycle "$TB" watch-lifecycle --eventhub "$LIFECYCLE_HUB" \
  --allow-model "$LIFECYCLE_ALLOW_MODEL" --owner-id "$OWNER_PREFIX-watch-lifecycle" $LIFECYCLE_ARGS)
# shellcheck disable=SC2206
sync_cmd=$(pane sync-telemetry "$TB" sync-telemetry --eventhub "$TELEMETRY_HUB" \
  --owner-id "$OWNER_PREFIX-sync-telemetry" $SYNC_ARGS)

# Without an env file, hand this shell's settings to the panes.
env_args=()
if [ ! -f "$ENV_FILE" ]; then
  while IFS='=' read -r name _; do
    case "$name" in
      TWINBRIDGE_* | AZURE_* | EVENTHUB_CONNECTIONSTRING | ADT_SERVICE_URL | IOTHUB_CONNECTION_STRING | XDG_*)
        env_args+=(-e "$name=${!name}") ;;
    esac
  done < <(env)
fi

if $restart && tmux has-session -t "=$SESSION" 2>/dev/null; then
  # SIGINT flushes pending patches and writes the last checkpoints; then a fresh window.
  for p in $(tmux list-panes -s -t "$SESSION:" -F '#{pane_id}'); do tmux send-keys -t "$p" C-c; done
  sleep 3
  tmux kill-session -t "=$SESSION"
fi

if ! tmux has-session -t "=$SESSION" 2>/dev/null; then
  tmux new-session -d -s "$SESSION" -n pipeline -x 200 -y 50 "${env_args[@]}" \
    bash -c "$lifecycle_cmd"
  tmux split-window -h -t "=$SESSION:pipeline" "${env_args[@]}" bash -c "$sync_cmd"
  tmux split-window -v -f -l 12 -t "=$SESSION:pipeline" "${env_args[@]}" \
    bash -c "[ -f $(printf %q "$ENV_FILE") ] && { set -a; . $(printf %q "$ENV_FILE"); set +a; }; exec \"\${SHELL:-bash}\""
  tmux select-pane -t "=$SESSION:pipeline.0" -T watch-lifecycle
  tmux select-pane -t "=$SESSION:pipeline.1" -T sync-telemetry
  tmux select-pane -t "=$SESSION:pipeline.2" -T shell
  tmux set-option -t "$SESSION:" pane-border-status top >/dev/null
fi

$detach && { echo "tmux session '$SESSION' is running (tmux attach -t $SESSION)"; exit 0; }
if [ -n "${TMUX:-}" ]; then
  tmux switch-client -t "=$SESSION"
else
  tmux attach-session -t "=$SESSION"
fi

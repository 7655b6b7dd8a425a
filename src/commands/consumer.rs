//! What `sync-telemetry` and `watch-lifecycle` share: turning `SourceArgs` and settings into a
//! pipeline source, a checkpoint store, a dead-letter file and run options.
use super::Ctx;
use crate::cli::{EventHubsTransport, SourceArgs};
use crate::error::UsageError;
use crate::events::checkpoint::{CheckpointStore, StoreOptions, StoreSpec, parse_spec};
use crate::events::deadletter::DeadLetters;
use crate::events::eventhubs::{EventHubsConfig, StartPosition, Transport};
use crate::events::pipeline::{EventSource, RunOptions};
use crate::events::sources::{EventHubsPipelineSource, NdjsonPipelineSource};
use crate::retry::RetryPolicy;
use crate::settings::{ProcessEnv, state_dir, transport};
use color_eyre::eyre::{Result, WrapErr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// A resolved source with its checkpoint store.
pub struct Consumer {
    pub source: Arc<dyn EventSource>,
    pub store: Option<Arc<dyn CheckpointStore>>,
    /// For messages: where events come from.
    pub describe: String,
    pub dead_letters: DeadLetters,
    pub run: RunOptions,
}

fn parse_start(s: Option<&str>) -> Result<StartPosition> {
    Ok(match s.map(str::trim) {
        None | Some("earliest") => StartPosition::Earliest,
        Some("latest") => StartPosition::Latest,
        Some(t) => {
            let at = time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339)
                .map_err(|_| {
                    UsageError::new(format!(
                        "--start {t:?} is not earliest, latest or an RFC 3339 time"
                    ))
                    .with_hint("e.g. --start 2026-11-27T08:00:00Z")
                })?;
            StartPosition::EnqueuedTime(SystemTime::from(at))
        }
    })
}

fn has_entity_path(cs: &str) -> bool {
    cs.split(';')
        .any(|p| p.trim().to_ascii_lowercase().starts_with("entitypath="))
}

/// Resolve the source, store, dead-letter file and run options for `command`.
pub async fn open(
    args: &SourceArgs,
    ctx: &Ctx,
    command: &str,
    default_hub: &str,
) -> Result<Consumer> {
    let env = ProcessEnv;
    let state = state_dir(&env);
    let retry = RetryPolicy::with_retries(ctx.settings.http.max_retries);
    let store_spec = args.checkpoint_store.clone();
    // The store is resolved (and its transport checked) before the source connects.
    let store = match (store_spec, args.from_file.is_none()) {
        (Some(spec), _) => Some(spec),
        (None, true) => Some("file:".to_string()),
        (None, false) => None,
    };
    let store = match store {
        Some(spec) => {
            let opts = StoreOptions {
                default_dir: Some(state.join("checkpoints")),
                tokens: Some(crate::auth::token_source(&ctx.settings.auth)),
                account_key: args
                    .storage_account_key
                    .clone()
                    .map(crate::settings::Secret::new),
                container: None,
                retry,
            };
            let bad = |e| UsageError::new(format!("--checkpoint-store: {e}"));
            let parsed = parse_spec(&spec, &opts).map_err(bad)?;
            if let StoreSpec::Blob { container_url, .. } = &parsed {
                transport::check_url(
                    "--checkpoint-store",
                    container_url,
                    ctx.settings.allow_insecure_transport,
                )?;
            }
            Some(parsed.open(retry).map_err(bad)?)
        }
        None => None,
    };
    let (source, describe): (Arc<dyn EventSource>, String) = if let Some(path) = &args.from_file {
        let source = NdjsonPipelineSource::open(path.clone())
            .await
            .map_err(events_error)?;
        (Arc::new(source), format!("NDJSON {}", path.display()))
    } else {
        let start = parse_start(args.start.as_deref())?;
        let cs = args.connection_string.clone().or_else(|| {
            ctx.settings
                .eventhub_connection_string
                .as_ref()
                .map(|s| s.expose().to_string())
        });
        let mut cfg = match (&cs, &args.namespace) {
            (Some(cs), _) => {
                let hub = if has_entity_path(cs) {
                    args.eventhub.clone()
                } else {
                    Some(args.eventhub.clone().unwrap_or_else(|| default_hub.into()))
                };
                EventHubsConfig::from_connection_string(cs, hub.as_deref()).map_err(events_error)?
            }
            (None, Some(ns)) => {
                let hub = args.eventhub.clone().unwrap_or_else(|| default_hub.into());
                EventHubsConfig::entra(ns, &hub, crate::auth::token_credential(&ctx.settings.auth))
            }
            (None, None) => {
                return Err(UsageError::new("no event source given")
                    .with_hint("set TWINBRIDGE_EVENTHUB_CONNECTION_STRING (or the sample's EVENTHUB_CONNECTIONSTRING), or pass --namespace for Entra ID, or --from-file PATH|- for NDJSON")
                    .into());
            }
        };
        if let Some(cg) = &args.consumer_group {
            cfg = cfg.with_consumer_group(cg.clone());
        }
        if args.transport == Some(EventHubsTransport::Websockets) {
            cfg = cfg.with_transport(Transport::WebSockets);
        }
        if let Some(endpoint) = cfg
            .custom_endpoint
            .as_deref()
            .filter(|e| e.starts_with("amqp://"))
        {
            // UseDevelopmentEmulator=true: plain AMQP, the SAS token in clear.
            transport::check_plain(
                "the Event Hubs connection string's UseDevelopmentEmulator=true endpoint",
                endpoint,
                &cfg.fully_qualified_namespace,
                ctx.settings.allow_insecure_transport,
                "drop UseDevelopmentEmulator=true for a real namespace (AMQP over TLS)",
            )?;
        }
        let describe = format!(
            "{} {} (consumer group {})",
            cfg.endpoint_display(),
            cfg.hub,
            cfg.consumer_group
        );
        let src = EventHubsPipelineSource::connect(cfg, start)
            .await
            .map_err(events_error)?;
        (Arc::new(src), describe)
    };
    let dl_path: PathBuf = args
        .dead_letter
        .clone()
        .unwrap_or_else(|| state.join("dead-letters").join(format!("{command}.ndjson")));
    let dead_letters = DeadLetters::open(&dl_path)
        .wrap_err_with(|| format!("cannot open the dead-letter file {}", dl_path.display()))?;
    if let Some(t) = dead_letters.torn() {
        ctx.printer.warn(format!(
            "the dead-letter file {} ended in a partial line ({} bytes at byte {}), left by a \
             crash mid-write; it was terminated so new lines stay whole, and a replay reports it \
             as a malformed line",
            dl_path.display(),
            t.len,
            t.offset
        ));
    }
    let mut run = RunOptions::default();
    if let Some(id) = &args.owner_id {
        run.owner_id = id.clone();
    }
    run.until_idle = args.until_idle.map(Duration::from);
    if let Some(e) = args.ownership_expiry {
        run.ownership_expiry = e.into();
        // Renew well within the expiry.
        run.balance_every = run
            .balance_every
            .min(run.ownership_expiry / 3)
            .max(Duration::from_millis(200));
    }
    Ok(Consumer {
        source,
        store,
        describe,
        dead_letters,
        run,
    })
}

/// [`open`], abandoned at once (None) when `cancel` fires first: connecting to Event Hubs can
/// take a while (retries with backoff), and a stop signal must not wait for it.
pub async fn open_or_stop(
    args: &SourceArgs,
    ctx: &Ctx,
    command: &str,
    default_hub: &str,
    cancel: &tokio_util::sync::CancellationToken,
) -> Result<Option<Consumer>> {
    tokio::select! {
        c = open(args, ctx, command, default_hub) => c.map(Some),
        _ = cancel.cancelled() => {
            ctx.printer.info(format!("{command}: interrupted while connecting; nothing was read"));
            Ok(None)
        }
    }
}

/// An event-source error as a report (configuration problems exit 2 with their hint).
pub fn events_error(e: crate::events::EventsError) -> color_eyre::Report {
    match &e {
        crate::events::EventsError::Config { message, hint } => UsageError::new(message.clone())
            .with_hint(hint.clone())
            .into(),
        _ => color_eyre::Report::new(e),
    }
}

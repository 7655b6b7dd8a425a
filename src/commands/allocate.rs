//! `twinbridge allocate serve` (the webhook DPS calls) and `twinbridge allocate --request FILE`
//! (one AllocationRequest through the same policy, for support engineers and tests).
use super::Ctx;
use crate::cli::{AllocateArgs, AllocateCommand, AllocateServeArgs};
use crate::dps::allocation::{Allocation, AllocationError, AllocationRequest, Allocator};
use crate::dps::webhook::{FunctionKeys, Webhook, WebhookAuth, WebhookConfig};
use crate::error::{Exit, UsageError};
use crate::output::{SCHEMA_VERSION, new_table, sanitize};
use crate::settings::allocate::{
    AllocateSettings, KEYS_ENV, ServeSettings, resolve_allocate, resolve_serve,
};
use crate::settings::{self, ConfigFile, ProcessEnv};
use color_eyre::Section;
use color_eyre::eyre::{Result, WrapErr, eyre};
use serde_json::json;
use std::io::Read;
use std::sync::Arc;
use std::time::Duration;

pub async fn run(args: Box<AllocateArgs>, ctx: &Ctx) -> Result<Exit> {
    let args = *args;
    let file = match &ctx.settings.config_path {
        Some(p) => settings::load_config(p, false)?,
        None => None,
    };
    let profile = ctx.settings.profile.as_deref();
    match (args.command, args.request) {
        (Some(_), Some(_)) => Err(UsageError::new("--request runs one allocation and exits; it cannot be combined with `serve`")
            .with_hint("use `twinbridge allocate --request FILE` or `twinbridge allocate serve`")
            .into()),
        (Some(AllocateCommand::Serve(sa)), None) => {
            if args.dry_run {
                return Err(UsageError::new("--dry-run applies to --request only")
                    .with_hint("the webhook always writes; try a request first with `allocate --request FILE --dry-run`")
                    .into());
            }
            let policy = resolve_allocate(&args.policy, file.as_ref(), profile)?;
            serve(sa, policy, file.as_ref(), ctx).await
        }
        (None, Some(path)) => {
            let policy = resolve_allocate(&args.policy, file.as_ref(), profile)?;
            one_shot(&path, args.dry_run, policy, ctx).await
        }
        (None, None) => Err(UsageError::new("say what to do: serve the webhook, or run one request")
            .with_hint("`twinbridge allocate serve --key-file keys.txt --allow-model 'dtmi:yourcompany:*'` or `twinbridge allocate --request request.json --allow-model ...`")
            .into()),
    }
}

/// Read the request from a file or stdin.
fn read_request(path: &str) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    let result = if path == "-" {
        std::io::stdin().read_to_end(&mut buf).map(|_| ())
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut buf).map(|_| ()))
    };
    result.map_err(|e| {
        UsageError::new(format!(
            "cannot read the AllocationRequest from {path}: {e}"
        ))
        .with_hint("pass a JSON file (see examples/allocation-request.json) or - for stdin")
    })?;
    Ok(buf)
}

/// What DPS does with a status, in the words of its troubleshooting table.
fn dps_outcome(status: u16) -> &'static str {
    match status {
        200..=299 => "DPS assigns the device",
        401 => "DPS fails the registration (errorCode 400209 CustomAllocationUnauthorizedAccess)",
        429.. => "DPS retries the webhook (up to 10 times) while the device keeps polling",
        _ => "DPS fails the registration (errorCode 400207 CustomAllocationFailed)",
    }
}

async fn one_shot(path: &str, dry_run: bool, s: AllocateSettings, ctx: &Ctx) -> Result<Exit> {
    let body = read_request(path)?;
    let allow_unknown = s.policy.allow_unknown_fields;
    let allocator = Allocator::new(s.policy, ctx.adt()?)
        .with_cache_ttl(Duration::ZERO)
        .with_dry_run(dry_run);
    let result = match AllocationRequest::from_slice(&body, allow_unknown) {
        Ok(req) => allocator.allocate(&req).await,
        Err(e) => Err(e),
    };
    let p = &ctx.printer;
    match result {
        Ok(a) => {
            if p.is_json() {
                p.json(&json!({
                    "schema_version": SCHEMA_VERSION,
                    "status": 200,
                    "dry_run": dry_run,
                    "response": a.response,
                    "twin_id": a.twin_id,
                    "model": a.model,
                    "action": a.action,
                    "hub": a.hub,
                    "parent": a.parent.as_ref().map(|(id, link)| json!({ "twin_id": id, "link": link })),
                    "adt_calls": a.adt_calls,
                }))?;
            } else {
                render_table(&a, dry_run, ctx)?;
            }
            Ok(Exit::Success)
        }
        Err(e) => {
            let status = e.status();
            if p.is_json() {
                let mut doc = e.body();
                doc["schema_version"] = json!(SCHEMA_VERSION);
                doc["status"] = json!(status);
                doc["dps"] = json!(dps_outcome(status));
                p.json(&doc)?;
                return Ok(Exit::Failure);
            }
            Err(eyre!("the webhook would answer {status} {}: {e}", e.code())
                .note(dps_outcome(status))
                .suggestion(suggestion(&e)))
        }
    }
}

fn render_table(a: &Allocation, dry_run: bool, ctx: &Ctx) -> Result<()> {
    let p = &ctx.printer;
    let mut t = new_table(
        &["STATUS", "HUB", "TWIN", "MODEL", "ACTION", "PARENT"],
        p.stdout_tty,
    );
    let parent = a
        .parent
        .as_ref()
        .map(|(id, link)| {
            format!(
                "{} ({})",
                sanitize(id),
                serde_json::to_value(link)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            )
        })
        .unwrap_or_else(|| "-".into());
    t.add_row(vec![
        "200".into(),
        sanitize(&a.hub),
        sanitize(&a.twin_id),
        sanitize(&a.model),
        a.action.as_str().into(),
        parent,
    ]);
    p.table(&t)?;
    p.out("\nresponse body:\n")?;
    p.json(&serde_json::to_value(&a.response)?)?;
    if dry_run {
        p.info("dry run: nothing was written to ADT");
    }
    Ok(())
}

fn suggestion(e: &AllocationError) -> String {
    match e {
        AllocationError::ModelNotAllowed { .. } => {
            "allow the model with --allow-model (exact DTMI or a prefix ending in *)".into()
        }
        AllocationError::UnknownModel { .. } => {
            "upload the model: twinbridge models upload PATH".into()
        }
        AllocationError::ModelMismatch { .. } => {
            "pick --on-model-mismatch keep or replace, or delete the twin".into()
        }
        AllocationError::NoModel => {
            "have the device send payload.modelId, or set --default-model".into()
        }
        AllocationError::Throttled { .. } | AllocationError::AdtUnavailable { .. } => {
            "ADT is busy or unreachable; DPS would retry. Check --adt-url and try again".into()
        }
        _ => "see the message above; the request file is examples/allocation-request.json-shaped"
            .into(),
    }
}

/// Function keys from the key file and TWINBRIDGE_ALLOCATE_KEYS.
fn load_keys(ss: &ServeSettings) -> Result<Option<FunctionKeys>, UsageError> {
    let mut keys: Vec<String> = ss.env_keys.iter().map(|k| k.expose().to_string()).collect();
    if let Some(path) = &ss.key_file {
        let text = std::fs::read_to_string(path).map_err(|e| {
            UsageError::new(format!("cannot read key file {}: {e}", path.display())).with_hint(
                "one function key per line; check --key-file / TWINBRIDGE_ALLOCATE_KEY_FILE",
            )
        })?;
        let from_file = FunctionKeys::parse_file(&text);
        if from_file.is_empty() {
            return Err(
                UsageError::new(format!("key file {} has no keys", path.display()))
                    .with_hint("put one key per line; lines starting with # are comments"),
            );
        }
        keys.extend(from_file);
    }
    Ok(FunctionKeys::new(keys).ok())
}

async fn serve(
    sa: AllocateServeArgs,
    s: AllocateSettings,
    file: Option<&ConfigFile>,
    ctx: &Ctx,
) -> Result<Exit> {
    let ss = resolve_serve(&sa, &ProcessEnv, file, ctx.settings.profile.as_deref())?;
    let p = &ctx.printer;
    let auth = match (ss.no_auth, load_keys(&ss)?) {
        (true, keys) => {
            p.warn(format!("--no-auth: anyone who can reach {} can register devices and create twins; use it only behind something that authenticates DPS", ss.listen));
            if keys.is_some() {
                p.warn("--no-auth: the configured function keys are ignored");
            }
            WebhookAuth::None
        }
        (false, Some(keys)) => WebhookAuth::Keys(keys),
        (false, None) => {
            return Err(UsageError::new("no function keys configured, so DPS could not authenticate")
                .with_hint(format!("pass --key-file PATH (one key per line) or set {KEYS_ENV}; DPS sends the key as ?code=KEY in the webhook URL. --no-auth turns authentication off"))
                .into());
        }
    };
    if ss.tls.is_none() && !ss.listen.ip().is_loopback() {
        p.warn(format!("serving plain HTTP on {}: DPS calls over the internet, so terminate TLS in front of it or pass --tls-cert/--tls-key", ss.listen));
    }
    let keys_count = match &auth {
        WebhookAuth::Keys(k) => k.len(),
        WebhookAuth::None => 0,
    };
    let cfg = WebhookConfig {
        listen: ss.listen,
        path: ss.path.clone(),
        auth,
        tls: ss.tls.clone(),
        max_body_bytes: ss.max_body_bytes,
        request_timeout: ss.request_timeout,
        shutdown_timeout: ss.shutdown_timeout,
        metrics: crate::metrics::Metrics::new(),
    };
    let metrics = cfg.metrics.clone();
    let adt = ctx.adt()?;
    let allocator = Arc::new(Allocator::new(s.policy, adt.clone()).with_cache_ttl(s.cache_ttl));
    let mut signals = Signals::register()?;
    let webhook = Webhook::start(cfg, allocator)
        .await
        .wrap_err("the allocation webhook could not start")
        .suggestion("pick a free port with --listen (port 0 = any), and check the TLS files")?;
    let url = webhook.url().to_string();
    if p.is_json() {
        p.json_line(&json!({
            "schema_version": SCHEMA_VERSION,
            "url": url,
            "listen": webhook.local_addr().to_string(),
            "tls": ss.tls.is_some(),
            "auth": if keys_count > 0 { "function-key" } else { "none" },
            "keys": keys_count,
        }))?;
    } else {
        let mut t = new_table(&["ENDPOINT", "URL"], p.stdout_tty);
        let base = url.trim_end_matches(&ss.path).to_string();
        t.add_row(vec!["allocation webhook".into(), url.clone()]);
        t.add_row(vec!["health".into(), format!("{base}/healthz")]);
        t.add_row(vec!["readiness".into(), format!("{base}/readyz")]);
        t.add_row(vec!["metrics".into(), format!("{base}/metrics")]);
        p.table(&t)?;
        p.info(format!(
            "{keys_count} function key(s); set the enrollment's webhook URL to {url}?code=KEY\nPress Ctrl-C to stop."
        ));
    }
    let checker = tokio_util::sync::CancellationToken::new();
    tokio::spawn(crate::service::keep_adt_checked(
        adt,
        metrics.clone(),
        checker.clone(),
    ));
    wait_for_stop(&mut signals, &webhook, &ss, ctx).await;
    metrics.readiness().stopping();
    checker.cancel();
    p.info("stopping: finishing requests in progress");
    let metrics = webhook.metrics();
    webhook.stop().await;
    let ok: u64 = ["created", "reused", "replaced", "kept"]
        .iter()
        .map(|o| metrics.outcome_count(o))
        .sum();
    p.info(format!(
        "allocated {ok} device(s): {} created, {} reused, {} replaced, {} kept",
        metrics.outcome_count("created"),
        metrics.outcome_count("reused"),
        metrics.outcome_count("replaced"),
        metrics.outcome_count("kept"),
    ));
    Ok(Exit::Success)
}

/// The stop and reload signals, registered before the endpoint is announced so a signal sent
/// right after the announcement is never lost to the default action.
struct Signals {
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
    #[cfg(unix)]
    int: tokio::signal::unix::Signal,
    #[cfg(unix)]
    hup: tokio::signal::unix::Signal,
}

impl Signals {
    fn register() -> Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Self {
                term: signal(SignalKind::terminate())?,
                int: signal(SignalKind::interrupt())?,
                hup: signal(SignalKind::hangup())?,
            })
        }
        #[cfg(not(unix))]
        Ok(Self {})
    }
}

/// Serve until Ctrl-C/SIGTERM; SIGHUP re-reads the keys and the certificate.
async fn wait_for_stop(signals: &mut Signals, webhook: &Webhook, ss: &ServeSettings, ctx: &Ctx) {
    #[cfg(unix)]
    loop {
        tokio::select! {
            _ = signals.term.recv() => return,
            _ = signals.int.recv() => return,
            _ = signals.hup.recv() => reload(webhook, ss, ctx),
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (signals, webhook, ss, ctx);
        let _ = tokio::signal::ctrl_c().await;
    }
}

fn reload(webhook: &Webhook, ss: &ServeSettings, ctx: &Ctx) {
    if !ss.no_auth {
        match load_keys(ss) {
            Ok(Some(keys)) => {
                ctx.printer.info(format!(
                    "SIGHUP: now accepting {} function key(s)",
                    keys.len()
                ));
                webhook.replace_keys(keys);
            }
            Ok(None) => ctx
                .printer
                .warn("SIGHUP: no keys found; keeping the previous keys"),
            Err(e) => ctx
                .printer
                .warn(format!("SIGHUP: {}; keeping the previous keys", e.message)),
        }
    }
    if let Some(files) = &ss.tls {
        match webhook.reload_tls(files) {
            Ok(()) => ctx.printer.info("SIGHUP: TLS certificate reloaded"),
            Err(e) => ctx
                .printer
                .warn(format!("SIGHUP: {e}; keeping the previous certificate")),
        }
    }
}

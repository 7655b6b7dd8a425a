//! One file per subcommand, each `run(args, &Ctx) -> Result<Exit>`; this file is the dispatch.
mod allocate;
mod completions;
mod consumer;
mod demo;
mod devices;
mod emulator;
mod mappings;
mod models;
mod service;
mod signals;
mod simulate_device;
mod sync_telemetry;
mod twins;
mod watch_lifecycle;

use crate::adt::{AdtClient, AdtConfig};
use crate::cli::{Cli, Command};
use crate::error::{Exit, UsageError};
use crate::output::{Printer, init_logging};
use crate::retry::RetryPolicy;
use crate::settings::{self, ProcessEnv, Settings};
use color_eyre::eyre::Result;

/// What every command gets: resolved settings and the printer.
pub struct Ctx {
    pub settings: Settings,
    pub printer: Printer,
}

impl Ctx {
    /// The ADT client for the configured instance.
    pub fn adt(&self) -> Result<AdtClient> {
        let s = &self.settings;
        let Some(url) = s.adt_url.clone() else {
            return Err(UsageError::new("no ADT instance configured")
                .with_hint("pass --adt-url URL or set TWINBRIDGE_ADT_URL (or the sample's ADT_SERVICE_URL); for a local one run `twinbridge emulator` and use http://127.0.0.1:8480")
                .into());
        };
        // Before any connection: a bearer token must not cross the network in clear.
        settings::transport::check_url("adt-url", &url, s.allow_insecure_transport)?;
        let cfg = AdtConfig {
            base_url: url,
            api_version: s.adt_api_version.clone(),
            timeout: s.http.timeout,
            retry: RetryPolicy::with_retries(s.http.max_retries),
            concurrency: s.http.concurrency,
        };
        Ok(AdtClient::new(cfg, crate::auth::token_source(&s.auth))?)
    }
}

/// Resolve settings, then run the command.
pub async fn dispatch(cli: Cli) -> Result<Exit> {
    let settings = settings::resolve(&cli.global, &ProcessEnv)?;
    // The demo shows its own progress; its embedded webhook's access log would be noise.
    let access_log = !matches!(cli.command, Some(Command::Demo(_)));
    init_logging(&settings.output, access_log);
    let printer = Printer::new(&settings.output);
    let ctx = Ctx { settings, printer };
    if cli.global.show_settings {
        return show_settings(&ctx);
    }
    let Some(command) = cli.command else {
        return Err(UsageError::new("no command given")
            .with_hint("run `twinbridge --help` for the list of commands")
            .into());
    };
    match command {
        Command::Demo(args) => demo::run(args, &ctx).await,
        Command::Twins(cmd) => twins::run(cmd, &ctx).await,
        Command::Emulator(args) => emulator::run(args, &ctx).await,
        Command::Completions(args) => completions::run(args, &ctx),
        Command::Allocate(args) => allocate::run(args, &ctx).await,
        Command::SyncTelemetry(args) => sync_telemetry::run(args, &ctx).await,
        Command::WatchLifecycle(args) => watch_lifecycle::run(args, &ctx).await,
        Command::SimulateDevice(args) => simulate_device::run(args, &ctx).await,
        Command::Models(cmd) => models::run(cmd, &ctx).await,
        Command::Devices(cmd) => devices::run(cmd, &ctx).await,
        Command::Mappings(args) => mappings::run(args, &ctx).await,
    }
}

/// `--show-settings`: every resolved setting with its origin, secrets redacted.
fn show_settings(ctx: &Ctx) -> Result<Exit> {
    let s = &ctx.settings;
    if ctx.printer.is_json() {
        let settings: serde_json::Map<String, serde_json::Value> = s
            .shown
            .iter()
            .map(|(k, v, o)| {
                (
                    k.clone(),
                    serde_json::json!({ "value": v, "origin": o.to_string() }),
                )
            })
            .collect();
        ctx.printer.json(&serde_json::json!({
            "schema_version": crate::output::SCHEMA_VERSION,
            "config_file": s.config_path.as_ref().map(|p| p.display().to_string()),
            "profile": s.profile,
            "settings": settings,
        }))?;
    } else {
        let mut t = crate::output::new_table(&["SETTING", "VALUE", "FROM"], ctx.printer.stdout_tty);
        for (k, v, o) in &s.shown {
            t.add_row(vec![k.clone(), v.clone(), o.to_string()]);
        }
        ctx.printer.table(&t)?;
    }
    Ok(Exit::Success)
}

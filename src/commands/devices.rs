//! `twinbridge devices list|show|delete`: the IoT Hub device registry through the service API,
//! against a real hub or the emulator (same connection string shape).
use super::Ctx;
use crate::cli::{
    DevicesCommand, DevicesDeleteArgs, DevicesListArgs, DevicesShowArgs, HubConnArgs,
};
use crate::error::{Exit, UsageError};
use crate::hub::service::{ServiceClient, ServiceError};
use crate::output::{SCHEMA_VERSION, new_table, sanitize};
use crate::retry::RetryPolicy;
use crate::settings::{self, DeviceFlags, ProcessEnv};
use color_eyre::Section;
use color_eyre::eyre::{Report, Result};
use serde_json::{Value, json};
use std::path::Path;
use std::sync::Arc;

pub async fn run(cmd: DevicesCommand, ctx: &Ctx) -> Result<Exit> {
    match cmd {
        DevicesCommand::List(a) => list(a, ctx).await,
        DevicesCommand::Show(a) => show(a, ctx).await,
        DevicesCommand::Delete(a) => delete(a, ctx).await,
    }
}

/// The TLS client configuration, trusting `ca` too.
pub fn tls_config(ca: Option<&Path>) -> Result<Arc<rustls::ClientConfig>> {
    let pem = match ca {
        Some(p) => Some(std::fs::read(p).map_err(|e| {
            UsageError::new(format!("cannot read --ca-cert {}: {e}", p.display()))
                .with_hint("the emulator writes its CA to emulator-ca.pem beside its state (see its startup output)")
        })?),
        None => None,
    };
    crate::hub::tls::client_config(pem.as_deref()).map_err(|e| {
        UsageError::new(format!(
            "--ca-cert {}: {e}",
            ca.map(|p| p.display().to_string()).unwrap_or_default()
        ))
        .into()
    })
}

/// The registry client for `conn`: Entra ID with `--hub-hostname` (token from the global
/// `--auth`), else the policy connection string.
pub(crate) fn client(conn: &HubConnArgs, ctx: &Ctx) -> Result<ServiceClient> {
    let file = match &ctx.settings.config_path {
        Some(p) => settings::load_config(p, false)?,
        None => None,
    };
    let profile = ctx.settings.profile.as_deref();
    let dev = settings::resolve_device(
        &DeviceFlags {
            ca_cert: conn.ca_cert.clone(),
            iothub_connection_string: conn.connection_string.clone(),
            ..DeviceFlags::default()
        },
        &ProcessEnv,
        file.as_ref(),
        profile,
    );
    let tls = || tls_config(dev.ca_cert.as_ref().map(|(p, _)| p.as_path()));
    let timeout = ctx.settings.http.timeout;
    let retry = RetryPolicy::with_retries(ctx.settings.http.max_retries);
    // An explicit connection string (flag/env) wins over a host name from the config file.
    let host = match conn.connection_string {
        Some(_) => conn
            .hub_hostname
            .clone()
            .map(|h| (h, settings::Origin::Flag)),
        None => settings::resolve_iothub_hostname(
            conn.hub_hostname.as_deref(),
            &ProcessEnv,
            file.as_ref(),
            profile,
        ),
    };
    if let Some((host, origin)) = host {
        tracing::debug!("IoT Hub {host} (from {origin}) with an Entra ID token");
        return ServiceClient::with_token(
            &host,
            crate::auth::token_source(&ctx.settings.auth),
            tls()?,
            timeout,
            retry,
        )
        .map_err(|e| {
            UsageError::new(format!("IoT Hub host name {host:?} (from {origin}): {e}"))
                .with_hint("e.g. --hub-hostname myhub.azure-devices.net")
                .into()
        });
    }
    let Some((cs, origin)) = dev.iothub_connection_string else {
        return Err(UsageError::new("no IoT Hub connection string or host name")
            .with_hint("pass --connection-string or set TWINBRIDGE_IOTHUB_CONNECTION_STRING (portal: IoT hub > Shared access policies > iothubowner); or --hub-hostname HOST with an Entra ID identity (--auth); the emulator prints its connection string")
            .into());
    };
    let parsed = crate::sas::ConnectionString::parse(cs.expose())
        .map_err(|e| UsageError::new(format!("IoT Hub connection string (from {origin}): {e}")))?;
    ServiceClient::new(parsed, tls()?, timeout, retry)
        .map_err(|e| UsageError::new(e.to_string()).into())
}

/// A registry error with its remedy.
pub(crate) fn report(e: ServiceError) -> Report {
    let hint = match &e {
        ServiceError::NotFound(_) => {
            Some("list device ids with `twinbridge devices list` (ids are case-sensitive)")
        }
        ServiceError::Unauthorized(_) => Some(
            "check the connection string's key and that its policy has registry read/write; with --hub-hostname, that the identity (--auth) has an IoT Hub data role (Registry Contributor)",
        ),
        ServiceError::Transport { .. } => {
            Some("check the HostName; for the emulator pass --ca-cert with its CA file")
        }
        _ => None,
    };
    let r = Report::new(e);
    match hint {
        Some(h) => r.suggestion(h),
        None => r,
    }
}

fn tag(twin: &Value, k: &str) -> String {
    twin.pointer(&format!("/tags/{k}"))
        .map(|v| {
            v.as_str()
                .map(str::to_string)
                .unwrap_or_else(|| v.to_string())
        })
        .map(|s| sanitize(&s))
        .unwrap_or_default()
}

fn s(twin: &Value, k: &str) -> String {
    sanitize(twin.get(k).and_then(Value::as_str).unwrap_or(""))
}

async fn list(a: DevicesListArgs, ctx: &Ctx) -> Result<Exit> {
    let svc = client(&a.conn, ctx)?;
    let q = match &a.condition {
        Some(c) => format!("SELECT * FROM devices WHERE {c}"),
        None => "SELECT * FROM devices".to_string(),
    };
    let mut twins = svc.query(&q).await.map_err(report)?;
    if let Some(n) = a.limit {
        twins.truncate(n);
    }
    if ctx.printer.is_json() {
        ctx.printer.json(&json!({"schema_version": SCHEMA_VERSION, "hub": svc.hub(), "count": twins.len(), "devices": twins}))?;
        return Ok(Exit::Success);
    }
    let mut t = new_table(
        &[
            "DEVICE ID",
            "STATUS",
            "CONNECTION",
            "dtId",
            "dtmi",
            "LAST ACTIVITY",
        ],
        ctx.printer.stdout_tty,
    );
    for tw in &twins {
        t.add_row(vec![
            s(tw, "deviceId"),
            s(tw, "status"),
            s(tw, "connectionState"),
            tag(tw, "dtId"),
            tag(tw, "dtmi"),
            s(tw, "lastActivityTime"),
        ]);
    }
    ctx.printer.table(&t)?;
    ctx.printer
        .info(format!("{} devices in {}", twins.len(), svc.hub()));
    Ok(Exit::Success)
}

/// Remove keys from an identity before it is shown.
fn redact(mut device: Value) -> Value {
    if let Some(sk) = device
        .pointer_mut("/authentication/symmetricKey")
        .and_then(Value::as_object_mut)
    {
        for v in sk.values_mut() {
            if !v.is_null() {
                *v = json!("<redacted>");
            }
        }
    }
    device
}

async fn show(a: DevicesShowArgs, ctx: &Ctx) -> Result<Exit> {
    let svc = client(&a.conn, ctx)?;
    let (device, twin) = tokio::join!(svc.device(&a.id), svc.twin(&a.id));
    let (device, twin) = (redact(device.map_err(report)?), twin.map_err(report)?);
    if ctx.printer.is_json() {
        ctx.printer
            .json(&json!({"schema_version": SCHEMA_VERSION, "device": device, "twin": twin}))?;
        return Ok(Exit::Success);
    }
    let mut t = new_table(&["FIELD", "VALUE"], ctx.printer.stdout_tty);
    let row = |k: &str, v: String| vec![k.to_string(), v];
    t.add_row(row("deviceId", s(&device, "deviceId")));
    t.add_row(row("status", s(&device, "status")));
    t.add_row(row("connectionState", s(&device, "connectionState")));
    t.add_row(row("lastActivityTime", s(&device, "lastActivityTime")));
    t.add_row(row("generationId", s(&device, "generationId")));
    t.add_row(row(
        "authentication",
        sanitize(
            device
                .pointer("/authentication/type")
                .and_then(Value::as_str)
                .unwrap_or(""),
        ),
    ));
    t.add_row(row(
        "tags",
        sanitize(&twin.get("tags").cloned().unwrap_or(json!({})).to_string()),
    ));
    t.add_row(row(
        "desired",
        sanitize(
            &twin
                .pointer("/properties/desired")
                .cloned()
                .unwrap_or(json!({}))
                .to_string(),
        ),
    ));
    t.add_row(row(
        "reported",
        sanitize(
            &twin
                .pointer("/properties/reported")
                .cloned()
                .unwrap_or(json!({}))
                .to_string(),
        ),
    ));
    ctx.printer.table(&t)?;
    Ok(Exit::Success)
}

async fn delete(a: DevicesDeleteArgs, ctx: &Ctx) -> Result<Exit> {
    let svc = client(&a.conn, ctx)?;
    if !a.yes {
        let q = format!(
            "delete {} device(s) from {}: {}?",
            a.ids.len(),
            svc.hub(),
            a.ids.join(", ")
        );
        if !ctx.printer.confirm(&q, "--yes")? {
            ctx.printer.info("nothing deleted");
            return Ok(Exit::Success);
        }
    }
    let mut results = Vec::new();
    let mut failed = 0;
    for id in &a.ids {
        match svc.delete_device(id).await {
            Ok(()) => results.push(json!({"device_id": id, "deleted": true})),
            Err(e) => {
                failed += 1;
                results.push(json!({"device_id": id, "deleted": false, "error": e.to_string()}));
            }
        }
    }
    if ctx.printer.is_json() {
        ctx.printer.json(
            &json!({"schema_version": SCHEMA_VERSION, "hub": svc.hub(), "results": results}),
        )?;
    } else {
        let mut t = new_table(&["DEVICE ID", "RESULT"], ctx.printer.stdout_tty);
        for r in &results {
            t.add_row(vec![
                sanitize(r["device_id"].as_str().unwrap_or("")),
                if r["deleted"] == json!(true) {
                    "deleted".into()
                } else {
                    sanitize(r["error"].as_str().unwrap_or(""))
                },
            ]);
        }
        ctx.printer.table(&t)?;
    }
    if failed > 0 {
        eprintln!("error: {failed} of {} deletions failed", a.ids.len());
        return Ok(Exit::Failure);
    }
    Ok(Exit::Success)
}

//! `twinbridge emulator`: start the local emulator, print its endpoints, serve until Ctrl-C.
use super::Ctx;
use crate::cli::EmulatorArgs;
use crate::emulator::{Emulator, EmulatorConfig, Realism};
use crate::error::Exit;
use crate::settings::{self, ProcessEnv};
use color_eyre::eyre::{Result, WrapErr};
use serde_json::json;

pub async fn run(args: EmulatorArgs, ctx: &Ctx) -> Result<Exit> {
    let file = match &ctx.settings.config_path {
        Some(p) => settings::load_config(p, false)?,
        None => None,
    };
    let s = settings::resolve_emulator(
        &args,
        &ProcessEnv,
        file.as_ref(),
        ctx.settings.profile.as_deref(),
    )?;
    let dev = settings::resolve_emulator_devices(
        &args.devices,
        &ProcessEnv,
        file.as_ref(),
        ctx.settings.profile.as_deref(),
        s.state.as_deref(),
    )?;
    let cfg = EmulatorConfig {
        host: s.host.parse()?,
        adt_port: s.adt_port,
        amqp_port: s.amqp_port,
        state: s.state.clone(),
        realism: Realism::new(s.latency, s.fault_rate, s.enforce_limits),
        hubs: s.hubs.clone(),
        list_page_size: 100,
        device_port: dev.port,
        devices: dev.config.clone(),
    };
    let mut signals = super::signals::StopSignals::register()?;
    let emulator = Emulator::start(cfg)
        .await
        .wrap_err("the emulator could not start")
        .map_err(|e| {
            color_eyre::Section::suggestion(
                e,
                "pick free ports with --adt-port, --amqp-port and --device-port (0 = any), or stop the other emulator",
            )
        })?;
    let adt_url = emulator.adt_url();
    let state = s.state.as_ref().map(|p| p.display().to_string());
    let hubs = emulator.events.hubs();
    let d = &emulator.devices;
    write_ca(&dev.ca_out, &d.ca_pem)?;
    let ca_path = dev.ca_out.display().to_string();
    let (dps_endpoint, scope) = (d.endpoint(), d.dps.id_scope.clone());
    let hub_cs = d.hub_connection_string();
    let groups: Vec<_> = d
        .dps
        .groups()
        .iter()
        .map(|g| json!({"id": g.id, "enabled": g.enabled, "allocation_webhook": g.webhook_url.as_deref().map(crate::secret::redact_url)}))
        .collect();
    if ctx.printer.is_json() {
        let eventhubs: Vec<_> = hubs
            .iter()
            .map(|(name, partitions)| {
                json!({
                    "name": name,
                    "partitions": partitions,
                    "connection_string": emulator.eventhubs_connection_string(name),
                    "inject_url": emulator.inject_url(name),
                })
            })
            .collect();
        ctx.printer.json_line(&json!({
            "schema_version": crate::output::SCHEMA_VERSION,
            "adt_url": adt_url,
            "amqp_endpoint": format!("amqp://{}", emulator.amqp_addr()),
            "eventhubs": eventhubs,
            "state": state,
            "latency_ms": s.latency.as_millis() as u64,
            "fault_rate": s.fault_rate,
            "enforce_limits": s.enforce_limits,
            "dps_endpoint": dps_endpoint,
            "id_scope": scope,
            "iothub_hostname": d.hub.host,
            "iothub_connection_string": hub_cs,
            "device_port": d.addr.port(),
            "ca_cert": ca_path,
            "ca_pem": d.ca_pem,
            "enrollment_groups": groups,
        }))?;
    } else {
        let mut t = crate::output::new_table(&["SURFACE", "ENDPOINT"], ctx.printer.stdout_tty);
        t.add_row(vec!["ADT data plane".to_string(), adt_url.clone()]);
        t.add_row(vec![
            "Event Hubs (AMQP)".to_string(),
            format!("amqp://{}", emulator.amqp_addr()),
        ]);
        for (name, partitions) in &hubs {
            t.add_row(vec![
                format!("event hub {name} ({partitions} partitions)"),
                emulator.eventhubs_connection_string(name),
            ]);
            t.add_row(vec![
                format!("inject into {name} (POST NDJSON)"),
                emulator.inject_url(name),
            ]);
        }
        t.add_row(vec![
            format!("DPS (MQTT + HTTPS, scope {scope})"),
            dps_endpoint.clone(),
        ]);
        t.add_row(vec![
            "IoT Hub (MQTT + HTTPS)".to_string(),
            d.hub.host.clone(),
        ]);
        t.add_row(vec![
            "IoT Hub connection string".to_string(),
            hub_cs.clone(),
        ]);
        t.add_row(vec!["CA certificate".to_string(), ca_path.clone()]);
        ctx.printer.table(&t)?;
        let group_key = if d
            .dps
            .group(crate::emulator::dps::DEFAULT_GROUP_ID)
            .is_some()
        {
            format!(
                " --group-key {}",
                crate::emulator::dps::WELL_KNOWN_GROUP_KEY
            )
        } else {
            " --group-key <your group key>".into()
        };
        ctx.printer.info(format!(
            "state: {}\nTry: TWINBRIDGE_ADT_URL={adt_url} twinbridge twins list\n     twinbridge simulate-device --dps-endpoint {dps_endpoint} --ca-cert {ca_path} --scope {scope}{group_key} --count 10\nPress Ctrl-C to stop.",
            state.as_deref().unwrap_or("in memory (lost on exit)")
        ));
    }
    signals.wait().await;
    ctx.printer.info("stopping the emulator");
    emulator.stop().await;
    Ok(Exit::Success)
}

/// Write the CA certificate where clients can point `--ca-cert`.
fn write_ca(path: &std::path::Path, pem: &str) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .wrap_err_with(|| format!("cannot create {}", dir.display()))?;
    }
    std::fs::write(path, pem).wrap_err_with(|| {
        format!(
            "cannot write the emulator's CA certificate to {} (choose another path with --ca-out)",
            path.display()
        )
    })
}

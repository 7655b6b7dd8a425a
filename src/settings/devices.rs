//! Settings of the device side: the `[device]` table (DPS endpoint, ID scope, extra CA, IoT Hub
//! connection string) used by `simulate-device` and `devices`, and the `[emulator.devices]`
//! table (the emulator's DPS and IoT Hub surfaces). Flags/env > profile > file > defaults.
use super::{ConfigFile, EnvSource, Layer, Origin, Secret, default_state_path};
use crate::cli::EmulatorDeviceArgs;
use crate::emulator::dps::{DpsConfig, EnrollmentGroup};
use crate::emulator::gateway::{DEFAULT_DEVICE_PORT, DevicesConfig};
use crate::error::UsageError;
use serde::Deserialize;
use std::path::PathBuf;

/// The global DPS endpoint.
pub const DEFAULT_DPS_ENDPOINT: &str = "global.azure-devices-provisioning.net";

/// The `[device]` table.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DeviceLayer {
    pub dps_endpoint: Option<String>,
    pub id_scope: Option<String>,
    pub ca_cert: Option<PathBuf>,
    pub iothub_connection_string: Option<String>,
    /// IoT Hub host name for Entra ID access to the service API (instead of a connection string).
    pub iothub_hostname: Option<String>,
}

/// The `[emulator.devices]` table.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct EmulatorDevicesLayer {
    pub device_port: Option<u16>,
    pub hub_hostname: Option<String>,
    pub id_scope: Option<String>,
    pub enrollment_groups: Option<Vec<String>>,
    pub allocation_webhook: Option<String>,
    pub enrichments: Option<Vec<String>>,
    pub dps_rate_limit: Option<u32>,
    pub ca_out: Option<PathBuf>,
}

/// Resolved device-side settings (each with where it came from).
#[derive(Debug, Clone)]
pub struct DeviceSettings {
    pub dps_endpoint: (String, Origin),
    pub id_scope: Option<(String, Origin)>,
    pub ca_cert: Option<(PathBuf, Origin)>,
    pub iothub_connection_string: Option<(Secret, Origin)>,
}

/// The `[device]` layers in precedence order (profile, then top level).
fn device_layers<'a>(
    file: Option<&'a ConfigFile>,
    profile: Option<&str>,
) -> Vec<(&'a DeviceLayer, Origin)> {
    let mut out = Vec::new();
    if let (Some(f), Some(p)) = (file, profile)
        && let Some(l) = f.profiles.get(p).and_then(|l: &Layer| l.device.as_ref())
    {
        out.push((
            l,
            Origin::File(format!("{} [profiles.{p}]", f.path.display())),
        ));
    }
    if let Some(f) = file
        && let Some(l) = f.base.device.as_ref()
    {
        out.push((l, Origin::File(f.path.display().to_string())));
    }
    out
}

/// Flag/env values given to a device-side command.
#[derive(Debug, Default, Clone)]
pub struct DeviceFlags {
    pub dps_endpoint: Option<String>,
    pub id_scope: Option<String>,
    pub ca_cert: Option<PathBuf>,
    pub iothub_connection_string: Option<String>,
}

/// Resolve the device-side settings.
pub fn resolve_device(
    flags: &DeviceFlags,
    env: &dyn EnvSource,
    file: Option<&ConfigFile>,
    profile: Option<&str>,
) -> DeviceSettings {
    let layers = device_layers(file, profile);
    let pick =
        |flag: &Option<String>, env_key: &str, f: &dyn Fn(&DeviceLayer) -> Option<String>| {
            if let Some(v) = flag {
                let o = if env.var(env_key).as_deref() == Some(v.as_str()) {
                    Origin::Env(env_key.into())
                } else {
                    Origin::Flag
                };
                return Some((v.clone(), o));
            }
            layers
                .iter()
                .find_map(|(l, o)| f(l).map(|v| (v, o.clone())))
        };
    let dps_endpoint = pick(&flags.dps_endpoint, "TWINBRIDGE_DPS_ENDPOINT", &|l| {
        l.dps_endpoint.clone()
    })
    .unwrap_or((DEFAULT_DPS_ENDPOINT.into(), Origin::Default));
    let id_scope = pick(&flags.id_scope, "TWINBRIDGE_ID_SCOPE", &|l| {
        l.id_scope.clone()
    });
    let ca_cert = pick(
        &flags.ca_cert.as_ref().map(|p| p.display().to_string()),
        "TWINBRIDGE_CA_CERT",
        &|l| l.ca_cert.as_ref().map(|p| p.display().to_string()),
    )
    .map(|(p, o)| (PathBuf::from(p), o));
    let cs = pick(
        &flags.iothub_connection_string,
        "TWINBRIDGE_IOTHUB_CONNECTION_STRING",
        &|l| l.iothub_connection_string.clone(),
    )
    .or_else(|| {
        env.var("IOTHUB_CONNECTION_STRING")
            .map(|v| (v, Origin::Env("IOTHUB_CONNECTION_STRING".into())))
    })
    .map(|(v, o)| (Secret::new(v), o));
    DeviceSettings {
        dps_endpoint,
        id_scope,
        ca_cert,
        iothub_connection_string: cs,
    }
}

/// The IoT Hub host name for Entra ID access (`--hub-hostname` / `TWINBRIDGE_IOTHUB_HOSTNAME`,
/// then `[device] iothub-hostname` in the profile, then the top level).
pub fn resolve_iothub_hostname(
    flag: Option<&str>,
    env: &dyn EnvSource,
    file: Option<&ConfigFile>,
    profile: Option<&str>,
) -> Option<(String, Origin)> {
    if let Some(v) = flag {
        let key = "TWINBRIDGE_IOTHUB_HOSTNAME";
        let o = if env.var(key).as_deref() == Some(v) {
            Origin::Env(key.into())
        } else {
            Origin::Flag
        };
        return Some((v.to_string(), o));
    }
    device_layers(file, profile)
        .into_iter()
        .find_map(|(l, o)| l.iothub_hostname.clone().map(|v| (v, o)))
}

/// Resolved emulator device-surface settings.
#[derive(Debug, Clone)]
pub struct EmulatorDevicesSettings {
    pub port: u16,
    pub config: DevicesConfig,
    pub ca_out: PathBuf,
}

/// Resolve `twinbridge emulator`'s DPS/IoT Hub flags over `[emulator.devices]`.
pub fn resolve_emulator_devices(
    a: &EmulatorDeviceArgs,
    env: &dyn EnvSource,
    file: Option<&ConfigFile>,
    profile: Option<&str>,
    state: Option<&std::path::Path>,
) -> Result<EmulatorDevicesSettings, UsageError> {
    let layers: Vec<&EmulatorDevicesLayer> = [
        profile.and_then(|p| file?.profiles.get(p)?.emulator.as_ref()?.devices.as_ref()),
        file.and_then(|f| f.base.emulator.as_ref()?.devices.as_ref()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let port = a
        .device_port
        .or_else(|| layers.iter().find_map(|l| l.device_port))
        .unwrap_or(DEFAULT_DEVICE_PORT);
    let groups_raw = if a.enrollment_groups.is_empty() {
        layers
            .iter()
            .find_map(|l| l.enrollment_groups.clone())
            .unwrap_or_default()
    } else {
        a.enrollment_groups.clone()
    };
    let mut groups = Vec::new();
    for g in &groups_raw {
        let (id, key) = g.split_once(':').ok_or_else(|| {
            UsageError::new(format!("enrollment group {g:?} is not ID:KEY"))
                .with_hint("e.g. --enrollment-group thermostats:<base64 group key>")
        })?;
        crate::sas::derive_device_key(key, "probe").map_err(|e| {
            UsageError::new(format!("enrollment group {id:?}: {e}"))
                .with_hint("the group key is base64, as the portal shows it")
        })?;
        groups.push(EnrollmentGroup::new(id, key, None));
    }
    let enrich_raw = if a.enrichments.is_empty() {
        layers.iter().find_map(|l| l.enrichments.clone())
    } else {
        Some(a.enrichments.clone())
    };
    let enrichments = match enrich_raw {
        None => crate::emulator::iothub::default_enrichments(),
        Some(list) => list
            .iter()
            .map(|e| {
                e.split_once('=')
                    .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
                    .filter(|(k, _)| !k.is_empty())
                    .ok_or_else(|| {
                        UsageError::new(format!("enrichment {e:?} is not KEY=VALUE"))
                            .with_hint("e.g. --enrichment 'dtId=$twin.tags.dtId'")
                    })
            })
            .collect::<Result<_, _>>()?,
    };
    let webhook = a
        .allocation_webhook
        .clone()
        .or_else(|| layers.iter().find_map(|l| l.allocation_webhook.clone()));
    if let Some(w) = &webhook {
        let ok = url::Url::parse(w).is_ok_and(|u| matches!(u.scheme(), "http" | "https"));
        if !ok {
            return Err(UsageError::new(format!(
                "allocation webhook {:?} is not an http(s) URL",
                crate::secret::redact_url(w)
            ))
            .with_hint("e.g. --allocation-webhook http://127.0.0.1:7071/api/allocate"));
        }
    }
    let ca_out = a
        .ca_out
        .clone()
        .or_else(|| layers.iter().find_map(|l| l.ca_out.clone()))
        .unwrap_or_else(|| {
            let base = state
                .map(|p| p.to_path_buf())
                .unwrap_or_else(|| default_state_path(env));
            base.parent()
                .map(|d| d.join("emulator-ca.pem"))
                .unwrap_or_else(|| PathBuf::from("emulator-ca.pem"))
        });
    Ok(EmulatorDevicesSettings {
        port,
        ca_out,
        config: DevicesConfig {
            hub_host: a
                .hub_hostname
                .clone()
                .or_else(|| layers.iter().find_map(|l| l.hub_hostname.clone())),
            enrichments,
            dps: DpsConfig {
                id_scope: a
                    .id_scope
                    .clone()
                    .or_else(|| layers.iter().find_map(|l| l.id_scope.clone()))
                    .unwrap_or_else(|| crate::emulator::dps::DEFAULT_ID_SCOPE.into()),
                groups,
                default_webhook: webhook,
                registrations_per_minute: a
                    .dps_rate_limit
                    .or_else(|| layers.iter().find_map(|l| l.dps_rate_limit)),
                in_process: a.in_process_allocation.then(|| {
                    crate::dps::allocation::AllocationPolicy {
                        allowed_models: vec![crate::dps::allocation::ModelPattern::Any],
                        ..Default::default()
                    }
                }),
                ..DpsConfig::default()
            },
            ..DevicesConfig::default()
        },
    })
}

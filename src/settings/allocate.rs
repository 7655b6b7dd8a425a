//! Settings of `twinbridge allocate`: flags/env > `[allocate]` in the profile > `[allocate]` at
//! the top of the config file > defaults, resolved into the core's [`AllocationPolicy`] and the
//! webhook's options. Pure: the environment comes in through [`EnvSource`].
use super::{ConfigFile, EnvSource, Secret, parse_duration};
use crate::cli::{AllocatePolicyArgs, AllocateServeArgs};
use crate::dps::allocation::{
    AllocationPolicy, DEFAULT_CACHE_TTL, HubPolicy, MismatchPolicy, ModelPattern, ParentSource,
    TwinIdTemplate,
};
use crate::dps::webhook::{DEFAULT_MAX_BODY, DEFAULT_PATH, TlsFiles};
use crate::error::UsageError;
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// Environment variable with accepted function keys (comma-separated); never a flag, so keys do
/// not show in `ps`.
pub const KEYS_ENV: &str = "TWINBRIDGE_ALLOCATE_KEYS";
/// Default listen address: loopback, so exposing the webhook is a decision.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

/// The `[allocate]` table. Keys are the long flag names (`allow-model` is a list, `hub-map`,
/// `tags` and `desired` are tables).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AllocateLayer {
    pub twin_id: Option<String>,
    pub default_model: Option<String>,
    pub allow_model: Option<Vec<String>>,
    pub on_model_mismatch: Option<String>,
    pub hub_policy: Option<String>,
    pub hub_map: Option<BTreeMap<String, String>>,
    pub sticky_hub: Option<bool>,
    pub parent_from: Option<String>,
    pub parent_relationship: Option<String>,
    pub tags: Option<BTreeMap<String, String>>,
    pub desired: Option<toml::Table>,
    pub response_payload: Option<bool>,
    pub cache_ttl: Option<String>,
    /// Refuse undocumented request fields (default false: accept and log them).
    pub strict_request: Option<bool>,
    /// The former name: `false` means strict.
    pub allow_unknown_fields: Option<bool>,
    pub listen: Option<String>,
    pub path: Option<String>,
    pub key_file: Option<PathBuf>,
    pub tls_cert: Option<PathBuf>,
    pub tls_key: Option<PathBuf>,
    pub max_body_bytes: Option<usize>,
    pub request_timeout: Option<String>,
    pub shutdown_timeout: Option<String>,
}

/// The resolved policy side (both `serve` and `--request`).
#[derive(Debug, Clone)]
pub struct AllocateSettings {
    pub policy: AllocationPolicy,
    pub cache_ttl: Duration,
}

/// The resolved server side of `allocate serve`.
#[derive(Debug, Clone)]
pub struct ServeSettings {
    pub listen: SocketAddr,
    pub path: String,
    pub key_file: Option<PathBuf>,
    /// Keys from `TWINBRIDGE_ALLOCATE_KEYS`.
    pub env_keys: Vec<Secret>,
    pub no_auth: bool,
    pub tls: Option<TlsFiles>,
    pub max_body_bytes: usize,
    pub request_timeout: Duration,
    pub shutdown_timeout: Duration,
}

/// The `[allocate]` layers that apply: the profile's first, then the top level.
fn layers<'a>(file: Option<&'a ConfigFile>, profile: Option<&str>) -> Vec<&'a AllocateLayer> {
    [
        profile.and_then(|p| file?.profiles.get(p)?.allocate.as_ref()),
        file.and_then(|f| f.base.allocate.as_ref()),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn usage(msg: impl Into<String>, hint: &str) -> UsageError {
    UsageError::new(msg).with_hint(hint)
}

fn split_pair<'a>(s: &'a str, what: &str, example: &str) -> Result<(&'a str, &'a str), UsageError> {
    s.split_once('=')
        .map(|(k, v)| (k.trim(), v.trim()))
        .filter(|(k, v)| !k.is_empty() && !v.is_empty())
        .ok_or_else(|| usage(format!("{what} {s:?} is not KEY=VALUE"), example))
}

/// A DTDL name: letters, digits and `_`, starting with a letter, not ending with `_`.
fn is_relationship_name(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !s.ends_with('_')
        && s.len() <= 64
}

/// Resolve the policy.
pub fn resolve_allocate(
    a: &AllocatePolicyArgs,
    file: Option<&ConfigFile>,
    profile: Option<&str>,
) -> Result<AllocateSettings, UsageError> {
    let ls = layers(file, profile);
    let from = |f: &dyn Fn(&AllocateLayer) -> Option<String>| ls.iter().find_map(|l| f(l));
    let mut p = AllocationPolicy::default();

    if let Some(t) = a.twin_id.clone().or_else(|| from(&|l| l.twin_id.clone())) {
        p.twin_id = TwinIdTemplate::parse(&t).map_err(|e| {
            usage(
                e,
                "e.g. --twin-id '{registrationId}' or '{enrollmentGroupId}-{registrationId}'",
            )
        })?;
    }
    p.default_model = a
        .default_model
        .clone()
        .or_else(|| from(&|l| l.default_model.clone()));
    if let Some(m) = &p.default_model {
        crate::dtdl::check_dtmi(m, 3).map_err(|e| {
            usage(
                format!("default-model {e}"),
                "e.g. --default-model 'dtmi:contosocom:DigitalTwins:Thermostat;2'",
            )
        })?;
    }
    let allowed: Vec<String> = if a.allow_models.is_empty() {
        ls.iter()
            .find_map(|l| l.allow_model.clone())
            .unwrap_or_default()
    } else {
        a.allow_models.clone()
    };
    p.allowed_models = allowed
        .iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| ModelPattern::parse(s))
        .collect::<Result<_, _>>()
        .map_err(|e| usage(e, "e.g. --allow-model 'dtmi:contosocom:*'"))?;
    match (&p.default_model, p.allowed_models.is_empty()) {
        (Some(m), true) => p.allowed_models.push(ModelPattern::Exact(m.clone())),
        (Some(m), false) if !p.allowed_models.iter().any(|pat| pat.matches(m)) => {
            return Err(usage(
                format!("default-model {m} is not in the allow-list"),
                "add it with --allow-model, or leave --allow-model out to allow only the default model",
            ));
        }
        (None, true) => {
            return Err(usage(
                "no models are allowed, so every registration would be refused",
                "pass --allow-model 'dtmi:yourcompany:*' (repeatable; '*' allows every model in the instance) or --default-model DTMI; or set allow-model in [allocate]",
            ));
        }
        _ => {}
    }
    if let Some(m) = a
        .on_model_mismatch
        .clone()
        .or_else(|| from(&|l| l.on_model_mismatch.clone()))
    {
        p.on_model_mismatch = m
            .parse::<MismatchPolicy>()
            .map_err(|e| usage(e, "reject (default), keep or replace"))?;
    }
    let rules: Vec<(String, String)> = if a.hub_map.is_empty() {
        ls.iter()
            .find_map(|l| l.hub_map.clone())
            .map(|m| m.into_iter().collect())
            .unwrap_or_default()
    } else {
        a.hub_map
            .iter()
            .map(|r| {
                split_pair(
                    r,
                    "hub-map rule",
                    "e.g. --hub-map 'dtmi:contosocom:*=hub1.azure-devices.net'",
                )
                .map(|(k, v)| (k.to_string(), v.to_string()))
            })
            .collect::<Result<_, _>>()?
    };
    let hub_policy = a
        .hub_policy
        .clone()
        .or_else(|| from(&|l| l.hub_policy.clone()))
        .unwrap_or_else(|| if rules.is_empty() { "hash" } else { "map" }.to_string());
    p.hub_policy = match hub_policy.as_str() {
        "first" | "hash" | "round-robin" if !rules.is_empty() => {
            return Err(usage(
                format!("hub-map is set but hub-policy is {hub_policy}"),
                "use --hub-policy map, or drop the hub-map rules",
            ));
        }
        "first" => HubPolicy::First,
        "hash" => HubPolicy::Hash,
        "round-robin" => HubPolicy::RoundRobin,
        "map" if rules.is_empty() => {
            return Err(usage(
                "hub-policy map needs at least one hub-map rule",
                "e.g. --hub-map 'dtmi:contosocom:*=hub1.azure-devices.net'",
            ));
        }
        "map" => HubPolicy::Map(
            rules
                .into_iter()
                .map(|(pat, hub)| ModelPattern::parse(&pat).map(|p| (p, hub)))
                .collect::<Result<_, _>>()
                .map_err(|e| usage(e, "hub-map keys are model patterns: DTMI, prefix*, or *"))?,
        ),
        other => {
            return Err(usage(
                format!("hub-policy {other:?} is not known"),
                "first, hash (default), round-robin or map",
            ));
        }
    };
    if let Some(v) = a
        .sticky_hub
        .or_else(|| ls.iter().find_map(|l| l.sticky_hub))
    {
        p.sticky_hub = v;
    }
    if let Some(src) = a
        .parent_from
        .clone()
        .or_else(|| from(&|l| l.parent_from.clone()))
    {
        p.parent = Some(
            ParentSource::parse(&src)
                .map_err(|e| usage(e, "e.g. --parent-from payload.parentId"))?,
        );
    }
    if let Some(r) = a
        .parent_relationship
        .clone()
        .or_else(|| from(&|l| l.parent_relationship.clone()))
    {
        if !is_relationship_name(&r) {
            return Err(usage(
                format!("parent-relationship {r:?} is not a DTDL relationship name"),
                "letters, digits and _, starting with a letter, e.g. contains",
            ));
        }
        p.parent_relationship = r;
    }
    let tags: Vec<(String, String)> = if a.tags.is_empty() {
        ls.iter()
            .find_map(|l| l.tags.clone())
            .map(|m| m.into_iter().collect())
            .unwrap_or_default()
    } else {
        a.tags
            .iter()
            .map(|t| {
                split_pair(t, "tag", "e.g. --tag site=north")
                    .map(|(k, v)| (k.to_string(), v.to_string()))
            })
            .collect::<Result<_, _>>()?
    };
    for (k, v) in tags {
        if k == "dtId" || k == "dtmi" {
            return Err(usage(
                format!("tag {k:?} is set by twinbridge itself"),
                "choose another tag name",
            ));
        }
        p.extra_tags.insert(k, Value::String(v));
    }
    p.desired_properties = match &a.desired {
        Some(text) => match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(m)) => m,
            Ok(_) | Err(_) => {
                return Err(usage(
                    format!("--desired {text:?} is not a JSON object"),
                    "e.g. --desired '{\"telemetryInterval\": 5}'",
                ));
            }
        },
        None => match ls.iter().find_map(|l| l.desired.clone()) {
            Some(t) => match serde_json::to_value(t) {
                Ok(Value::Object(m)) => m,
                _ => Map::new(),
            },
            None => Map::new(),
        },
    };
    if let Some(v) = a
        .response_payload
        .or_else(|| ls.iter().find_map(|l| l.response_payload))
    {
        p.response_payload = v;
    }
    let strict = if a.strict_request || a.allow_unknown_fields {
        a.strict_request
    } else {
        ls.iter()
            .find_map(|l| {
                l.strict_request
                    .or(l.allow_unknown_fields.map(|allow| !allow))
            })
            .unwrap_or(false)
    };
    p.allow_unknown_fields = !strict;
    let cache_ttl = match a.cache_ttl {
        Some(d) => d.into(),
        None => match from(&|l| l.cache_ttl.clone()) {
            Some(s) => parse_duration(
                "allocate.cache-ttl",
                &s,
                &super::Origin::File("config".into()),
            )?,
            None => DEFAULT_CACHE_TTL,
        },
    };
    Ok(AllocateSettings {
        policy: p,
        cache_ttl,
    })
}

/// Resolve the server options.
pub fn resolve_serve(
    a: &AllocateServeArgs,
    env: &dyn EnvSource,
    file: Option<&ConfigFile>,
    profile: Option<&str>,
) -> Result<ServeSettings, UsageError> {
    let ls = layers(file, profile);
    let from = |f: &dyn Fn(&AllocateLayer) -> Option<String>| ls.iter().find_map(|l| f(l));
    let listen_raw = a
        .listen
        .clone()
        .or_else(|| from(&|l| l.listen.clone()))
        .unwrap_or_else(|| DEFAULT_LISTEN.into());
    let listen: SocketAddr = listen_raw.parse().map_err(|_| {
        usage(
            format!("listen address {listen_raw:?} is not IP:PORT"),
            "e.g. --listen 0.0.0.0:8443 (port 0 picks a free port)",
        )
    })?;
    let path = a
        .path
        .clone()
        .or_else(|| from(&|l| l.path.clone()))
        .unwrap_or_else(|| DEFAULT_PATH.into());
    if !path.starts_with('/')
        || path.contains(['?', '#'])
        || matches!(path.as_str(), "/healthz" | "/metrics")
    {
        return Err(usage(
            format!(
                "path {path:?} must start with '/', have no query, and not be /healthz or /metrics"
            ),
            "e.g. --path /api/allocate",
        ));
    }
    let key_file = a
        .key_file
        .clone()
        .or_else(|| ls.iter().find_map(|l| l.key_file.clone()));
    let env_keys = env
        .var(KEYS_ENV)
        .map(|v| {
            v.split(',')
                .map(str::trim)
                .filter(|k| !k.is_empty())
                .map(Secret::new)
                .collect()
        })
        .unwrap_or_default();
    let cert = a
        .tls_cert
        .clone()
        .or_else(|| ls.iter().find_map(|l| l.tls_cert.clone()));
    let key = a
        .tls_key
        .clone()
        .or_else(|| ls.iter().find_map(|l| l.tls_key.clone()));
    let tls = match (cert, key) {
        (Some(cert), Some(key)) => Some(TlsFiles { cert, key }),
        (None, None) => None,
        _ => {
            return Err(usage(
                "TLS needs both a certificate and a key",
                "pass --tls-cert PEM and --tls-key PEM (or neither for plain HTTP behind a proxy)",
            ));
        }
    };
    let max_body_bytes = a
        .max_body_bytes
        .or_else(|| ls.iter().find_map(|l| l.max_body_bytes))
        .unwrap_or(DEFAULT_MAX_BODY);
    if max_body_bytes < 1024 {
        return Err(usage(
            format!("max-body-bytes {max_body_bytes} is too small for an AllocationRequest"),
            "use at least 1024; the default is 262144",
        ));
    }
    let dur = |flag: Option<humantime::Duration>,
               key: &str,
               get: &dyn Fn(&AllocateLayer) -> Option<String>,
               default: u64|
     -> Result<Duration, UsageError> {
        match flag {
            Some(d) => Ok(d.into()),
            None => match from(get) {
                Some(s) => parse_duration(key, &s, &super::Origin::File("config".into())),
                None => Ok(Duration::from_secs(default)),
            },
        }
    };
    let request_timeout = dur(
        a.request_timeout,
        "allocate.request-timeout",
        &|l| l.request_timeout.clone(),
        30,
    )?;
    let shutdown_timeout = dur(
        a.shutdown_timeout,
        "allocate.shutdown-timeout",
        &|l| l.shutdown_timeout.clone(),
        25,
    )?;
    if request_timeout.is_zero() {
        return Err(usage(
            "request-timeout must be more than 0s",
            "e.g. --request-timeout 30s",
        ));
    }
    Ok(ServeSettings {
        listen,
        path,
        key_file,
        env_keys,
        no_auth: a.no_auth,
        tls,
        max_body_bytes,
        request_timeout,
        shutdown_timeout,
    })
}

#[cfg(test)]
#[path = "allocate_tests.rs"]
mod tests;

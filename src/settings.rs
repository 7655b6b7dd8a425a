//! Settings resolution: flags > env (`TWINBRIDGE_*`, plus the sample's aliases) > config file
//! (top level, then `[profiles.NAME]`) > defaults, resolved once into typed settings.
//!
//! Reads the environment only through [`EnvSource`] and the file only in [`load_config`], so the
//! precedence rules are unit-tested without touching the process environment.
use crate::cli::{AuthMode, ColorChoice, EmulatorArgs, Format, GlobalArgs};
use crate::error::UsageError;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;
use url::Url;

/// Every environment variable twinbridge reads, with what it sets. README's table is checked
/// against this list by a test.
pub const ENV_VARS: &[(&str, &str)] = &[
    ("TWINBRIDGE_CONFIG", "config file path (--config)"),
    ("TWINBRIDGE_PROFILE", "config profile (--profile)"),
    ("TWINBRIDGE_ADT_URL", "ADT instance URL (--adt-url)"),
    (
        "ADT_SERVICE_URL",
        "alias of TWINBRIDGE_ADT_URL (the sample's setting)",
    ),
    (
        "AdtInstanceUrl",
        "alias of TWINBRIDGE_ADT_URL (the sample's setting)",
    ),
    (
        "TWINBRIDGE_ADT_API_VERSION",
        "ADT api-version (--adt-api-version)",
    ),
    ("TWINBRIDGE_AUTH", "credential mode (--auth)"),
    ("TWINBRIDGE_FORMAT", "output format (--format)"),
    ("TWINBRIDGE_COLOR", "colour (--color)"),
    ("TWINBRIDGE_TIMEOUT", "request timeout (--timeout)"),
    (
        "TWINBRIDGE_MAX_RETRIES",
        "retries of transient failures (--max-retries)",
    ),
    (
        "TWINBRIDGE_CONCURRENCY",
        "requests in flight per client (--concurrency)",
    ),
    (
        "TWINBRIDGE_EVENTHUB_CONNECTION_STRING",
        "Event Hubs connection string",
    ),
    (
        "EVENTHUB_CONNECTIONSTRING",
        "alias of TWINBRIDGE_EVENTHUB_CONNECTION_STRING (the sample's setting)",
    ),
    (
        "TWINBRIDGE_EMULATOR_HOST",
        "emulator listen address (emulator --host)",
    ),
    (
        "TWINBRIDGE_EMULATOR_ADT_PORT",
        "emulator ADT port (emulator --adt-port)",
    ),
    (
        "TWINBRIDGE_EMULATOR_AMQP_PORT",
        "emulator Event Hubs AMQP port (emulator --amqp-port)",
    ),
    (
        "TWINBRIDGE_EMULATOR_HUBS",
        "emulator event hubs, NAME:PARTITIONS comma-separated (emulator --hub)",
    ),
    (
        "TWINBRIDGE_EMULATOR_STATE",
        "emulator state file (emulator --state)",
    ),
    (
        "TWINBRIDGE_EMULATOR_LATENCY",
        "emulator added latency (emulator --latency)",
    ),
    (
        "TWINBRIDGE_EMULATOR_FAULT_RATE",
        "emulator fault rate (emulator --fault-rate)",
    ),
    (
        "TWINBRIDGE_ALLOCATE_LISTEN",
        "allocate webhook listen address (allocate serve --listen)",
    ),
    (
        "TWINBRIDGE_ALLOCATE_PATH",
        "allocate webhook path (allocate serve --path)",
    ),
    (
        "TWINBRIDGE_ALLOCATE_KEY_FILE",
        "allocate webhook function key file (allocate serve --key-file)",
    ),
    (
        "TWINBRIDGE_ALLOCATE_KEYS",
        "allocate webhook function keys, comma-separated (secret)",
    ),
    (
        "TWINBRIDGE_ALLOCATE_TLS_CERT",
        "allocate webhook TLS certificate (allocate serve --tls-cert)",
    ),
    (
        "TWINBRIDGE_ALLOCATE_TLS_KEY",
        "allocate webhook TLS key (allocate serve --tls-key)",
    ),
    (
        "TWINBRIDGE_ALLOCATE_MAX_BODY_BYTES",
        "allocate webhook body limit (allocate serve --max-body-bytes)",
    ),
    (
        "TWINBRIDGE_ALLOCATE_REQUEST_TIMEOUT",
        "allocate webhook request timeout (allocate serve --request-timeout)",
    ),
    (
        "TWINBRIDGE_ALLOCATE_SHUTDOWN_TIMEOUT",
        "allocate webhook shutdown grace (allocate serve --shutdown-timeout)",
    ),
    (
        "TWINBRIDGE_ALLOCATE_TWIN_ID",
        "allocate twin id template (allocate --twin-id)",
    ),
    (
        "TWINBRIDGE_ALLOCATE_DEFAULT_MODEL",
        "allocate default model (allocate --default-model)",
    ),
    (
        "TWINBRIDGE_ALLOCATE_ALLOW_MODELS",
        "allocate model allow-list, comma-separated (allocate --allow-model)",
    ),
    (
        "TWINBRIDGE_ALLOCATE_ON_MODEL_MISMATCH",
        "allocate mismatch policy (allocate --on-model-mismatch)",
    ),
    (
        "TWINBRIDGE_ALLOCATE_HUB_POLICY",
        "allocate hub policy (allocate --hub-policy)",
    ),
    (
        "TWINBRIDGE_ALLOCATE_HUB_MAP",
        "allocate model-to-hub rules, comma-separated (allocate --hub-map)",
    ),
    (
        "TWINBRIDGE_ALLOCATE_STICKY_HUB",
        "allocate keeps re-registering devices on their hub (allocate --sticky-hub)",
    ),
    (
        "TWINBRIDGE_ALLOCATE_PARENT_FROM",
        "allocate parent twin source (allocate --parent-from)",
    ),
    (
        "TWINBRIDGE_ALLOCATE_PARENT_RELATIONSHIP",
        "allocate parent relationship name (allocate --parent-relationship)",
    ),
    (
        "TWINBRIDGE_ALLOCATE_RESPONSE_PAYLOAD",
        "allocate returns dtId/dtmi to the device (allocate --response-payload)",
    ),
    (
        "TWINBRIDGE_ALLOCATE_CACHE_TTL",
        "allocate decision cache lifetime (allocate --cache-ttl)",
    ),
    (
        "TWINBRIDGE_DPS_ENDPOINT",
        "DPS host[:port] (simulate-device --dps-endpoint)",
    ),
    (
        "TWINBRIDGE_ID_SCOPE",
        "DPS ID scope (simulate-device --scope)",
    ),
    (
        "TWINBRIDGE_CA_CERT",
        "extra CA to trust, e.g. the emulator's (--ca-cert)",
    ),
    (
        "TWINBRIDGE_IOTHUB_CONNECTION_STRING",
        "IoT Hub policy connection string (devices --connection-string)",
    ),
    (
        "IOTHUB_CONNECTION_STRING",
        "alias of TWINBRIDGE_IOTHUB_CONNECTION_STRING",
    ),
    (
        "TWINBRIDGE_IOTHUB_HOSTNAME",
        "IoT Hub host name for Entra ID access (devices/mappings --hub-hostname)",
    ),
    (
        "TWINBRIDGE_GROUP_KEY",
        "enrollment group key (simulate-device --group-key)",
    ),
    (
        "TWINBRIDGE_DEVICE_KEY",
        "device key (simulate-device --device-key)",
    ),
    (
        "TWINBRIDGE_EMULATOR_DEVICE_PORT",
        "emulator DPS/IoT Hub TLS port (emulator --device-port)",
    ),
    (
        "TWINBRIDGE_EMULATOR_HUB_HOSTNAME",
        "emulator hub host name (emulator --hub-hostname)",
    ),
    (
        "TWINBRIDGE_EMULATOR_ID_SCOPE",
        "emulator DPS ID scope (emulator --id-scope)",
    ),
    (
        "TWINBRIDGE_EMULATOR_ALLOCATION_WEBHOOK",
        "emulator DPS allocation webhook (emulator --allocation-webhook)",
    ),
    (
        "TWINBRIDGE_EMULATOR_DPS_RATE_LIMIT",
        "emulator DPS registrations per minute (emulator --dps-rate-limit)",
    ),
    (
        "TWINBRIDGE_EMULATOR_CA_OUT",
        "where the emulator writes its CA (emulator --ca-out)",
    ),
    (
        "AZURE_TENANT_ID",
        "service principal / workload identity tenant (auth)",
    ),
    (
        "AZURE_CLIENT_ID",
        "service principal / workload / user-assigned managed identity client id (auth)",
    ),
    (
        "AZURE_CLIENT_SECRET",
        "service principal secret (auth client-secret)",
    ),
    (
        "AZURE_FEDERATED_TOKEN_FILE",
        "workload identity token file (auth workload-identity)",
    ),
    (
        "IDENTITY_ENDPOINT",
        "presence selects managed identity in auth auto",
    ),
    ("XDG_CONFIG_HOME", "where the default config file lives"),
    (
        "XDG_DATA_HOME",
        "where the emulator keeps its default state file",
    ),
    (
        "XDG_STATE_HOME",
        "where checkpoints (file: store) and dead-letter files go by default",
    ),
    (
        "TWINBRIDGE_CONSUMER_GROUP",
        "Event Hubs consumer group (--consumer-group)",
    ),
    (
        "TWINBRIDGE_CHECKPOINT_STORE",
        "checkpoint store spec (--checkpoint-store)",
    ),
    (
        "TWINBRIDGE_STORAGE_ACCOUNT_KEY",
        "storage account key for a blob checkpoint store",
    ),
    ("TWINBRIDGE_DEAD_LETTER", "dead-letter file (--dead-letter)"),
    (
        "TWINBRIDGE_OWNER_ID",
        "this consumer's owner id in the checkpoint store (--owner-id)",
    ),
    (
        "TWINBRIDGE_FLUSH_INTERVAL",
        "sync-telemetry coalescing interval (--flush-interval)",
    ),
    ("NO_COLOR", "disables colour in auto mode"),
    ("RUST_LOG", "log filter, overrides -v"),
];

pub const DEFAULT_ADT_API_VERSION: &str = "2023-10-31";
pub const DEFAULT_EMULATOR_ADT_PORT: u16 = 8480;

/// Where the process environment comes from (the real one, or a map in tests).
pub trait EnvSource {
    fn var(&self, key: &str) -> Option<String>;
}

/// The process environment.
pub struct ProcessEnv;

impl EnvSource for ProcessEnv {
    fn var(&self, key: &str) -> Option<String> {
        std::env::var(key).ok().filter(|v| !v.is_empty())
    }
}

impl EnvSource for BTreeMap<String, String> {
    fn var(&self, key: &str) -> Option<String> {
        self.get(key).cloned()
    }
}

/// A secret string: never printed by `Debug` or `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Self(s.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// One layer of the config file: the top level or one profile. Keys are the long flag names.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Layer {
    pub adt_url: Option<String>,
    pub adt_api_version: Option<String>,
    pub auth: Option<AuthMode>,
    pub format: Option<Format>,
    pub color: Option<ColorChoice>,
    pub timeout: Option<String>,
    pub max_retries: Option<u32>,
    pub concurrency: Option<usize>,
    pub eventhub_connection_string: Option<String>,
    pub emulator: Option<EmulatorLayer>,
    pub allocate: Option<allocate::AllocateLayer>,
    pub device: Option<devices::DeviceLayer>,
}

/// The `[emulator]` table.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct EmulatorLayer {
    pub host: Option<String>,
    pub adt_port: Option<u16>,
    pub amqp_port: Option<u16>,
    /// Event hubs as `NAME:PARTITIONS`.
    pub hubs: Option<Vec<String>>,
    pub state: Option<PathBuf>,
    pub latency: Option<String>,
    pub fault_rate: Option<f64>,
    pub enforce_limits: Option<bool>,
    pub devices: Option<devices::EmulatorDevicesLayer>,
}

/// A parsed config file.
#[derive(Debug, Default, Clone)]
pub struct ConfigFile {
    pub path: PathBuf,
    pub base: Layer,
    pub profiles: BTreeMap<String, Layer>,
}

/// Where a resolved value came from (for `--show-settings`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Flag,
    Env(String),
    File(String),
    Default,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Flag => f.write_str("flag"),
            Origin::Env(k) => write!(f, "env {k}"),
            Origin::File(p) => write!(f, "file {p}"),
            Origin::Default => f.write_str("default"),
        }
    }
}

/// Credential settings.
#[derive(Debug, Clone)]
pub struct AuthSettings {
    pub mode: AuthMode,
    pub tenant_id: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<Secret>,
    pub federated_token_file: Option<PathBuf>,
    /// IDENTITY_ENDPOINT / MSI_ENDPOINT / IMDS_ENDPOINT present: a managed identity environment.
    pub managed_identity_env: bool,
}

/// HTTP client behaviour shared by the service clients.
#[derive(Debug, Clone, Copy)]
pub struct HttpSettings {
    pub timeout: Duration,
    pub max_retries: u32,
    pub concurrency: usize,
}

/// Output settings.
#[derive(Debug, Clone, Copy)]
pub struct OutputSettings {
    pub format: Format,
    pub color: ColorChoice,
    pub quiet: bool,
    pub verbose: u8,
}

/// Emulator settings (`twinbridge emulator`).
#[derive(Debug, Clone)]
pub struct EmulatorSettings {
    pub host: String,
    pub adt_port: u16,
    pub amqp_port: u16,
    /// Event hubs to serve (name, partitions).
    pub hubs: Vec<(String, u32)>,
    /// None = in memory.
    pub state: Option<PathBuf>,
    pub latency: Duration,
    pub fault_rate: f64,
    pub enforce_limits: bool,
}

/// Everything resolved.
#[derive(Debug, Clone)]
pub struct Settings {
    pub config_path: Option<PathBuf>,
    pub profile: Option<String>,
    pub adt_url: Option<Url>,
    pub adt_api_version: String,
    pub auth: AuthSettings,
    pub http: HttpSettings,
    pub output: OutputSettings,
    pub eventhub_connection_string: Option<Secret>,
    /// (key, shown value with secrets redacted, origin) for `--show-settings`.
    pub shown: Vec<(String, String, Origin)>,
}

/// Read and parse a config file; `explicit` means the user named it, so it must exist.
pub fn load_config(path: &Path, explicit: bool) -> Result<Option<ConfigFile>, UsageError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => return Ok(None),
        Err(e) => {
            return Err(UsageError::new(format!(
                "cannot read config file {}: {e}",
                path.display()
            ))
            .with_hint("check --config / TWINBRIDGE_CONFIG"));
        }
    };
    parse_config(path, &text).map(Some)
}

/// Parse config text; errors name the file and the offending key.
pub fn parse_config(path: &Path, text: &str) -> Result<ConfigFile, UsageError> {
    let bad = |e: String| {
        UsageError::new(format!("config file {}: {e}", path.display()))
            .with_hint("keys are the long flag names, e.g. adt-url = \"https://...\"; profiles go in [profiles.NAME]")
    };
    let mut table: toml::Table = toml::from_str(text).map_err(|e| bad(e.to_string()))?;
    let profiles_value = table.remove("profiles");
    let base: Layer = toml::Value::Table(table)
        .try_into()
        .map_err(|e: toml::de::Error| bad(e.to_string()))?;
    let mut profiles = BTreeMap::new();
    if let Some(value) = profiles_value {
        let toml::Value::Table(t) = value else {
            return Err(bad(
                "`profiles` must be a table of [profiles.NAME] sections".into(),
            ));
        };
        for (name, layer) in t {
            let layer: Layer = layer
                .try_into()
                .map_err(|e: toml::de::Error| bad(format!("in [profiles.{name}]: {e}")))?;
            profiles.insert(name, layer);
        }
    }
    Ok(ConfigFile {
        path: path.to_path_buf(),
        base,
        profiles,
    })
}

/// The default config file location.
pub fn default_config_path(env: &dyn EnvSource) -> Option<PathBuf> {
    if let Some(x) = env.var("XDG_CONFIG_HOME") {
        return Some(PathBuf::from(x).join("twinbridge/config.toml"));
    }
    env.var("HOME")
        .map(|h| PathBuf::from(h).join(".config/twinbridge/config.toml"))
}

/// The default emulator state file.
pub fn default_state_path(env: &dyn EnvSource) -> PathBuf {
    if let Some(x) = env.var("XDG_DATA_HOME") {
        return PathBuf::from(x).join("twinbridge/emulator.sqlite");
    }
    match env.var("HOME") {
        Some(h) => PathBuf::from(h).join(".local/share/twinbridge/emulator.sqlite"),
        None => PathBuf::from("twinbridge-emulator.sqlite"),
    }
}

/// twinbridge's state directory: `$XDG_STATE_HOME/twinbridge`, else `~/.local/state/twinbridge`
/// (checkpoints of the `file:` store, dead-letter files).
pub fn state_dir(env: &dyn EnvSource) -> PathBuf {
    if let Some(x) = env.var("XDG_STATE_HOME") {
        return PathBuf::from(x).join("twinbridge");
    }
    match env.var("HOME") {
        Some(h) => PathBuf::from(h).join(".local/state/twinbridge"),
        None => PathBuf::from("twinbridge-state"),
    }
}

/// Resolves values layer by layer and records where each came from.
struct Resolver<'a> {
    env: &'a dyn EnvSource,
    file: Option<&'a ConfigFile>,
    profile: Option<&'a Layer>,
    profile_name: Option<String>,
    shown: Vec<(String, String, Origin)>,
}

impl<'a> Resolver<'a> {
    fn file_origin(&self, in_profile: bool) -> Origin {
        let path = self
            .file
            .map(|f| f.path.display().to_string())
            .unwrap_or_default();
        match (in_profile, &self.profile_name) {
            (true, Some(p)) => Origin::File(format!("{path} [profiles.{p}]")),
            _ => Origin::File(path),
        }
    }

    /// flag/env value, then env aliases, then profile, then file top level, then default.
    fn pick<T: Clone>(
        &mut self,
        key: &str,
        flag: Option<T>,
        env_key: Option<&str>,
        aliases: &[&str],
        from_layer: impl Fn(&Layer) -> Option<T>,
        parse_alias: impl Fn(String) -> Option<T>,
    ) -> Option<(T, Origin)> {
        if let Some(v) = flag {
            let origin = match env_key.filter(|k| self.env.var(k).is_some()) {
                Some(k) => Origin::Env(k.to_string()),
                None => Origin::Flag,
            };
            return Some((v, origin));
        }
        for alias in aliases {
            if let Some(v) = self.env.var(alias).and_then(&parse_alias) {
                return Some((v, Origin::Env((*alias).to_string())));
            }
        }
        if let Some(v) = self.profile.and_then(&from_layer) {
            return Some((v, self.file_origin(true)));
        }
        if let Some(v) = self.file.and_then(|f| from_layer(&f.base)) {
            return Some((v, self.file_origin(false)));
        }
        let _ = key;
        None
    }

    fn show(&mut self, key: &str, value: String, origin: Origin) {
        self.shown.push((key.to_string(), value, origin));
    }
}

fn parse_duration(key: &str, s: &str, origin: &Origin) -> Result<Duration, UsageError> {
    humantime::parse_duration(s).map_err(|e| {
        UsageError::new(format!(
            "{key} = {s:?} (from {origin}) is not a duration: {e}"
        ))
        .with_hint("write durations like 500ms, 30s, 2m")
    })
}

/// Normalise an ADT URL: add https:// when the scheme is missing; refuse anything else.
pub fn parse_adt_url(raw: &str, origin: &Origin) -> Result<Url, UsageError> {
    let candidate = if raw.contains("://") {
        raw.to_string()
    } else {
        format!("https://{raw}")
    };
    let url = Url::parse(&candidate).map_err(|e| {
        UsageError::new(format!("adt-url {raw:?} (from {origin}) is not a URL: {e}"))
            .with_hint("use the instance host name from the portal, e.g. https://myinstance.api.weu.digitaltwins.azure.net")
    })?;
    if !matches!(url.scheme(), "https" | "http") || url.host_str().is_none() {
        return Err(UsageError::new(format!(
            "adt-url {raw:?} (from {origin}) must be an http(s) URL with a host"
        )));
    }
    Ok(url)
}

/// True for http URLs on loopback: the emulator, which needs no credential.
pub fn is_local_http(url: &Url) -> bool {
    url.scheme() == "http"
        && match url.host() {
            Some(url::Host::Domain(d)) => d == "localhost",
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            None => false,
        }
}

/// Resolve global settings from parsed flags, the environment and the config file.
pub fn resolve(g: &GlobalArgs, env: &dyn EnvSource) -> Result<Settings, UsageError> {
    let (config_path, explicit) = match &g.config {
        Some(p) => (Some(p.clone()), true),
        None => (default_config_path(env), false),
    };
    let file = match &config_path {
        Some(p) => load_config(p, explicit)?,
        None => None,
    };
    resolve_with(g, env, file.as_ref())
}

/// Resolve with an already-loaded config file (unit-testable).
pub fn resolve_with(
    g: &GlobalArgs,
    env: &dyn EnvSource,
    file: Option<&ConfigFile>,
) -> Result<Settings, UsageError> {
    let profile = match (&g.profile, file) {
        (None, _) => None,
        (Some(name), Some(f)) => Some(f.profiles.get(name).ok_or_else(|| {
            let known: Vec<_> = f.profiles.keys().cloned().collect();
            UsageError::new(format!(
                "profile {name:?} is not in config file {}",
                f.path.display()
            ))
            .with_hint(if known.is_empty() {
                "the file defines no [profiles.NAME] sections".to_string()
            } else {
                format!("profiles defined there: {}", known.join(", "))
            })
        })?),
        (Some(name), None) => {
            return Err(UsageError::new(format!(
                "--profile {name} given but no config file was found"
            ))
            .with_hint("create $XDG_CONFIG_HOME/twinbridge/config.toml or pass --config"));
        }
    };
    let mut r = Resolver {
        env,
        file,
        profile,
        profile_name: g.profile.clone(),
        shown: Vec::new(),
    };

    let adt_url = match r.pick(
        "adt-url",
        g.adt_url.clone(),
        Some("TWINBRIDGE_ADT_URL"),
        &["ADT_SERVICE_URL", "AdtInstanceUrl"],
        |l| l.adt_url.clone(),
        Some,
    ) {
        Some((raw, origin)) => {
            let url = parse_adt_url(&raw, &origin)?;
            r.show("adt-url", url.to_string(), origin);
            Some(url)
        }
        None => {
            r.show("adt-url", "(not set)".into(), Origin::Default);
            None
        }
    };

    let (adt_api_version, o) = r
        .pick(
            "adt-api-version",
            g.adt_api_version.clone(),
            Some("TWINBRIDGE_ADT_API_VERSION"),
            &[],
            |l| l.adt_api_version.clone(),
            Some,
        )
        .unwrap_or((DEFAULT_ADT_API_VERSION.to_string(), Origin::Default));
    r.show("adt-api-version", adt_api_version.clone(), o);

    let (mut mode, o) = r
        .pick(
            "auth",
            g.auth,
            Some("TWINBRIDGE_AUTH"),
            &[],
            |l| l.auth,
            |_| None,
        )
        .unwrap_or((AuthMode::Auto, Origin::Default));
    if mode == AuthMode::Auto && adt_url.as_ref().is_some_and(is_local_http) {
        mode = AuthMode::None;
    }
    r.show("auth", format!("{mode:?}").to_lowercase(), o);

    let (format, o) = r
        .pick(
            "format",
            g.format,
            Some("TWINBRIDGE_FORMAT"),
            &[],
            |l| l.format,
            |_| None,
        )
        .unwrap_or((Format::Table, Origin::Default));
    r.show("format", format!("{format:?}").to_lowercase(), o);
    let (color, o) = r
        .pick(
            "color",
            g.color,
            Some("TWINBRIDGE_COLOR"),
            &[],
            |l| l.color,
            |_| None,
        )
        .unwrap_or((ColorChoice::Auto, Origin::Default));
    r.show("color", format!("{color:?}").to_lowercase(), o);

    let timeout = match r.pick(
        "timeout",
        g.timeout.map(Duration::from),
        Some("TWINBRIDGE_TIMEOUT"),
        &[],
        |_| None,
        |_| None,
    ) {
        Some(v) => Some(v),
        None => match r.pick("timeout", None, None, &[], |l| l.timeout.clone(), |_| None) {
            Some((s, o)) => Some((parse_duration("timeout", &s, &o)?, o)),
            None => None,
        },
    };
    let (timeout, o) = timeout.unwrap_or((Duration::from_secs(30), Origin::Default));
    r.show(
        "timeout",
        humantime::format_duration(timeout).to_string(),
        o,
    );
    let (max_retries, o) = r
        .pick(
            "max-retries",
            g.max_retries,
            Some("TWINBRIDGE_MAX_RETRIES"),
            &[],
            |l| l.max_retries,
            |_| None,
        )
        .unwrap_or((8, Origin::Default));
    r.show("max-retries", max_retries.to_string(), o);
    let (concurrency, o) = r
        .pick(
            "concurrency",
            g.concurrency,
            Some("TWINBRIDGE_CONCURRENCY"),
            &[],
            |l| l.concurrency,
            |_| None,
        )
        .unwrap_or((16, Origin::Default));
    if concurrency == 0 {
        return Err(UsageError::new(format!(
            "concurrency must be at least 1 (from {o})"
        )));
    }
    r.show("concurrency", concurrency.to_string(), o);

    let eh = r.pick(
        "eventhub-connection-string",
        None,
        None,
        &[
            "TWINBRIDGE_EVENTHUB_CONNECTION_STRING",
            "EVENTHUB_CONNECTIONSTRING",
        ],
        |l| l.eventhub_connection_string.clone(),
        Some,
    );
    let eventhub_connection_string = match eh {
        Some((v, o)) => {
            r.show(
                "eventhub-connection-string",
                redact_connection_string(&v),
                o,
            );
            Some(Secret::new(v))
        }
        None => {
            r.show(
                "eventhub-connection-string",
                "(not set)".into(),
                Origin::Default,
            );
            None
        }
    };

    let auth = AuthSettings {
        mode,
        tenant_id: env.var("AZURE_TENANT_ID"),
        client_id: env.var("AZURE_CLIENT_ID"),
        client_secret: env.var("AZURE_CLIENT_SECRET").map(Secret::new),
        federated_token_file: env.var("AZURE_FEDERATED_TOKEN_FILE").map(PathBuf::from),
        managed_identity_env: ["IDENTITY_ENDPOINT", "MSI_ENDPOINT", "IMDS_ENDPOINT"]
            .iter()
            .any(|k| env.var(k).is_some()),
    };
    for (k, v) in [
        ("AZURE_TENANT_ID", &auth.tenant_id),
        ("AZURE_CLIENT_ID", &auth.client_id),
    ] {
        if let Some(v) = v {
            r.show(k, v.clone(), Origin::Env(k.into()));
        }
    }
    if auth.client_secret.is_some() {
        r.show(
            "AZURE_CLIENT_SECRET",
            "<redacted>".into(),
            Origin::Env("AZURE_CLIENT_SECRET".into()),
        );
    }

    Ok(Settings {
        config_path: file.map(|f| f.path.clone()),
        profile: g.profile.clone(),
        adt_url,
        adt_api_version,
        auth,
        http: HttpSettings {
            timeout,
            max_retries,
            concurrency,
        },
        output: OutputSettings {
            format,
            color,
            quiet: g.quiet,
            verbose: g.verbose,
        },
        eventhub_connection_string,
        shown: r.shown,
    })
}

/// Resolve the emulator's settings (flags/env > `[emulator]` in profile/file > defaults).
pub fn resolve_emulator(
    a: &EmulatorArgs,
    env: &dyn EnvSource,
    file: Option<&ConfigFile>,
    profile: Option<&str>,
) -> Result<EmulatorSettings, UsageError> {
    let layers: Vec<&EmulatorLayer> = [
        profile.and_then(|p| file?.profiles.get(p)?.emulator.as_ref()),
        file.and_then(|f| f.base.emulator.as_ref()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let from = |f: &dyn Fn(&EmulatorLayer) -> Option<String>| layers.iter().find_map(|l| f(l));
    let host = a
        .host
        .clone()
        .or_else(|| from(&|l| l.host.clone()))
        .unwrap_or_else(|| "127.0.0.1".into());
    host.parse::<std::net::IpAddr>().map_err(|_| {
        UsageError::new(format!("emulator host {host:?} is not an IP address"))
            .with_hint("e.g. --host 127.0.0.1")
    })?;
    let adt_port = a
        .adt_port
        .or_else(|| layers.iter().find_map(|l| l.adt_port))
        .unwrap_or(DEFAULT_EMULATOR_ADT_PORT);
    let amqp_port = a
        .amqp_port
        .or_else(|| layers.iter().find_map(|l| l.amqp_port))
        .unwrap_or(DEFAULT_EMULATOR_AMQP_PORT);
    let hub_specs: Vec<String> = if a.hubs.is_empty() {
        layers
            .iter()
            .find_map(|l| l.hubs.clone())
            .unwrap_or_default()
    } else {
        a.hubs.clone()
    };
    let hubs = if hub_specs.is_empty() {
        crate::emulator::default_hubs()
    } else {
        hub_specs
            .iter()
            .map(|h| parse_hub_spec(h))
            .collect::<Result<Vec<_>, _>>()?
    };
    let state = if a.in_memory {
        None
    } else {
        Some(
            a.state
                .clone()
                .or_else(|| layers.iter().find_map(|l| l.state.clone()))
                .unwrap_or_else(|| default_state_path(env)),
        )
    };
    let latency = match a.latency {
        Some(d) => d.into(),
        None => match from(&|l| l.latency.clone()) {
            Some(s) => parse_duration("emulator.latency", &s, &Origin::File("config".into()))?,
            None => Duration::ZERO,
        },
    };
    let fault_rate = a
        .fault_rate
        .or_else(|| layers.iter().find_map(|l| l.fault_rate))
        .unwrap_or(0.0);
    if !(0.0..=1.0).contains(&fault_rate) {
        return Err(
            UsageError::new(format!("fault rate {fault_rate} must be between 0 and 1"))
                .with_hint("e.g. --fault-rate 0.05 for 5% of requests"),
        );
    }
    let enforce_limits = a.enforce_limits
        || layers
            .iter()
            .find_map(|l| l.enforce_limits)
            .unwrap_or(false);
    Ok(EmulatorSettings {
        host,
        adt_port,
        amqp_port,
        hubs,
        state,
        latency,
        fault_rate,
        enforce_limits,
    })
}

/// The emulator's AMQP port by default (the standard plain AMQP port).
pub const DEFAULT_EMULATOR_AMQP_PORT: u16 = 5672;

/// Parse `--hub NAME:PARTITIONS`.
pub fn parse_hub_spec(spec: &str) -> Result<(String, u32), UsageError> {
    let hint = "e.g. --hub deviceevents:4 (a name of letters, digits, '-', '_', '.'; 1 to 1024 partitions)";
    let (name, parts) = spec.split_once(':').ok_or_else(|| {
        UsageError::new(format!("event hub {spec:?} is not NAME:PARTITIONS")).with_hint(hint)
    })?;
    let name_ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    let parts: u32 = parts.trim().parse().unwrap_or(0);
    if !name_ok || !(1..=1024).contains(&parts) {
        return Err(
            UsageError::new(format!("event hub {spec:?} is not a valid NAME:PARTITIONS"))
                .with_hint(hint),
        );
    }
    Ok((name.to_string(), parts))
}

/// Replace the key in a connection string (`SharedAccessKey=...`, `SharedAccessSignature=...`).
/// Keys are matched as the parsers read them: trimmed and case-insensitive.
pub fn redact_connection_string(cs: &str) -> String {
    cs.split(';')
        .map(|part| match part.split_once('=') {
            Some((k, _))
                if k.trim().eq_ignore_ascii_case("SharedAccessKey")
                    || k.trim().eq_ignore_ascii_case("SharedAccessSignature")
                    || k.trim().eq_ignore_ascii_case("AccountKey") =>
            {
                format!("{k}=<redacted>")
            }
            _ => part.to_string(),
        })
        .collect::<Vec<_>>()
        .join(";")
}

pub mod allocate;
mod devices;
pub use devices::*;

#[cfg(test)]
mod tests;

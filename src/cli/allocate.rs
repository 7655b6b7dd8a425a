//! `twinbridge allocate` arguments: the policy options (shared by `serve` and `--request`) and
//! the server options of `allocate serve`.
use clap::{Args, Subcommand};
use std::path::PathBuf;

const ALLOCATE_HELP: &str = "\
Examples:
  twinbridge allocate serve --listen 0.0.0.0:8443 --key-file keys.txt \\
      --tls-cert cert.pem --tls-key key.pem --allow-model 'dtmi:contosocom:*'
  twinbridge allocate --request examples/allocation-request.json --allow-model 'dtmi:contosocom:*'
  cat failed.json | twinbridge allocate --request - --allow-model '*' --dry-run

Point the DPS enrollment's custom allocation webhook at https://HOST/api/allocate?code=KEY.";

/// Arguments of `twinbridge allocate`.
#[derive(Debug, Args)]
#[command(after_help = ALLOCATE_HELP)]
pub struct AllocateArgs {
    /// `serve`: run the webhook DPS calls.
    #[command(subcommand)]
    pub command: Option<AllocateCommand>,

    /// Run one AllocationRequest from FILE (`-` for stdin) through the same policy and print the
    /// response DPS would get; on refusal print the error and its HTTP status, and exit 1.
    #[arg(long, value_name = "FILE|-")]
    pub request: Option<String>,

    /// With --request: read ADT but write nothing; report what would be created or replaced.
    #[arg(long)]
    pub dry_run: bool,

    #[command(flatten)]
    pub policy: AllocatePolicyArgs,
}

/// `twinbridge allocate` subcommands.
#[derive(Debug, Subcommand)]
pub enum AllocateCommand {
    /// Serve the custom-allocation webhook DPS calls (replaces the sample's Azure Function).
    ///
    /// Prints the endpoint URL on stdout (one JSON line with --format json), logs one access
    /// line per request on stderr, and serves until Ctrl-C or SIGTERM; SIGHUP re-reads the key
    /// file and the TLS certificate.
    Serve(AllocateServeArgs),
}

/// The allocation policy; every option also works after `serve`.
#[derive(Debug, Args, Clone, Default)]
pub struct AllocatePolicyArgs {
    /// Twin id template over the request: {registrationId}, {enrollmentGroupId},
    /// {payload.NAME} [default: {registrationId}]. The result must be a valid twin id.
    #[arg(
        long,
        global = true,
        env = "TWINBRIDGE_ALLOCATE_TWIN_ID",
        value_name = "TEMPLATE"
    )]
    pub twin_id: Option<String>,

    /// Model for devices whose payload has no modelId (it must be allowed too).
    #[arg(
        long,
        global = true,
        env = "TWINBRIDGE_ALLOCATE_DEFAULT_MODEL",
        value_name = "DTMI"
    )]
    pub default_model: Option<String>,

    /// A model devices may claim: an exact DTMI, a prefix like 'dtmi:contosocom:*', or '*' for
    /// every model in the instance. Repeatable. Nothing is allowed unless configured (only the
    /// --default-model when that is set).
    #[arg(
        long = "allow-model",
        global = true,
        env = "TWINBRIDGE_ALLOCATE_ALLOW_MODELS",
        value_delimiter = ',',
        value_name = "PATTERN"
    )]
    pub allow_models: Vec<String>,

    /// When the twin exists with another model: reject (fail the registration), keep (keep the
    /// twin and its model) or replace (the sample's behaviour) [default: reject].
    #[arg(
        long,
        global = true,
        env = "TWINBRIDGE_ALLOCATE_ON_MODEL_MISMATCH",
        value_parser = ["reject", "keep", "replace"],
        value_name = "POLICY"
    )]
    pub on_model_mismatch: Option<String>,

    /// How to pick the IoT hub among linkedHubs: first, hash (stable per registration id),
    /// round-robin, or map (--hub-map) [default: hash].
    #[arg(
        long,
        global = true,
        env = "TWINBRIDGE_ALLOCATE_HUB_POLICY",
        value_parser = ["first", "hash", "round-robin", "map"],
        value_name = "POLICY"
    )]
    pub hub_policy: Option<String>,

    /// With --hub-policy map: devices of models matching PATTERN go to HUB. Repeatable; the
    /// most specific pattern wins; devices matching none are hashed.
    #[arg(
        long = "hub-map",
        global = true,
        env = "TWINBRIDGE_ALLOCATE_HUB_MAP",
        value_delimiter = ',',
        value_name = "PATTERN=HUB"
    )]
    pub hub_map: Vec<String>,

    /// Keep a re-registering device on its current hub while it is still linked
    /// [default: true].
    #[arg(
        long,
        global = true,
        env = "TWINBRIDGE_ALLOCATE_STICKY_HUB",
        value_name = "BOOL"
    )]
    pub sticky_hub: Option<bool>,

    /// Parent twin to relate to the device's twin: payload.FIELD (the device names it) or
    /// twin:ID (one fixed twin). Skipped when the parent does not exist.
    #[arg(
        long,
        global = true,
        env = "TWINBRIDGE_ALLOCATE_PARENT_FROM",
        value_name = "SOURCE"
    )]
    pub parent_from: Option<String>,

    /// Relationship from the parent to the device's twin [default: contains].
    #[arg(
        long,
        global = true,
        env = "TWINBRIDGE_ALLOCATE_PARENT_RELATIONSHIP",
        value_name = "NAME"
    )]
    pub parent_relationship: Option<String>,

    /// An extra initialTwin tag (besides dtId and dtmi). Repeatable.
    #[arg(long = "tag", global = true, value_name = "KEY=VALUE")]
    pub tags: Vec<String>,

    /// initialTwin.properties.desired as a JSON object [default: {}].
    #[arg(long, global = true, value_name = "JSON")]
    pub desired: Option<String>,

    /// Return {"dtId","dtmi"} to the device as the registration payload [default: true].
    #[arg(
        long,
        global = true,
        env = "TWINBRIDGE_ALLOCATE_RESPONSE_PAYLOAD",
        value_name = "BOOL"
    )]
    pub response_payload: Option<bool>,

    /// How long a decision about a twin (and a model's existence) is reused; 0s disables the
    /// cache [default: 10s].
    #[arg(
        long,
        global = true,
        env = "TWINBRIDGE_ALLOCATE_CACHE_TTL",
        value_name = "DURATION"
    )]
    pub cache_ttl: Option<humantime::Duration>,

    /// Answer 400 to a request with fields DPS does not document. By default such fields are
    /// accepted and logged, so a field DPS adds does not fail every registration.
    #[arg(long, global = true)]
    pub strict_request: bool,

    /// Accepted for compatibility: undocumented fields are accepted by default.
    #[arg(long, global = true, hide = true, conflicts_with = "strict_request")]
    pub allow_unknown_fields: bool,
}

/// `twinbridge allocate serve` options.
#[derive(Debug, Args, Clone, Default)]
pub struct AllocateServeArgs {
    /// Address to listen on [default: 127.0.0.1:8080]; use 0.0.0.0:PORT to accept DPS directly.
    #[arg(long, env = "TWINBRIDGE_ALLOCATE_LISTEN", value_name = "ADDR")]
    pub listen: Option<String>,

    /// Path of the allocation endpoint [default: /api/allocate].
    #[arg(long, env = "TWINBRIDGE_ALLOCATE_PATH", value_name = "PATH")]
    pub path: Option<String>,

    /// File of accepted function keys, one per line ('#' comments); DPS sends one as ?code=KEY.
    /// Keys may also come from TWINBRIDGE_ALLOCATE_KEYS (comma-separated).
    #[arg(long, env = "TWINBRIDGE_ALLOCATE_KEY_FILE", value_name = "PATH")]
    pub key_file: Option<PathBuf>,

    /// Accept requests without a key (only behind something that authenticates DPS).
    #[arg(long)]
    pub no_auth: bool,

    /// PEM certificate chain for HTTPS (with --tls-key); without it, plain HTTP.
    #[arg(long, env = "TWINBRIDGE_ALLOCATE_TLS_CERT", value_name = "PEM")]
    pub tls_cert: Option<PathBuf>,

    /// PEM private key for HTTPS (with --tls-cert).
    #[arg(long, env = "TWINBRIDGE_ALLOCATE_TLS_KEY", value_name = "PEM")]
    pub tls_key: Option<PathBuf>,

    /// Largest request body accepted; larger ones get 413 [default: 262144].
    #[arg(long, env = "TWINBRIDGE_ALLOCATE_MAX_BODY_BYTES", value_name = "BYTES")]
    pub max_body_bytes: Option<usize>,

    /// Longest an allocation may take before answering 503 so DPS retries [default: 30s].
    #[arg(
        long,
        env = "TWINBRIDGE_ALLOCATE_REQUEST_TIMEOUT",
        value_name = "DURATION"
    )]
    pub request_timeout: Option<humantime::Duration>,

    /// On SIGTERM/SIGINT, how long requests in progress may take to finish [default: 25s, under
    /// the 30 s Kubernetes and Container Apps wait before SIGKILL].
    #[arg(
        long,
        env = "TWINBRIDGE_ALLOCATE_SHUTDOWN_TIMEOUT",
        value_name = "DURATION"
    )]
    pub shutdown_timeout: Option<humantime::Duration>,
}

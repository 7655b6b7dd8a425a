//! Target `config_file`: the settings TOML file (`settings::parse_config`) and every resolver
//! that reads a parsed file (global settings, `[allocate]` policy and server, `[emulator]`,
//! `[emulator.devices]`, `[device]`), at the top level and for each profile. Seeds:
//! examples/config.toml, examples/mapping.toml and a hand-written file with every table and
//! key; mutated as bytes, by line (drop, duplicate, swap, replace a value), and generated from
//! known keys with values of every TOML type. Properties: no panic, no hang; a parse error
//! names the file.
use crate::check;
use crate::harness;
use crate::mutate::{self, Bytes};
use clap::Parser;
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use twinbridge::cli::{
    AllocatePolicyArgs, AllocateServeArgs, Cli, Command, EmulatorArgs, GlobalArgs,
};
use twinbridge::settings::allocate::{resolve_allocate, resolve_serve};
use twinbridge::settings::{
    ConfigFile, DeviceFlags, parse_config, resolve_device, resolve_emulator,
    resolve_emulator_devices, resolve_iothub_hostname, resolve_with,
};

const FULL: &str = r#"adt-url = "https://contoso-adt.api.weu.digitaltwins.azure.net"
adt-api-version = "2023-10-31"
auth = "cli"
format = "json"
color = "never"
timeout = "30s"
max-retries = 8
concurrency = 16
eventhub-connection-string = "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=p;SharedAccessKey=KEY;EntityPath=h"

[allocate]
twin-id = "{enrollmentGroupId}-{registrationId}"
default-model = "dtmi:contosocom:DigitalTwins:Thermostat;2"
allow-model = ["dtmi:contosocom:*", "*"]
on-model-mismatch = "replace"
hub-policy = "map"
hub-map = { "dtmi:contosocom:*" = "contoso-hub-1.azure-devices.net" }
sticky-hub = false
parent-from = "payload.parentId"
parent-relationship = "contains"
tags = { site = "berlin" }
desired = { interval = 5, mode = { on = true } }
response-payload = false
cache-ttl = "10s"
allow-unknown-fields = true
listen = "127.0.0.1:8080"
path = "/api/allocate"
max-body-bytes = 65536
request-timeout = "5s"
shutdown-timeout = "10s"

[device]
dps-endpoint = "localhost:8883"
id-scope = "0ne00000000"
iothub-connection-string = "HostName=h;DeviceId=d;SharedAccessKey=a2V5"
iothub-hostname = "contoso-hub.azure-devices.net"

[emulator]
host = "127.0.0.1"
adt-port = 8480
amqp-port = 5672
hubs = ["deviceevents:4", "lifecycleevents:2"]
latency = "20ms"
fault-rate = 0.05
enforce-limits = true

[emulator.devices]
device-port = 8883
hub-hostname = "localhost"
id-scope = "0ne00000001"
enrollment-groups = ["g1:a2V5"]
allocation-webhook = "http://127.0.0.1:8080/api/allocate"
enrichments = ["dtId=$twin.tags.dtId"]
dps-rate-limit = 100

[profiles.local]
adt-url = "http://127.0.0.1:8480"
auth = "none"
[profiles.local.allocate]
hub-policy = "round-robin"
[profiles.local.emulator]
adt-port = 0
"#;

const DICT: &[&str] = &[
    "\n",
    "=",
    " = ",
    "\"",
    "'''",
    "\"\"\"",
    "[",
    "]",
    "[[",
    "]]",
    "{",
    "}",
    ",",
    ".",
    "#",
    "[profiles.",
    "[profiles.x]\n",
    "profiles = 1\n",
    "[allocate]\n",
    "[emulator]\n",
    "[emulator.devices]\n",
    "[device]\n",
    "adt-url",
    "timeout",
    "latency",
    "hubs",
    "fault-rate",
    "hub-map",
    "desired",
    "twin-id",
    "listen",
    "cache-ttl",
    "max-body-bytes",
    "enrollment-groups",
    "enrichments",
    "inf",
    "nan",
    "-0",
    "1979-05-27T07:32:00Z",
    "1e400",
    "18446744073709551616",
    "-1",
    "0x7f",
    "true",
    "\\u0000",
    "\\uD800",
];

/// Keys with values of their type (edge cases included), to generate files that parse and
/// reach the resolvers.
const STR: &[&str] = &["\"\"", "\"x\"", "\"\\u0000\"", "\"=\"", "\":\"", "\"{}\""];
const DUR: &[&str] = &[
    "\"30s\"",
    "\"0ms\"",
    "\"18446744073709551615s\"",
    "\"99999999999999999999h\"",
    "\"1y\"",
    "\"-1s\"",
    "\"\"",
];
const INT: &[&str] = &["0", "1", "8", "65535"];
const BOOL: &[&str] = &["true", "false"];
const FLOAT: &[&str] = &["0.0", "1.5", "-0.5", "nan", "inf", "1e308", "-inf"];
const STRS: &[&str] = &[
    "[]",
    "[\"a:1\", \"b:0\"]",
    "[\"c:1025\", \":\"]",
    "[\"g1:a2V5\", \"g2:\"]",
    "[\"dtId=$twin.tags.dtId\", \"=\"]",
    "[\"*\", \"dtmi:a:*\", \"x\"]",
];
const TABLE: &[&str] = &[
    "{}",
    "{ a = \"b\" }",
    "{ \"dtmi:a:*\" = \"h\", \"*\" = \"\" }",
    "{ a = { b = [1, { c = 1e308 }] } }",
];

type Keys = &'static [(&'static str, &'static [&'static str])];

const TOP: Keys = &[
    (
        "adt-url",
        &[
            "\"https://x.example\"",
            "\"http://[::1]:0\"",
            "\"x\"",
            "\"ftp://h\"",
            "\"http://\"",
            "\"https://a b\"",
        ],
    ),
    ("adt-api-version", STR),
    (
        "auth",
        &[
            "\"none\"",
            "\"cli\"",
            "\"auto\"",
            "\"managed-identity\"",
            "\"x\"",
        ],
    ),
    ("format", &["\"json\"", "\"table\"", "\"x\""]),
    ("color", &["\"never\"", "\"always\"", "\"auto\""]),
    ("timeout", DUR),
    ("max-retries", INT),
    ("concurrency", INT),
    (
        "eventhub-connection-string",
        &[
            "\"Endpoint=sb://h/;SharedAccessKey=k;EntityPath=e\"",
            "\";;=\"",
            "\"\"",
        ],
    ),
];
const ALLOCATE: Keys = &[
    (
        "twin-id",
        &[
            "\"{registrationId}\"",
            "\"{payload.}\"",
            "\"{\"",
            "\"}}{{\"",
            "\"{payload.a.b}-{enrollmentGroupId}\"",
            "\"..\"",
        ],
    ),
    ("default-model", &["\"dtmi:a:b;1\"", "\"dtmi:\"", "\"x\""]),
    ("allow-model", STRS),
    (
        "on-model-mismatch",
        &["\"replace\"", "\"keep\"", "\"reject\"", "\"x\""],
    ),
    (
        "hub-policy",
        &[
            "\"map\"",
            "\"round-robin\"",
            "\"first\"",
            "\"hash\"",
            "\"x\"",
        ],
    ),
    ("hub-map", TABLE),
    ("sticky-hub", BOOL),
    (
        "parent-from",
        &[
            "\"payload.parentId\"",
            "\"payload.\"",
            "\"twin:..\"",
            "\"twin:\"",
            "\"twin:a/b\"",
        ],
    ),
    (
        "parent-relationship",
        &["\"contains\"", "\"\"", "\"a_\"", "\"1a\""],
    ),
    ("tags", TABLE),
    ("desired", TABLE),
    ("response-payload", BOOL),
    ("cache-ttl", DUR),
    ("allow-unknown-fields", BOOL),
    (
        "listen",
        &[
            "\"127.0.0.1:8080\"",
            "\"0.0.0.0:99999\"",
            "\"[::1]:0\"",
            "\"localhost:80\"",
        ],
    ),
    ("path", &["\"/api/allocate\"", "\"\"", "\"api\"", "\"/\""]),
    ("max-body-bytes", INT),
    ("request-timeout", DUR),
    ("shutdown-timeout", DUR),
];
const EMULATOR: Keys = &[
    (
        "host",
        &["\"127.0.0.1\"", "\"::1\"", "\"localhost\"", "\"x\"", "\"\""],
    ),
    ("adt-port", INT),
    ("amqp-port", INT),
    ("hubs", STRS),
    ("latency", DUR),
    ("fault-rate", FLOAT),
    ("enforce-limits", BOOL),
];
const DEVICES: Keys = &[
    ("device-port", INT),
    (
        "hub-hostname",
        &["\"localhost\"", "\"h:99999\"", "\"\"", "\"[::1]:1\""],
    ),
    ("id-scope", STR),
    ("enrollment-groups", STRS),
    (
        "allocation-webhook",
        &["\"http://127.0.0.1:1/a\"", "\"x\"", "\"\""],
    ),
    ("enrichments", STRS),
    ("dps-rate-limit", INT),
];
const DEVICE: Keys = &[
    (
        "dps-endpoint",
        &[
            "\"localhost:8883\"",
            "\"mqtts://h:1/\"",
            "\"\"",
            "\"h:99999\"",
        ],
    ),
    ("id-scope", STR),
    (
        "iothub-connection-string",
        &["\"HostName=h;DeviceId=d;SharedAccessKey=a2V5\"", "\"x\""],
    ),
    ("iothub-hostname", STR),
];

fn table(keys: Keys) -> impl Strategy<Value = String> {
    prop::collection::vec((0..keys.len(), any::<usize>(), 0..40u8), 0..6).prop_map(move |kvs| {
        let mut seen = std::collections::HashSet::new();
        kvs.iter()
            .filter(|(k, _, _)| seen.insert(*k))
            .map(|(k, v, wild)| {
                let (key, values) = keys[*k];
                // Now and then a value of another type.
                let value = if *wild == 0 {
                    VALUES[v % VALUES.len()]
                } else {
                    values[v % values.len()]
                };
                format!("{key} = {value}\n")
            })
            .collect::<String>()
    })
}

fn generated() -> impl Strategy<Value = Bytes> {
    (
        (table(TOP), table(ALLOCATE), table(EMULATOR), table(DEVICES), table(DEVICE)),
        (table(TOP), table(ALLOCATE), table(EMULATOR)),
    )
        .prop_map(|((top, alloc, emu, devs, dev), (ptop, palloc, pemu))| {
            Bytes(
                format!(
                    "{top}[allocate]\n{alloc}[emulator]\n{emu}[emulator.devices]\n{devs}[device]\n{dev}\
                     [profiles.p]\n{ptop}[profiles.p.allocate]\n{palloc}[profiles.p.emulator]\n{pemu}"
                )
                .into_bytes(),
            )
        })
}

const VALUES: &[&str] = &[
    "\"https://x.example\"",
    "\"\"",
    "\"30s\"",
    "0",
    "-1",
    "65536",
    "4294967296",
    "9223372036854775807",
    "1.5",
    "nan",
    "true",
    "[]",
    "{}",
    "1979-05-27T07:32:00Z",
];

/// Line edits: drop, duplicate or swap lines, or move a line into another table.
#[derive(Debug, Clone)]
enum LineEdit {
    Drop(usize),
    Dup(usize),
    Swap(usize, usize),
    Value(usize, usize),
}

fn line_edited(seeds: Arc<Vec<Vec<u8>>>) -> impl Strategy<Value = Bytes> {
    let edit = prop_oneof![
        any::<usize>().prop_map(LineEdit::Drop),
        any::<usize>().prop_map(LineEdit::Dup),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| LineEdit::Swap(a, b)),
        (any::<usize>(), 0..VALUES.len()).prop_map(|(a, v)| LineEdit::Value(a, v)),
    ];
    (0..seeds.len(), prop::collection::vec(edit, 1..8)).prop_map(move |(i, edits)| {
        let text = String::from_utf8_lossy(&seeds[i]).into_owned();
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        for e in edits {
            if lines.is_empty() {
                break;
            }
            let n = lines.len();
            match e {
                LineEdit::Drop(a) => {
                    lines.remove(a % n);
                }
                LineEdit::Dup(a) => {
                    let l = lines[a % n].clone();
                    lines.insert(a % n, l);
                }
                LineEdit::Swap(a, b) => lines.swap(a % n, b % n),
                LineEdit::Value(a, v) => {
                    if let Some((k, _)) = lines[a % n].split_once('=') {
                        lines[a % n] = format!("{k}= {}", VALUES[v]);
                    }
                }
            }
        }
        Bytes(lines.join("\n").into_bytes())
    })
}

fn input() -> BoxedStrategy<Bytes> {
    let seeds = Arc::new(vec![
        mutate::repo_file("examples/config.toml"),
        mutate::repo_file("examples/mapping.toml"),
        FULL.as_bytes().to_vec(),
    ]);
    prop_oneof![
        4 => mutate::bytes_input(seeds.clone(), DICT),
        3 => line_edited(seeds),
        3 => generated(),
    ]
    .boxed()
}

fn emulator_args() -> EmulatorArgs {
    match Cli::try_parse_from(["twinbridge", "emulator"]) {
        Ok(Cli {
            command: Some(Command::Emulator(a)),
            ..
        }) => a,
        other => panic!("cannot build emulator args: {other:?}"),
    }
}

fn resolve_all(file: &ConfigFile, emu: &EmulatorArgs) {
    let env: BTreeMap<String, String> = BTreeMap::new();
    let profiles: Vec<Option<String>> = std::iter::once(None)
        .chain(file.profiles.keys().cloned().map(Some))
        .collect();
    for profile in &profiles {
        let g = GlobalArgs {
            profile: profile.clone(),
            ..GlobalArgs::default()
        };
        let p = profile.as_deref();
        if let Ok(s) = resolve_with(&g, &env, Some(file)) {
            harness::reached("resolved");
            let _ = format!("{s:?}");
        }
        let _ = resolve_allocate(&AllocatePolicyArgs::default(), Some(file), p);
        let _ = resolve_serve(&AllocateServeArgs::default(), &env, Some(file), p);
        let _ = resolve_emulator(emu, &env, Some(file), p);
        let _ = resolve_emulator_devices(&emu.devices, &env, Some(file), p, None);
        let _ = resolve_device(&DeviceFlags::default(), &env, Some(file), p);
        let _ = resolve_iothub_hostname(None, &env, Some(file), p);
    }
}

#[test]
fn config_file() {
    let emu = emulator_args();
    let path = Path::new("/etc/twinbridge/fuzz.toml");
    harness::run("config_file", 600, input(), |b: Bytes| {
        match parse_config(path, &b.text()) {
            Ok(file) => {
                harness::reached("parsed");
                resolve_all(&file, &emu);
            }
            Err(e) => {
                let shown = e.to_string();
                check!(
                    shown.contains("/etc/twinbridge/fuzz.toml"),
                    "the error does not name the file: {shown}"
                );
            }
        }
        Ok(())
    });
}

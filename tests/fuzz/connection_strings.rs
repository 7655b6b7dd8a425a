//! Target `connection_strings`: every parser of connection strings, SAS tokens and endpoint
//! specs, fed the same text: the Event Hubs connection string (`EventHubsConfig`), the
//! checkpoint store spec (`file:`, `blob:` URLs, storage connection strings), the IoT Hub
//! connection string and SAS token parser (`sas.rs`), the settings helpers (ADT URL, `--hub`
//! spec, connection-string redaction), device endpoints and the allocation policy's string
//! settings (twin id templates, model patterns, parent sources, DTMIs). Seeds: the forms the
//! docs and the emulator print, mutated with their keywords. Properties: no panic; what parses
//! is usable (tokens verify or refuse, stores open); the Event Hubs config's `Debug` never shows
//! the key.
use crate::check;
use crate::harness;
use crate::mutate::{self, Bytes};
use proptest::prelude::*;
use std::sync::Arc;
use twinbridge::dps::allocation::{
    ModelPattern, ParentSource, TwinIdTemplate, check_registration_id, check_twin_id,
};
use twinbridge::events::checkpoint::{StoreOptions, parse_spec};
use twinbridge::events::eventhubs::EventHubsConfig;
use twinbridge::retry::RetryPolicy;
use twinbridge::settings::{self, Origin, Secret};

/// A key no seed contains elsewhere, so finding it in printed text means it leaked.
const KEY: &str = "ZnV6ei1zZWNyZXQta2V5LW5ldmVyLXByaW50ZWQhIQ==";

const DICT: &[&str] = &[
    ";",
    "; ",
    "=",
    "==",
    " ",
    "Endpoint=",
    "sb://",
    "amqps://",
    "https://",
    "http://",
    "SharedAccessKeyName=",
    "SharedAccessKey=",
    "SharedAccessSignature=",
    "EntityPath=",
    "UseDevelopmentEmulator=true",
    "UseDevelopmentStorage=true",
    "AccountName=",
    "AccountKey=",
    "BlobEndpoint=",
    "ContainerName=",
    "EndpointSuffix=",
    "DefaultEndpointsProtocol=",
    "HostName=",
    "DeviceId=",
    "SharedAccessSignature sr=",
    "&sig=",
    "&se=",
    "&skn=",
    "?sv=2022-11-02&sig=",
    "file:",
    "blob:",
    "[::1]",
    "127.0.0.1",
    ":65536",
    ":0",
    "localhost",
    "%2F",
    "%",
    "{registrationId}",
    "{payload.",
    "}",
    "{{",
    "payload.",
    "twin:",
    "dtmi:",
    "*",
    ";1",
    "\u{0}",
    "\u{feff}",
];

fn seeds() -> Vec<Vec<u8>> {
    [
        format!(
            "Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey={KEY};EntityPath=deviceevents"
        ),
        format!(
            "Endpoint=sb://127.0.0.1:5672/;SharedAccessKeyName=emulator;SharedAccessKey={KEY};EntityPath=lifecycleevents;UseDevelopmentEmulator=true"
        ),
        format!(
            "Endpoint=sb://contoso.servicebus.windows.net/; SharedAccessKeyName=listen; SharedAccessKey = {KEY}; EntityPath=deviceevents"
        ),
        format!(
            "DefaultEndpointsProtocol=https;AccountName=contoso;AccountKey={KEY};EndpointSuffix=core.windows.net;ContainerName=checkpoints"
        ),
        "UseDevelopmentStorage=true;ContainerName=cp".to_string(),
        format!("BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;SharedAccessSignature=sv=2022&sig={KEY}"),
        format!("blob:https://contoso.blob.core.windows.net/checkpoints?sv=2022-11-02&sig={KEY}"),
        "blob:http://127.0.0.1:10000/devstoreaccount1/cp".to_string(),
        "file:/var/lib/twinbridge/checkpoints".to_string(),
        "file:".to_string(),
        format!("HostName=contoso.azure-devices.net;DeviceId=thermostat-67;SharedAccessKey={KEY}"),
        format!("HostName=localhost:8883;SharedAccessKeyName=iothubowner;SharedAccessKey={KEY}"),
        "SharedAccessSignature sr=contoso.azure-devices.net%2Fdevices%2Fd1&sig=abc%3D&se=4102444800".to_string(),
        "SharedAccessSignature sr=0ne00000000%2Fregistrations%2Fdev1&sig=x&se=1&skn=registration".to_string(),
        "https://contoso-adt.api.weu.digitaltwins.azure.net".to_string(),
        "http://127.0.0.1:8480".to_string(),
        "deviceevents:4".to_string(),
        "{enrollmentGroupId}-{registrationId}".to_string(),
        "{payload.name}".to_string(),
        "payload.parentId".to_string(),
        "twin:building-1".to_string(),
        "dtmi:contosocom:DigitalTwins:*".to_string(),
        "dtmi:com:example:Thermostat;1".to_string(),
        "mqtts://localhost:8883/".to_string(),
    ]
    .into_iter()
    .map(String::into_bytes)
    .collect()
}

/// Stands in for a key: text no parser, hint or seed contains.
const MARK: &str = "QzMarkOfAKeyQz";

/// Replace the value of every part a connection-string parser takes for a key or signature
/// (`KEY=VALUE`, key trimmed and case-folded as the parsers read it) with [`MARK`]; `None` when
/// there is no such part.
fn mark_keys(s: &str) -> Option<String> {
    let mut found = false;
    let marked = s
        .split(';')
        .map(|part| match part.split_once('=') {
            Some((k, _))
                if matches!(
                    k.trim().to_ascii_lowercase().as_str(),
                    "sharedaccesskey" | "sharedaccesssignature" | "accountkey"
                ) =>
            {
                found = true;
                format!("{k}={MARK}")
            }
            _ => part.to_string(),
        })
        .collect::<Vec<_>>()
        .join(";");
    found.then_some(marked)
}

/// `render` (a `Debug` or an error message) of `s` with its keys marked must not show a key.
fn check_redacted(
    s: &str,
    what: &str,
    render: impl Fn(&str) -> Option<String>,
) -> Result<(), TestCaseError> {
    let Some(marked) = mark_keys(s) else {
        return Ok(());
    };
    if let Some(shown) = render(&marked) {
        check!(!shown.contains(MARK), "{what} shows a key: {shown}");
    }
    Ok(())
}

fn parse_all(s: &str) -> Result<(), TestCaseError> {
    // Event Hubs.
    for hub in [None, Some("deviceevents")] {
        if let Ok(cfg) = EventHubsConfig::from_connection_string(s, hub) {
            harness::reached("eventhubs");
            let _ = cfg.endpoint_display();
            let shown = format!("{cfg:?}");
            let _ = shown;
            check_redacted(s, "EventHubsConfig Debug", |m| {
                EventHubsConfig::from_connection_string(m, hub)
                    .ok()
                    .map(|c| format!("{c:?}"))
            })?;
        }
    }
    // Checkpoint stores: with and without the options a spec may lean on.
    let with = StoreOptions {
        default_dir: Some("/tmp/twinbridge-fuzz-never-written".into()),
        account_key: Some(Secret::new(KEY)),
        container: Some("cp".into()),
        ..StoreOptions::default()
    };
    for opts in [StoreOptions::default(), with] {
        match parse_spec(s, &opts) {
            Ok(spec) => {
                harness::reached("checkpoint-spec");
                let _ = spec.open(RetryPolicy::default());
            }
            Err(_) => {
                check_redacted(s, "the checkpoint spec error", |m| {
                    parse_spec(m, &opts).err().map(|e| e.to_string())
                })?;
            }
        }
    }
    // IoT Hub connection strings and SAS tokens.
    if let Ok(cs) = twinbridge::sas::ConnectionString::parse(s) {
        harness::reached("iothub-cs");
        let shown = format!("{cs:?}");
        if cs.key == KEY && s.matches(KEY).count() == 1 {
            check!(
                !shown.contains(KEY),
                "ConnectionString Debug shows the key: {shown}"
            );
        }
        let _ = cs.service_token(4_102_444_800);
    }
    if let Ok(t) = twinbridge::sas::parse_token(s) {
        harness::reached("sas-token");
        let _ = t.verify("contoso.azure-devices.net/devices/d1", &[KEY, "", "%%"], 1);
        let _ = t.signed_with(KEY);
    }
    // Settings helpers.
    let _ = settings::redact_connection_string(s);
    let _ = settings::parse_hub_spec(s);
    if let Ok(url) = settings::parse_adt_url(s, &Origin::Default) {
        harness::reached("adt-url");
        let _ = settings::is_local_http(&url);
    }
    let _ = twinbridge::hub::endpoint::Endpoint::parse(s);
    // Allocation policy strings and ids.
    let _ = TwinIdTemplate::parse(s).map(|t| t.to_string());
    let _ = ModelPattern::parse(s).map(|p| (p.matches(s), p.specificity(), p.to_string()));
    let _ = ParentSource::parse(s);
    let _ = (check_twin_id(s), check_registration_id(s));
    let _ = (
        twinbridge::dtdl::check_dtmi(s, 2),
        twinbridge::dtdl::check_dtmi(s, 3),
    );
    Ok(())
}

#[test]
fn connection_strings() {
    let seeds = Arc::new(seeds());
    harness::run(
        "connection_strings",
        1500,
        mutate::bytes_input(seeds, DICT),
        |b: Bytes| parse_all(&b.text()),
    );
}

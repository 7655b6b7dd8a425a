//! Unit tests of settings precedence, aliases, profiles and config errors.
use super::*;
use std::path::Path;

fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn file(text: &str) -> ConfigFile {
    parse_config(Path::new("/etc/tb.toml"), text).expect("config parses")
}

#[test]
fn defaults_apply_without_anything() {
    let s = resolve_with(&GlobalArgs::default(), &env(&[]), None).unwrap();
    assert!(s.adt_url.is_none());
    assert_eq!(s.adt_api_version, DEFAULT_ADT_API_VERSION);
    assert_eq!(s.auth.mode, AuthMode::Auto);
    assert_eq!(s.http.max_retries, 8);
    assert_eq!(s.output.format, Format::Table);
}

#[test]
fn flag_beats_alias_env_beats_profile_beats_file() {
    let f = file(
        "adt-url = \"https://file.example\"\nmax-retries = 3\n[profiles.prod]\nadt-url = \"https://prod.example\"\n",
    );
    let mut g = GlobalArgs::default();
    // file only
    let s = resolve_with(&g, &env(&[]), Some(&f)).unwrap();
    assert_eq!(s.adt_url.unwrap().as_str(), "https://file.example/");
    assert_eq!(s.http.max_retries, 3);
    // profile over file
    g.profile = Some("prod".into());
    let s = resolve_with(&g, &env(&[]), Some(&f)).unwrap();
    assert_eq!(s.adt_url.unwrap().as_str(), "https://prod.example/");
    // the sample's alias over the file
    let e = env(&[("ADT_SERVICE_URL", "https://alias.example")]);
    let s = resolve_with(&g, &e, Some(&f)).unwrap();
    assert_eq!(s.adt_url.unwrap().as_str(), "https://alias.example/");
    assert!(
        s.shown
            .iter()
            .any(|(k, _, o)| k == "adt-url" && *o == Origin::Env("ADT_SERVICE_URL".into()))
    );
    // flag over everything
    g.adt_url = Some("https://flag.example".into());
    let s = resolve_with(&g, &e, Some(&f)).unwrap();
    assert_eq!(s.adt_url.unwrap().as_str(), "https://flag.example/");
}

#[test]
fn second_alias_is_accepted() {
    let s = resolve_with(
        &GlobalArgs::default(),
        &env(&[("AdtInstanceUrl", "x.api.weu.digitaltwins.azure.net")]),
        None,
    )
    .unwrap();
    assert_eq!(
        s.adt_url.unwrap().as_str(),
        "https://x.api.weu.digitaltwins.azure.net/"
    );
}

#[test]
fn unknown_key_names_key_and_file() {
    let err = parse_config(Path::new("/etc/tb.toml"), "adt-ur = \"x\"\n").unwrap_err();
    assert!(err.message.contains("adt-ur"), "{}", err.message);
    assert!(err.message.contains("/etc/tb.toml"), "{}", err.message);
    let err = parse_config(Path::new("/etc/tb.toml"), "[profiles.p]\nbogus = 1\n").unwrap_err();
    assert!(
        err.message.contains("bogus") && err.message.contains("profiles.p"),
        "{}",
        err.message
    );
}

#[test]
fn unknown_profile_lists_known_ones() {
    let f = file("[profiles.prod]\n[profiles.dev]\n");
    let g = GlobalArgs {
        profile: Some("stage".into()),
        ..Default::default()
    };
    let err = resolve_with(&g, &env(&[]), Some(&f)).unwrap_err();
    assert!(err.message.contains("stage"));
    assert!(err.hint.unwrap().contains("dev, prod"));
}

#[test]
fn bad_values_are_usage_errors() {
    let f = file("timeout = \"soon\"\n");
    let err = resolve_with(&GlobalArgs::default(), &env(&[]), Some(&f)).unwrap_err();
    assert!(err.message.contains("timeout"), "{}", err.message);
    let g = GlobalArgs {
        adt_url: Some("ftp://x".into()),
        ..Default::default()
    };
    assert!(resolve_with(&g, &env(&[]), None).is_err());
}

#[test]
fn loopback_http_needs_no_credential() {
    let g = GlobalArgs {
        adt_url: Some("http://127.0.0.1:8480".into()),
        ..Default::default()
    };
    let s = resolve_with(&g, &env(&[]), None).unwrap();
    assert_eq!(s.auth.mode, AuthMode::None);
}

#[test]
fn secrets_are_redacted() {
    let e = env(&[
        (
            "EVENTHUB_CONNECTIONSTRING",
            "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=p;SharedAccessKey=SECRETKEY;EntityPath=h",
        ),
        ("AZURE_CLIENT_SECRET", "TOPSECRET"),
    ]);
    let s = resolve_with(&GlobalArgs::default(), &e, None).unwrap();
    let shown = format!("{:?}", s.shown);
    assert!(
        !shown.contains("SECRETKEY") && !shown.contains("TOPSECRET"),
        "{shown}"
    );
    assert!(!format!("{s:?}").contains("TOPSECRET"));
    assert!(
        s.eventhub_connection_string
            .unwrap()
            .expose()
            .contains("SECRETKEY")
    );
}

/// Found by the `connection_strings` fuzz target: the Event Hubs parser trims each part, so
/// `; SharedAccessKey = K` is a key, but the redaction compared the untrimmed name and printed
/// the key (in `Debug` of the Event Hubs config and in `--show-settings`).
#[test]
fn redaction_reads_keys_as_the_parsers_do() {
    let cs = "Endpoint=sb://ns.servicebus.windows.net/; SharedAccessKeyName=p; SharedAccessKey = SECRETKEY ;EntityPath=h;\tAccountKey=K2;SharedAccessSignature =SIG";
    let shown = redact_connection_string(cs);
    for secret in ["SECRETKEY", "K2", "SIG"] {
        assert!(!shown.contains(secret), "{shown}");
    }
    assert!(shown.contains("SharedAccessKeyName=p"), "{shown}");
}

#[test]
fn emulator_settings_layer() {
    let f = file("[emulator]\nadt-port = 9999\nlatency = \"20ms\"\n");
    let a = EmulatorArgs {
        host: None,
        adt_port: None,
        amqp_port: None,
        hubs: vec![],
        state: None,
        in_memory: true,
        latency: None,
        fault_rate: None,
        enforce_limits: false,
        devices: Default::default(),
    };
    let s = resolve_emulator(&a, &env(&[]), Some(&f), None).unwrap();
    assert_eq!(s.adt_port, 9999);
    assert_eq!(s.latency, Duration::from_millis(20));
    assert!(s.state.is_none());
    assert_eq!(s.amqp_port, 5672);
    assert_eq!(s.hubs, crate::emulator::default_hubs());
}

#[test]
fn emulator_hubs_and_amqp_port() {
    let f = file("[emulator]\namqp-port = 5999\nhubs = [\"telemetry:2\"]\n");
    let mut a = EmulatorArgs {
        host: None,
        adt_port: None,
        amqp_port: None,
        hubs: vec![],
        state: None,
        in_memory: true,
        latency: None,
        fault_rate: None,
        enforce_limits: false,
        devices: Default::default(),
    };
    let s = resolve_emulator(&a, &env(&[]), Some(&f), None).unwrap();
    assert_eq!(s.amqp_port, 5999);
    assert_eq!(s.hubs, vec![("telemetry".to_string(), 2)]);
    a.hubs = vec!["a:1".into(), "b.c_d-e:32".into()];
    a.amqp_port = Some(0);
    let s = resolve_emulator(&a, &env(&[]), Some(&f), None).unwrap();
    assert_eq!(s.amqp_port, 0);
    assert_eq!(
        s.hubs,
        vec![("a".to_string(), 1), ("b.c_d-e".to_string(), 32)]
    );
    for bad in ["nohash", "x:0", "x:abc", ":4", "a b:2", "x:2000"] {
        a.hubs = vec![bad.into()];
        let e = resolve_emulator(&a, &env(&[]), Some(&f), None).unwrap_err();
        assert!(e.to_string().contains(bad), "{bad}: {e}");
    }
}

#[test]
fn device_settings_come_from_flags_then_the_device_table() {
    let f = file(
        "[device]\ndps-endpoint = \"localhost:18883\"\nid-scope = \"0ne1\"\n[profiles.p.device]\nid-scope = \"0ne2\"\n",
    );
    let s = resolve_device(&DeviceFlags::default(), &env(&[]), Some(&f), None);
    assert_eq!(s.dps_endpoint.0, "localhost:18883");
    assert_eq!(s.id_scope.unwrap().0, "0ne1");
    let s = resolve_device(&DeviceFlags::default(), &env(&[]), Some(&f), Some("p"));
    assert_eq!(s.id_scope.unwrap().0, "0ne2");
    let flags = DeviceFlags {
        id_scope: Some("0ne3".into()),
        ..DeviceFlags::default()
    };
    let s = resolve_device(
        &flags,
        &env(&[("IOTHUB_CONNECTION_STRING", "HostName=h")]),
        None,
        None,
    );
    assert_eq!(s.id_scope.unwrap(), ("0ne3".to_string(), Origin::Flag));
    assert_eq!(s.dps_endpoint.0, DEFAULT_DPS_ENDPOINT);
    assert_eq!(s.iothub_connection_string.unwrap().0.expose(), "HostName=h");
}

#[test]
fn emulator_device_settings() {
    let f = file("[emulator.devices]\ndevice-port = 0\nenrichments = [\"site=$twin.tags.site\"]\n");
    let a = crate::cli::EmulatorDeviceArgs::default();
    let s = resolve_emulator_devices(&a, &env(&[]), Some(&f), None, None).unwrap();
    assert_eq!(s.port, 0);
    assert_eq!(
        s.config.enrichments,
        vec![("site".to_string(), "$twin.tags.site".to_string())]
    );
    let bad = crate::cli::EmulatorDeviceArgs {
        enrollment_groups: vec!["nokey".into()],
        ..Default::default()
    };
    assert!(
        resolve_emulator_devices(&bad, &env(&[]), None, None, None)
            .unwrap_err()
            .message
            .contains("ID:KEY")
    );
    let bad = crate::cli::EmulatorDeviceArgs {
        allocation_webhook: Some("ftp://x".into()),
        ..Default::default()
    };
    assert!(resolve_emulator_devices(&bad, &env(&[]), None, None, None).is_err());
}

#[test]
fn the_example_config_parses_with_its_profiles() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/config.toml");
    let f = parse_config(&path, &std::fs::read_to_string(&path).unwrap()).unwrap();
    assert!(f.profiles.contains_key("local") && f.profiles.contains_key("prod"));
}

#[test]
fn the_example_events_are_valid_ndjson_events() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/events.ndjson");
    for line in std::fs::read_to_string(&path).unwrap().lines() {
        crate::events::Event::from_ndjson(line).unwrap();
    }
}

#[test]
fn iothub_hostname_flag_env_profile_file() {
    let f = file(
        "[device]\niothub-hostname = \"top.azure-devices.net\"\n[profiles.p.device]\niothub-hostname = \"p.azure-devices.net\"\n",
    );
    let none = env(&[]);
    let top = resolve_iothub_hostname(None, &none, Some(&f), None).unwrap();
    assert_eq!(top.0, "top.azure-devices.net");
    let p = resolve_iothub_hostname(None, &none, Some(&f), Some("p")).unwrap();
    assert_eq!(p.0, "p.azure-devices.net");
    let e = env(&[("TWINBRIDGE_IOTHUB_HOSTNAME", "e.azure-devices.net")]);
    let from_env =
        resolve_iothub_hostname(Some("e.azure-devices.net"), &e, Some(&f), Some("p")).unwrap();
    assert_eq!(
        from_env,
        (
            "e.azure-devices.net".to_string(),
            Origin::Env("TWINBRIDGE_IOTHUB_HOSTNAME".into())
        )
    );
    assert_eq!(
        resolve_iothub_hostname(Some("f"), &none, None, None),
        Some(("f".to_string(), Origin::Flag))
    );
    assert_eq!(resolve_iothub_hostname(None, &none, None, None), None);
}

#[test]
fn allow_insecure_transport_is_off_unless_a_flag_env_or_file_says_so() {
    let insecure = |g: &GlobalArgs, e: &[(&str, &str)], f: Option<&ConfigFile>| {
        resolve_with(g, &env(e), f)
            .unwrap()
            .allow_insecure_transport
    };
    let on = file("allow-insecure-transport = true\n");
    let mut g = GlobalArgs::default();
    assert!(!insecure(&g, &[], None));
    assert!(insecure(&g, &[], Some(&on)));
    // clap parsed TWINBRIDGE_ALLOW_INSECURE_TRANSPORT=false into `false`: it beats the file
    let env_off = [("TWINBRIDGE_ALLOW_INSECURE_TRANSPORT", "false")];
    assert!(!insecure(&g, &env_off, Some(&on)));
    g.allow_insecure_transport = true;
    assert!(insecure(&g, &[], None));
    let s = resolve_with(&g, &env(&[]), None).unwrap();
    assert!(
        s.shown
            .iter()
            .any(|(k, v, o)| k == "allow-insecure-transport" && v == "true" && *o == Origin::Flag)
    );
}

//! Unit tests of `[allocate]` resolution: precedence, defaults and the errors that name the fix.
use super::*;
use crate::settings::parse_config;
use std::path::Path;

fn file(text: &str) -> ConfigFile {
    parse_config(Path::new("/etc/tb.toml"), text).expect("config parses")
}

fn allow(p: &[&str]) -> AllocatePolicyArgs {
    AllocatePolicyArgs {
        allow_models: p.iter().map(|s| s.to_string()).collect(),
        ..AllocatePolicyArgs::default()
    }
}

fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn defaults() {
    let s = resolve_allocate(&allow(&["*"]), None, None).unwrap();
    let p = &s.policy;
    assert_eq!(p.twin_id.to_string(), "{registrationId}");
    assert_eq!(p.on_model_mismatch, MismatchPolicy::Reject);
    assert_eq!(p.hub_policy, HubPolicy::Hash);
    assert!(p.sticky_hub && p.response_payload && p.allow_unknown_fields);
    assert_eq!(p.parent_relationship, "contains");
    assert_eq!(s.cache_ttl, DEFAULT_CACHE_TTL);
    let ss = resolve_serve(&AllocateServeArgs::default(), &env(&[]), None, None).unwrap();
    assert_eq!(ss.listen.to_string(), DEFAULT_LISTEN);
    assert_eq!(ss.path, DEFAULT_PATH);
    assert_eq!(ss.max_body_bytes, DEFAULT_MAX_BODY);
    assert_eq!(ss.request_timeout, Duration::from_secs(30));
    assert!(ss.tls.is_none() && ss.env_keys.is_empty());
}

#[test]
fn flag_beats_profile_beats_file() {
    let f = file(
        r#"
[allocate]
allow-model = ["dtmi:file:*"]
on-model-mismatch = "keep"
hub-policy = "first"
cache-ttl = "2s"
listen = "127.0.0.1:9000"
tags = { site = "north" }
desired = { interval = 5 }

[profiles.prod.allocate]
on-model-mismatch = "replace"
listen = "0.0.0.0:8443"
"#,
    );
    let s = resolve_allocate(&AllocatePolicyArgs::default(), Some(&f), None).unwrap();
    assert_eq!(
        s.policy.allowed_models,
        vec![ModelPattern::Prefix("dtmi:file:".into())]
    );
    assert_eq!(s.policy.on_model_mismatch, MismatchPolicy::Keep);
    assert_eq!(s.policy.hub_policy, HubPolicy::First);
    assert_eq!(s.cache_ttl, Duration::from_secs(2));
    assert_eq!(s.policy.extra_tags["site"], "north");
    assert_eq!(s.policy.desired_properties["interval"], 5);
    let s = resolve_allocate(&AllocatePolicyArgs::default(), Some(&f), Some("prod")).unwrap();
    assert_eq!(s.policy.on_model_mismatch, MismatchPolicy::Replace);
    let mut a = allow(&["dtmi:flag:*"]);
    a.on_model_mismatch = Some("reject".into());
    let s = resolve_allocate(&a, Some(&f), Some("prod")).unwrap();
    assert_eq!(s.policy.on_model_mismatch, MismatchPolicy::Reject);
    assert_eq!(
        s.policy.allowed_models,
        vec![ModelPattern::Prefix("dtmi:flag:".into())]
    );
    let ss = resolve_serve(
        &AllocateServeArgs::default(),
        &env(&[]),
        Some(&f),
        Some("prod"),
    )
    .unwrap();
    assert_eq!(ss.listen.to_string(), "0.0.0.0:8443");
}

#[test]
fn keys_come_from_the_environment_only_as_secrets() {
    let ss = resolve_serve(
        &AllocateServeArgs::default(),
        &env(&[(KEYS_ENV, "k1, k2,,")]),
        None,
        None,
    )
    .unwrap();
    assert_eq!(ss.env_keys.len(), 2);
    assert!(!format!("{ss:?}").contains("k1"));
}

#[test]
fn default_model_alone_is_the_allow_list() {
    let a = AllocatePolicyArgs {
        default_model: Some("dtmi:contosocom:DigitalTwins:Thermostat;2".into()),
        ..AllocatePolicyArgs::default()
    };
    let s = resolve_allocate(&a, None, None).unwrap();
    assert_eq!(s.policy.allowed_models.len(), 1);
    let mut b = a.clone();
    b.allow_models = vec!["dtmi:other:*".into()];
    let e = resolve_allocate(&b, None, None).unwrap_err();
    assert!(e.message.contains("not in the allow-list"), "{}", e.message);
}

#[test]
fn hub_map_implies_map_and_conflicts_are_named() {
    let mut a = allow(&["*"]);
    a.hub_map = vec!["dtmi:contosocom:*=hub1.azure-devices.net".into()];
    let s = resolve_allocate(&a, None, None).unwrap();
    assert!(matches!(s.policy.hub_policy, HubPolicy::Map(ref r) if r.len() == 1));
    a.hub_policy = Some("first".into());
    assert!(
        resolve_allocate(&a, None, None)
            .unwrap_err()
            .message
            .contains("hub-map is set")
    );
    let mut b = allow(&["*"]);
    b.hub_policy = Some("map".into());
    assert!(
        resolve_allocate(&b, None, None)
            .unwrap_err()
            .message
            .contains("needs at least one")
    );
    b.hub_map = vec!["nonsense".into()];
    assert!(
        resolve_allocate(&b, None, None)
            .unwrap_err()
            .message
            .contains("KEY=VALUE")
    );
}

#[test]
fn errors_name_the_setting_and_the_fix() {
    let e = resolve_allocate(&AllocatePolicyArgs::default(), None, None).unwrap_err();
    assert!(e.message.contains("no models are allowed"));
    assert!(e.hint.unwrap().contains("--allow-model"));
    let bad = |f: &dyn Fn(&mut AllocatePolicyArgs)| {
        let mut a = allow(&["*"]);
        f(&mut a);
        resolve_allocate(&a, None, None).unwrap_err().message
    };
    assert!(bad(&|a| a.twin_id = Some("{nope}".into())).contains("unknown placeholder"));
    assert!(bad(&|a| a.allow_models = vec!["thermostat".into()]).contains("must be a DTMI"));
    assert!(bad(&|a| a.parent_from = Some("parentId".into())).contains("payload.FIELD"));
    assert!(
        bad(&|a| a.parent_relationship = Some("has parts".into())).contains("relationship name")
    );
    assert!(bad(&|a| a.tags = vec!["dtId=x".into()]).contains("set by twinbridge"));
    assert!(bad(&|a| a.desired = Some("[1]".into())).contains("not a JSON object"));
    let serve_err = |a: AllocateServeArgs| {
        resolve_serve(&a, &env(&[]), None, None)
            .unwrap_err()
            .message
    };
    assert!(
        serve_err(AllocateServeArgs {
            listen: Some("localhost".into()),
            ..Default::default()
        })
        .contains("IP:PORT")
    );
    assert!(
        serve_err(AllocateServeArgs {
            tls_cert: Some("c.pem".into()),
            ..Default::default()
        })
        .contains("both")
    );
    assert!(
        serve_err(AllocateServeArgs {
            path: Some("/metrics".into()),
            ..Default::default()
        })
        .contains("/metrics")
    );
    assert!(
        serve_err(AllocateServeArgs {
            max_body_bytes: Some(10),
            ..Default::default()
        })
        .contains("too small")
    );
}

#[test]
fn unknown_allocate_keys_are_config_errors() {
    let e = parse_config(
        Path::new("/etc/tb.toml"),
        "[allocate]\nallow-models = [\"*\"]\n",
    )
    .unwrap_err();
    assert!(e.message.contains("allow-models"), "{}", e.message);
}

#[test]
fn undocumented_fields_are_accepted_unless_strict() {
    let strict = |a: &AllocatePolicyArgs, f: Option<&ConfigFile>| {
        !resolve_allocate(a, f, None)
            .unwrap()
            .policy
            .allow_unknown_fields
    };
    let a = allow(&["*"]);
    assert!(!strict(&a, None), "fail open by default");
    let mut flag = a.clone();
    flag.strict_request = true;
    assert!(strict(&flag, None));
    let f = file("[allocate]\nstrict-request = true\n");
    assert!(strict(&a, Some(&f)));
    // the former key keeps its meaning: false refuses undocumented fields
    let f = file("[allocate]\nallow-unknown-fields = false\n");
    assert!(strict(&a, Some(&f)));
    let f = file("[allocate]\nallow-unknown-fields = true\n");
    assert!(!strict(&a, Some(&f)));
    // a flag beats the file
    let mut lenient = a.clone();
    lenient.allow_unknown_fields = true;
    let f = file("[allocate]\nstrict-request = true\n");
    assert!(!strict(&lenient, Some(&f)));
}

//! Settings precedence through the real binary, secret redaction, config errors, README's table.
use super::support::*;

#[test]
fn precedence_flag_env_alias_profile_file() {
    let tb = Tb::new();
    tb.config("adt-url = \"https://file.example\"\nmax-retries = 3\n[profiles.prod]\nadt-url = \"https://prod.example\"\n");
    let show = |tb: &Tb, extra: &[&str]| {
        let mut args = vec!["--show-settings", "--format", "json"];
        args.extend_from_slice(extra);
        let o = tb.run(&args);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        json_out(&o)
    };
    let v = show(&tb, &[]);
    assert_eq!(v["settings"]["adt-url"]["value"], "https://file.example/");
    assert!(
        v["settings"]["adt-url"]["origin"]
            .as_str()
            .unwrap()
            .starts_with("file ")
    );
    assert_eq!(v["settings"]["max-retries"]["value"], "3");
    let v = show(&tb, &["--profile", "prod"]);
    assert_eq!(v["settings"]["adt-url"]["value"], "https://prod.example/");
    assert!(
        v["settings"]["adt-url"]["origin"]
            .as_str()
            .unwrap()
            .contains("[profiles.prod]")
    );
    let tb2 = Tb {
        home: tb.home,
        env: vec![("ADT_SERVICE_URL".into(), "https://alias.example".into())],
    };
    let v = show(&tb2, &["--profile", "prod"]);
    assert_eq!(v["settings"]["adt-url"]["value"], "https://alias.example/");
    assert_eq!(v["settings"]["adt-url"]["origin"], "env ADT_SERVICE_URL");
    let tb3 = Tb {
        home: tb2.home,
        env: vec![("TWINBRIDGE_ADT_URL".into(), "https://env.example".into())],
    };
    let v = show(&tb3, &[]);
    assert_eq!(v["settings"]["adt-url"]["value"], "https://env.example/");
    assert_eq!(v["settings"]["adt-url"]["origin"], "env TWINBRIDGE_ADT_URL");
    let tb4 = Tb {
        home: tb3.home,
        env: vec![],
    };
    let v = show(
        &tb4,
        &["--adt-url", "https://flag.example", "--max-retries", "1"],
    );
    assert_eq!(v["settings"]["adt-url"]["value"], "https://flag.example/");
    assert_eq!(v["settings"]["adt-url"]["origin"], "flag");
    assert_eq!(v["settings"]["max-retries"]["value"], "1");
}

#[test]
fn show_settings_redacts_secrets() {
    let tb = Tb::new()
        .env("EVENTHUB_CONNECTIONSTRING", "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=SUPERSECRETKEY=;EntityPath=deviceevents")
        .env("AZURE_CLIENT_SECRET", "CLIENTSECRETVALUE")
        .env("AZURE_CLIENT_ID", "00000000-0000-0000-0000-000000000001");
    for format in ["table", "json"] {
        let o = tb.run(&["--show-settings", "--format", format]);
        assert_eq!(code(&o), 0);
        let all = format!("{}{}", stdout(&o), stderr(&o));
        assert!(
            !all.contains("SUPERSECRETKEY") && !all.contains("CLIENTSECRETVALUE"),
            "{all}"
        );
        assert!(
            all.contains("SharedAccessKey=<redacted>") && all.contains("EntityPath=deviceevents"),
            "{all}"
        );
    }
}

#[test]
fn unknown_config_key_names_key_and_file() {
    let tb = Tb::new();
    let path = tb.config("adt-urll = \"https://x\"\n");
    let o = tb.run(&["twins", "list"]);
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(
        err.contains("adt-urll") && err.contains(&path.display().to_string()),
        "{err}"
    );
}

#[test]
fn explicit_missing_config_and_unknown_profile_are_usage_errors() {
    let o = Tb::new().run(&["--config", "/nonexistent/tb.toml", "--show-settings"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("/nonexistent/tb.toml"));
    let tb = Tb::new();
    tb.config("[profiles.prod]\nadt-url = \"https://p\"\n");
    let o = tb.run(&["--profile", "staging", "--show-settings"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("prod"), "{}", stderr(&o));
}

#[test]
fn readme_documents_every_env_var() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    // and the pages under docs/
    for page in std::fs::read_dir(root.join("docs")).into_iter().flatten() {
        let path = page.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            readme.push_str(&std::fs::read_to_string(path).unwrap());
        }
    }
    let missing: Vec<&str> = twinbridge::settings::ENV_VARS
        .iter()
        .map(|(k, _)| *k)
        .filter(|k| !readme.contains(&format!("`{k}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "README's configuration table (or docs/) lacks {missing:?}"
    );
}

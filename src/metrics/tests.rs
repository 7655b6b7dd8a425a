use super::*;

#[test]
fn operations_are_bounded_labels_whatever_the_ids() {
    for (m, p, want) in [
        ("GET", "/digitaltwins/dev-1", "get_twin"),
        ("PATCH", "/digitaltwins/dev%2F1", "patch_twin"),
        ("PUT", "/digitaltwins/a", "put_twin"),
        ("DELETE", "/digitaltwins/a", "delete_twin"),
        ("PATCH", "/digitaltwins/a/components/c", "patch_component"),
        ("GET", "/digitaltwins/a/relationships", "list_relationships"),
        ("PUT", "/digitaltwins/a/relationships/r", "put_relationship"),
        (
            "DELETE",
            "/digitaltwins/a/relationships/r",
            "delete_relationship",
        ),
        (
            "GET",
            "/digitaltwins/a/incomingrelationships",
            "list_incoming_relationships",
        ),
        ("POST", "/query", "query"),
        ("GET", "/models", "list_models"),
        ("POST", "/models", "create_models"),
        ("GET", "/models/dtmi:x;1", "get_model"),
        ("GET", "/prefix/digitaltwins/a", "get_twin"),
        ("GET", "/nothing", "get_other"),
    ] {
        assert_eq!(operation(m, p), want, "{m} {p}");
    }
}

#[test]
fn an_outage_is_one_period_from_first_failure_to_next_success() {
    let t0 = Instant::now();
    let mut s = OutageState::default();
    assert_eq!(s.success(t0), None);
    assert_eq!(
        s.failure(OutageKind::Throttled, t0),
        Some(Transition::Started(OutageKind::Throttled))
    );
    assert_eq!(s.failure(OutageKind::Throttled, t0), None);
    assert_eq!(s.failure(OutageKind::Unavailable, t0), None);
    assert_eq!(
        s.success(t0 + Duration::from_secs(7)),
        Some(Transition::Ended {
            kind: OutageKind::Unavailable,
            duration: Duration::from_secs(7),
            failures: 3
        })
    );
    assert_eq!(s.current(), None);
    assert_eq!(OutageKind::of(Some(404)), None);
    assert_eq!(OutageKind::of(None), Some(OutageKind::Unavailable));
}

#[test]
fn readiness_names_each_missing_condition() {
    let m = Metrics::new();
    let why = m.check_ready().unwrap_err();
    assert_eq!(why, vec!["ADT not reached yet".to_string()]);
    m.readiness().expect_source();
    m.adt_response("GET", "/models", Some(200));
    assert!(m.check_ready().unwrap_err()[0].contains("event source"));
    m.readiness().source_connected();
    assert!(m.check_ready().unwrap_err()[0].contains("ownership round"));
    m.readiness().first_round_done();
    assert_eq!(m.check_ready(), Ok(()));
    m.adt_response("GET", "/digitaltwins/a", Some(429));
    assert_eq!(m.check_ready(), Ok(()), "throttled ADT is reachable");
    m.adt_response("GET", "/digitaltwins/a", None);
    assert!(m.check_ready().unwrap_err()[0].contains("unavailable"));
    m.adt_response("GET", "/digitaltwins/a", Some(403));
    assert!(m.check_ready().unwrap_err()[0].contains("403"));
    m.adt_response("GET", "/digitaltwins/a", Some(404));
    m.readiness().stopping();
    assert_eq!(
        m.check_ready().unwrap_err(),
        vec!["shutting down".to_string()]
    );
}

#[test]
fn renders_both_text_formats_with_shared_names() {
    let m = Metrics::new();
    m.adt_response("PATCH", "/digitaltwins/a", Some(429));
    m.adt_retry("PATCH", "/digitaltwins/a");
    m.adt_response("PATCH", "/digitaltwins/a", Some(204));
    m.allocation("created", 200, Duration::from_millis(3));
    m.event_dead_lettered("decode");
    m.event_applied(Some(Duration::from_millis(400)));
    m.register_collector(FnCollector::counter(
        "twinbridge_adt_patches",
        "PATCHes.",
        || vec![(vec![], 5)],
    ));
    let om = m.render(true);
    assert!(om.ends_with("# EOF\n"), "{om}");
    let prom = m.render(false);
    for text in [&om, &prom] {
        for needle in [
            "twinbridge_adt_requests_total{operation=\"patch_twin\",status=\"429\"} 1",
            "twinbridge_adt_requests_total{operation=\"patch_twin\",status=\"204\"} 1",
            "twinbridge_adt_throttled_total{operation=\"patch_twin\"} 1",
            "twinbridge_adt_retries_total{operation=\"patch_twin\"} 1",
            "twinbridge_adt_outages_total{kind=\"throttled\"} 1",
            "twinbridge_adt_outage_active 0",
            "twinbridge_allocations_total{outcome=\"created\",status=\"200\"} 1",
            "twinbridge_allocation_duration_seconds_count 1",
            "twinbridge_events_dead_lettered_total{reason=\"decode\"} 1",
            "twinbridge_events_applied_total 1",
            "twinbridge_event_lag_seconds_bucket{le=\"0.5\"} 1",
            "twinbridge_adt_patches_total 5",
            "twinbridge_ready 1",
        ] {
            assert!(text.contains(needle), "{needle} in:\n{text}");
        }
    }
    {
        let _busy = m.in_flight();
        assert!(m.render(false).contains("twinbridge_in_flight 1"));
    }
    assert!(m.render(false).contains("twinbridge_in_flight 0"));
}

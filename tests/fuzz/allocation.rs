//! Target `allocation_request`: the DPS AllocationRequest parser (`AllocationRequest::from_slice`)
//! and the pure policy steps that read the parsed request (twin id templates, model checks,
//! parent from payload, hub selection, the response). Seeds: examples/allocation-request.json
//! and hand-written variants, mutated as bytes and as JSON trees.
use crate::check;
use crate::harness;
use crate::mutate::{self, Bytes};
use proptest::prelude::*;
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use twinbridge::dps::allocation::{
    AllocationPolicy, AllocationRequest, HubPolicy, ModelPattern, ParentSource, TwinIdTemplate,
    check_registration_id, check_twin_id,
};

const DICT: &[&str] = &[
    "deviceRuntimeContext",
    "registrationId",
    "payload",
    "modelId",
    "linkedHubs",
    "enrollmentGroup",
    "enrollmentGroupId",
    "individualEnrollment",
    "currentIotHubHostName",
    "currentIoTHubHostName",
    "currentDeviceId",
    "symmetricKey",
    "parentId",
    "name",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "null",
    "true",
    "[]",
    "{}",
    "\\u0000",
    "\\ud800",
    "dtmi:",
    ";1",
];

fn seeds() -> Vec<Value> {
    vec![
        mutate::repo_json("examples/allocation-request.json"),
        json!({
            "deviceRuntimeContext": {"registrationId": "dev1", "payload": {"modelId": "dtmi:a:b;1"}},
            "linkedHubs": ["h1.azure-devices.net"]
        }),
        json!({
            "individualEnrollment": {"registrationId": "dev-2"},
            "deviceRuntimeContext": {
                "registrationId": "dev-2",
                "currentIotHubHostName": "h2.azure-devices.net",
                "currentDeviceId": "dev-2",
                "x509": {},
                "payload": {"modelId": "dtmi:com:example:Thermostat;1", "parentId": "room-1", "name": "t-1"}
            },
            "linkedHubs": ["h1.azure-devices.net", "h2.azure-devices.net"]
        }),
        json!({
            "deviceRuntimeContext": {"registrationId": "a.b_c:d-", "currentIoTHubHostName": "h2", "payload": null},
            "linkedHubs": ["h1", "h2", "h3"]
        }),
    ]
}

fn policies() -> Vec<AllocationPolicy> {
    let any = vec![ModelPattern::Any];
    let base = AllocationPolicy {
        allowed_models: any.clone(),
        ..AllocationPolicy::default()
    };
    let template = |t: &str| TwinIdTemplate::parse(t).expect("template");
    vec![
        base.clone(),
        AllocationPolicy {
            twin_id: template("{payload.name}"),
            parent: Some(ParentSource::parse("payload.parentId").expect("parent")),
            hub_policy: HubPolicy::RoundRobin,
            default_model: Some("dtmi:com:example:Thermostat;1".into()),
            ..base.clone()
        },
        AllocationPolicy {
            twin_id: template("{enrollmentGroupId}-{registrationId}-{{x}}"),
            hub_policy: HubPolicy::Map(vec![
                (
                    ModelPattern::parse("dtmi:com:*").expect("pattern"),
                    "h2.azure-devices.net".into(),
                ),
                (ModelPattern::Any, "h1".into()),
            ]),
            sticky_hub: false,
            allowed_models: vec![ModelPattern::parse("dtmi:a:*").expect("pattern")],
            ..base.clone()
        },
        AllocationPolicy {
            hub_policy: HubPolicy::First,
            allow_unknown_fields: true,
            ..base
        },
    ]
}

fn input(json_seeds: Arc<Vec<Value>>) -> BoxedStrategy<Bytes> {
    let byte_seeds: Arc<Vec<Vec<u8>>> = Arc::new(
        json_seeds
            .iter()
            .flat_map(|v| {
                [
                    v.to_string().into_bytes(),
                    serde_json::to_vec_pretty(v).unwrap_or_default(),
                ]
            })
            .collect(),
    );
    prop_oneof![
        4 => mutate::json_mutated(json_seeds, DICT, 6).prop_map(|v| Bytes(v.to_string().into_bytes())),
        4 => mutate::bytes_input(byte_seeds, DICT),
    ]
    .boxed()
}

fn check_request(body: &[u8], policies: &[AllocationPolicy]) -> Result<(), TestCaseError> {
    for allow_unknown in [false, true] {
        let req = match AllocationRequest::from_slice(body, allow_unknown) {
            Ok(r) => r,
            Err(e) => {
                check!(!e.to_string().is_empty(), "empty error");
                continue;
            }
        };
        check!(
            check_registration_id(&req.registration_id).is_ok(),
            "accepted an invalid registration id {:?}",
            req.registration_id
        );
        check!(!req.linked_hubs.is_empty(), "accepted no linked hubs");
        let again = AllocationRequest::from_value(req.raw.clone(), allow_unknown);
        check!(
            again.as_ref().ok() == Some(&req),
            "from_value(raw) differs from from_slice: {again:?}"
        );
        harness::reached(if allow_unknown {
            "parsed-lenient"
        } else {
            "parsed"
        });
        let turn = AtomicUsize::new(0);
        for p in policies {
            let Ok(plan) = p.plan(&req) else { continue };
            harness::reached("planned");
            check!(
                check_twin_id(&plan.twin_id).is_ok(),
                "plan produced an invalid twin id {:?}",
                plan.twin_id
            );
            if let Some(parent) = &plan.parent {
                check!(check_twin_id(parent).is_ok(), "invalid parent {parent:?}");
            }
            if let Ok(hub) = p.select_hub(&req, &plan.model, &turn) {
                check!(
                    req.linked_hubs.iter().any(|h| h.eq_ignore_ascii_case(&hub)),
                    "selected hub {hub:?} is not linked: {:?}",
                    req.linked_hubs
                );
                let resp = p.response(&plan.twin_id, &plan.model, &hub);
                check!(
                    serde_json::to_value(&resp).is_ok(),
                    "the response does not serialize"
                );
            }
        }
    }
    Ok(())
}

#[test]
fn allocation_request() {
    let policies = policies();
    harness::run(
        "allocation_request",
        600,
        input(Arc::new(seeds())),
        |b: Bytes| check_request(&b.0, &policies),
    );
}

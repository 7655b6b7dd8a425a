//! Target `emulator_mqtt`: the emulator's MQTT 3.1.1 server (`emulator::gateway::mqtt::serve`,
//! the DPS and IoT Hub device sessions) over an in-memory duplex stream, against a running
//! emulator's hub and DPS. A case is a byte stream: a CONNECT that authenticates (a DPS
//! registration or a registered hub device, with real SAS tokens) or a random one, then packets
//! generated with the MQTT codec (PUBLISH to the DPS/IoT Hub topics with JSON or random
//! payloads at QoS 0-2, SUBSCRIBE, UNSUBSCRIBE, PINGREQ, PUBACK, DISCONNECT, raw bytes), then
//! byte mutations. Properties: the session ends (no hang: the case has a deadline once the
//! client closes its side) and nothing panics, in the connection task or elsewhere.
use crate::harness;
use crate::mutate::{self, Mutation};
use bytes::BytesMut;
use proptest::prelude::*;
use rumqttc::mqttbytes::QoS;
use rumqttc::mqttbytes::v4::{
    Connect, Packet, PubAck, Publish, Subscribe, SubscribeFilter, Unsubscribe,
};
use serde_json::Map;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_util::sync::CancellationToken;
use twinbridge::emulator::dps::{DEFAULT_ID_SCOPE, WELL_KNOWN_GROUP_KEY};
use twinbridge::emulator::gateway::mqtt;
use twinbridge::emulator::iothub::registry::DeviceRecord;
use twinbridge::emulator::{Emulator, EmulatorConfig};
use twinbridge::sas;

const DEVICE: &str = "fuzz-dev";
const DEVICE_KEY: &str = "ZnV6ei1kZXZpY2Uta2V5LWZvci1tcXR0LXNlc3Npb25zIQ==";
const REG: &str = "fuzz-reg-1";
const EXPIRY: u64 = 4_102_444_800;

const TOPICS: &[&str] = &[
    "$dps/registrations/PUT/iotdps-register/?$rid=1",
    "$dps/registrations/GET/iotdps-get-operationstatus/?$rid=2&operationId=",
    "$dps/registrations/GET/iotdps-get-operationstatus/?$rid=3&operationId=5.0000.x",
    "$dps/registrations/res/#",
    "devices/fuzz-dev/messages/events/",
    "devices/fuzz-dev/messages/events/%24.ct=application%2Fjson&%24.ce=utf-8&dtId=t1",
    "devices/fuzz-dev/messages/events/$.mid=m1&$.cid=c&k=v%20w&%zz=%",
    "devices/other/messages/events/",
    "$iothub/twin/GET/?$rid=7",
    "$iothub/twin/PATCH/properties/reported/?$rid=8",
    "$iothub/twin/res/#",
    "$iothub/methods/POST/#",
    "devices/fuzz-dev/messages/devicebound/#",
    "#",
    "+/+",
    "",
];

const PAYLOADS: &[&str] = &[
    "{\"registrationId\":\"fuzz-reg-1\",\"payload\":{\"modelId\":\"dtmi:com:example:Thermostat;1\"}}",
    "{\"registrationId\":\"other\"}",
    "{\"payload\":null}",
    "{\"Temperature\":21.5}",
    "{\"desired\":{}}",
    "null",
    "",
    "{",
    "\"x\"",
];

/// How the session starts.
#[derive(Debug, Clone)]
enum Start {
    Dps,
    Hub,
    /// Random client id, user name and password.
    Other {
        client_id: String,
        user: String,
        password: String,
        keep_alive: u16,
    },
}

#[derive(Debug, Clone)]
enum Step {
    Publish {
        topic: usize,
        suffix: String,
        qos: u8,
        payload: usize,
        raw: Vec<u8>,
        pkid: u16,
    },
    Subscribe {
        topics: Vec<usize>,
        qos: u8,
        pkid: u16,
    },
    Unsubscribe {
        topic: usize,
        pkid: u16,
    },
    PingReq,
    PubAck(u16),
    Disconnect,
    Raw(Vec<u8>),
}

#[derive(Debug, Clone)]
struct Case {
    start: Start,
    steps: Vec<Step>,
    /// Byte edits of the stream after the CONNECT (or of the whole stream).
    mutations: Vec<Mutation>,
    mutate_connect: bool,
}

fn qos(n: u8) -> QoS {
    match n % 3 {
        0 => QoS::AtMostOnce,
        1 => QoS::AtLeastOnce,
        _ => QoS::ExactlyOnce,
    }
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (
            0..TOPICS.len(),
            prop_oneof![3 => Just(String::new()), 1 => "[a-zA-Z0-9$%&=./#+-]{0,12}"],
            any::<u8>(),
            0..PAYLOADS.len() + 1,
            prop::collection::vec(any::<u8>(), 0..64),
            any::<u16>(),
        )
            .prop_map(|(topic, suffix, qos, payload, raw, pkid)| Step::Publish { topic, suffix, qos, payload, raw, pkid }),
        2 => (prop::collection::vec(0..TOPICS.len(), 0..3), any::<u8>(), any::<u16>())
            .prop_map(|(topics, qos, pkid)| Step::Subscribe { topics, qos, pkid }),
        1 => (0..TOPICS.len(), any::<u16>()).prop_map(|(topic, pkid)| Step::Unsubscribe { topic, pkid }),
        1 => Just(Step::PingReq),
        1 => any::<u16>().prop_map(Step::PubAck),
        1 => Just(Step::Disconnect),
        1 => prop::collection::vec(any::<u8>(), 1..32).prop_map(Step::Raw),
    ]
}

fn input() -> impl Strategy<Value = Case> {
    let start = prop_oneof![
        4 => Just(Start::Dps),
        4 => Just(Start::Hub),
        1 => ("[a-z0-9-]{0,12}", "[a-zA-Z0-9/?=.:-]{0,40}", "[ -~]{0,40}", any::<u16>())
            .prop_map(|(client_id, user, password, keep_alive)| Start::Other { client_id, user, password, keep_alive }),
    ];
    (
        start,
        prop::collection::vec(step(), 0..8),
        prop::collection::vec(mutation_strategy(), 0..4),
        prop::bool::weighted(0.1),
    )
        .prop_map(|(start, steps, mutations, mutate_connect)| Case {
            start,
            steps,
            mutations,
            mutate_connect,
        })
}

/// The byte mutations of `mutate`, reached through a one-seed strategy.
fn mutation_strategy() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0u8..8).prop_map(|(at, bit)| Mutation::FlipBit { at, bit }),
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::SetByte { at, byte }),
        (any::<usize>(), 1usize..16).prop_map(|(at, len)| Mutation::Delete { at, len }),
        any::<usize>().prop_map(|at| Mutation::Truncate { at }),
        (any::<usize>(), 1usize..64, any::<usize>())
            .prop_map(|(from, len, to)| Mutation::Duplicate { from, len, to }),
        (any::<usize>(), any::<usize>())
            .prop_map(|(at, which)| Mutation::Interesting { at, which }),
    ]
}

struct Env {
    hub_host: String,
    dps_password: String,
    hub_password: String,
}

fn connect_bytes(start: &Start, env: &Env) -> Vec<u8> {
    let (client_id, user, password, keep_alive) = match start {
        Start::Dps => (
            REG.to_string(),
            format!("{DEFAULT_ID_SCOPE}/registrations/{REG}/api-version=2019-03-31"),
            env.dps_password.clone(),
            30,
        ),
        Start::Hub => (
            DEVICE.to_string(),
            format!("{}/{DEVICE}/?api-version=2021-04-12", env.hub_host),
            env.hub_password.clone(),
            60,
        ),
        Start::Other {
            client_id,
            user,
            password,
            keep_alive,
        } => (
            client_id.clone(),
            user.clone(),
            password.clone(),
            *keep_alive,
        ),
    };
    let mut c = Connect::new(client_id);
    c.keep_alive = keep_alive;
    c.set_login(user, password);
    let mut out = BytesMut::new();
    let _ = Packet::Connect(c).write(&mut out, 1 << 20);
    out.to_vec()
}

fn step_bytes(s: &Step) -> Vec<u8> {
    let packet = match s {
        Step::Publish {
            topic,
            suffix,
            qos: q,
            payload,
            raw,
            pkid,
        } => {
            let body = match PAYLOADS.get(*payload) {
                Some(p) => p.as_bytes().to_vec(),
                None => raw.clone(),
            };
            let mut p = Publish::new(format!("{}{suffix}", TOPICS[*topic]), qos(*q), body);
            p.pkid = if p.qos == QoS::AtMostOnce {
                0
            } else {
                (*pkid).max(1)
            };
            Packet::Publish(p)
        }
        Step::Subscribe {
            topics,
            qos: q,
            pkid,
        } => {
            let mut sub = Subscribe::new_many(
                topics
                    .iter()
                    .map(|t| SubscribeFilter::new(TOPICS[*t].to_string(), qos(*q))),
            );
            sub.pkid = (*pkid).max(1);
            Packet::Subscribe(sub)
        }
        Step::Unsubscribe { topic, pkid } => {
            let mut u = Unsubscribe::new(TOPICS[*topic]);
            u.pkid = (*pkid).max(1);
            Packet::Unsubscribe(u)
        }
        Step::PingReq => Packet::PingReq,
        Step::PubAck(pkid) => Packet::PubAck(PubAck::new(*pkid)),
        Step::Disconnect => Packet::Disconnect,
        Step::Raw(b) => return b.clone(),
    };
    let mut out = BytesMut::new();
    match packet.write(&mut out, 1 << 20) {
        Ok(_) => out.to_vec(),
        // The codec refuses some generated packets (e.g. an empty SUBSCRIBE): send its bytes raw.
        Err(_) => Vec::new(),
    }
}

fn stream(case: &Case, env: &Env) -> Vec<u8> {
    let connect = connect_bytes(&case.start, env);
    let mut rest: Vec<u8> = case.steps.iter().flat_map(step_bytes).collect();
    if case.mutate_connect {
        let mut all = connect;
        all.extend(rest);
        for m in &case.mutations {
            mutate::apply(&mut all, m, &[], &[]);
        }
        return all;
    }
    for m in &case.mutations {
        mutate::apply(&mut rest, m, &[], &[]);
    }
    let mut all = connect;
    all.extend(rest);
    all
}

/// Play `bytes` to a fresh session and read until the server closes.
async fn session(bytes: Vec<u8>, emu: &Emulator, stop: CancellationToken) -> Result<(), String> {
    let (client, server) = tokio::io::duplex(16 * 1024);
    let (hub, dps) = (emu.devices.hub.clone(), emu.devices.dps.clone());
    let task =
        tokio::spawn(async move { mqtt::serve(server, BytesMut::new(), hub, dps, stop).await });
    let (mut rd, mut wr) = tokio::io::split(client);
    let reader = tokio::spawn(async move {
        let mut sink = Vec::new();
        let _ = rd.read_to_end(&mut sink).await;
        sink
    });
    let _ = wr.write_all(&bytes).await;
    let _ = wr.shutdown().await;
    drop(wr);
    let served = task.await;
    let answer = reader.await.unwrap_or_default();
    if answer.starts_with(&[0x20, 0x02, 0x00, 0x00]) {
        harness::reached("connected");
        if answer.len() > 4 {
            harness::reached("answered");
        }
    }
    match served {
        Err(e) if e.is_panic() => Err(format!("the MQTT connection task panicked: {e}")),
        _ => Ok(()),
    }
}

#[test]
fn emulator_mqtt() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let emu = rt
        .block_on(Emulator::start(EmulatorConfig::for_tests()))
        .expect("emulator");
    let hub = emu.devices.hub.clone();
    hub.create_device(DeviceRecord::new(
        DEVICE,
        DEVICE_KEY,
        DEVICE_KEY,
        Map::new(),
    ))
    .expect("device");
    let device_key = sas::derive_device_key(WELL_KNOWN_GROUP_KEY, REG).expect("key");
    let env = Env {
        hub_host: hub.host.clone(),
        dps_password: sas::dps_token(DEFAULT_ID_SCOPE, REG, &device_key, EXPIRY).expect("token"),
        hub_password: sas::device_token(&hub.host, DEVICE, DEVICE_KEY, EXPIRY).expect("token"),
    };
    let stop = CancellationToken::new();
    let deadline = harness::case_timeout() / 2;
    harness::run("emulator_mqtt", 300, input(), |case: Case| {
        let bytes = stream(&case, &env);
        let out = rt.block_on(async {
            tokio::time::timeout(deadline, session(bytes, &emu, stop.clone())).await
        });
        match out {
            Err(_) => Err(TestCaseError::fail(format!(
                "the session did not end within {deadline:?} after the client closed"
            ))),
            Ok(Err(e)) => Err(TestCaseError::fail(e)),
            Ok(Ok(())) => {
                harness::reached("session");
                Ok(())
            }
        }
    });
    stop.cancel();
    rt.block_on(emu.stop());
}

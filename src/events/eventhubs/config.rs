//! How to reach an Event Hub: a connection string (`Endpoint=sb://...;SharedAccessKeyName=...;
//! SharedAccessKey=...;EntityPath=...`, with `UseDevelopmentEmulator=true` honoured here because
//! the Rust SDK ignores it) or Entra ID (namespace + hub + credential); consumer group;
//! transport (AMQP over TCP 5671, or over WebSockets 443). Pure: no I/O, no environment.
use crate::events::EventsError;
use crate::settings::Secret;
use azure_core::credentials::TokenCredential;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// The consumer group every Event Hub has.
pub const DEFAULT_CONSUMER_GROUP: &str = "$Default";

/// How AMQP travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Transport {
    /// AMQP over TCP/TLS, port 5671 (plain TCP to the emulator).
    #[default]
    Amqp,
    /// AMQP over secure WebSockets, port 443 (for networks that block 5671).
    WebSockets,
}

/// Credentials.
#[derive(Clone)]
pub enum EventHubsAuth {
    /// The whole connection string (SAS key or signature inside); the SDK signs tokens from it.
    ConnectionString(Secret),
    /// Entra ID: a credential asked for `https://eventhubs.azure.net/.default`.
    Credential(Arc<dyn TokenCredential>),
}

impl fmt::Debug for EventHubsAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ConnectionString(cs) => write!(
                f,
                "ConnectionString({})",
                crate::secret::redact_connection_string(cs.expose())
            ),
            Self::Credential(_) => f.write_str("Credential(..)"),
        }
    }
}

/// Reconnect backoff of partition receivers (and retries of the first connect).
#[derive(Debug, Clone, Copy)]
pub struct Backoff {
    pub initial: Duration,
    pub max: Duration,
    /// Attempts at connecting in [`super::EventHubsSource::connect`] before giving up.
    pub connect_attempts: u32,
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            initial: Duration::from_millis(200),
            max: Duration::from_secs(30),
            connect_attempts: 6,
        }
    }
}

/// Everything needed to consume one Event Hub.
#[derive(Debug, Clone)]
pub struct EventHubsConfig {
    /// `<namespace>.servicebus.windows.net` (or the emulator's host).
    pub fully_qualified_namespace: String,
    pub hub: String,
    pub consumer_group: String,
    pub auth: EventHubsAuth,
    pub transport: Transport,
    /// Where to dial instead of the namespace: `amqp://host:port` for the emulator
    /// (`UseDevelopmentEmulator=true`), or an AMQP proxy.
    pub custom_endpoint: Option<String>,
    /// Events the client may buffer per partition (AMQP link credit).
    pub prefetch: u32,
    pub backoff: Backoff,
}

/// The parts of a connection string twinbridge needs.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Parsed {
    host: String,
    port: Option<u16>,
    entity_path: Option<String>,
    emulator: bool,
}

fn parse(cs: &str) -> Result<Parsed, EventsError> {
    let hint = "expected Endpoint=sb://<namespace>.servicebus.windows.net/;SharedAccessKeyName=<policy>;SharedAccessKey=<key>[;EntityPath=<hub>] (copy it from the portal's Shared access policies, or from `twinbridge emulator`)";
    let mut endpoint = None;
    let mut entity_path = None;
    let mut emulator = false;
    let mut has_key = false;
    let mut has_key_name = false;
    for (n, part) in cs
        .split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .enumerate()
    {
        // The part itself is not shown: it may be (a piece of) the key.
        let Some((k, v)) = part.split_once('=') else {
            return Err(EventsError::config(
                format!(
                    "the Event Hubs connection string's part {} (of those separated by ';') has no '='",
                    n + 1
                ),
                hint,
            ));
        };
        match k.trim().to_ascii_lowercase().as_str() {
            "endpoint" => endpoint = Some(v.trim().to_string()),
            "entitypath" => entity_path = Some(v.trim().to_string()).filter(|s| !s.is_empty()),
            "usedevelopmentemulator" => emulator = v.trim().eq_ignore_ascii_case("true"),
            "sharedaccesskey" | "sharedaccesssignature" => has_key = true,
            "sharedaccesskeyname" => has_key_name = true,
            _ => {}
        }
    }
    let endpoint = endpoint.ok_or_else(|| {
        EventsError::config("the Event Hubs connection string has no Endpoint=", hint)
    })?;
    if !has_key {
        return Err(EventsError::config(
            "the Event Hubs connection string has no SharedAccessKey or SharedAccessSignature",
            hint,
        ));
    }
    let _ = has_key_name;
    let url = url::Url::parse(&endpoint).map_err(|e| {
        EventsError::config(format!("the Endpoint {endpoint:?} is not a URL: {e}"), hint)
    })?;
    let host = url
        .host_str()
        .filter(|h| !h.is_empty())
        .ok_or_else(|| EventsError::config(format!("the Endpoint {endpoint:?} has no host"), hint))?
        .to_string();
    Ok(Parsed {
        host,
        port: url.port(),
        entity_path,
        emulator,
    })
}

impl EventHubsConfig {
    /// From a connection string. `hub` names the Event Hub when the string has no `EntityPath`
    /// (if both are given they must agree). `UseDevelopmentEmulator=true` means plain AMQP to
    /// the endpoint's host and port (default 5672).
    pub fn from_connection_string(cs: &str, hub: Option<&str>) -> Result<Self, EventsError> {
        let p = parse(cs)?;
        let hub = match (p.entity_path.as_deref(), hub) {
            (Some(a), Some(b)) if a != b => {
                return Err(EventsError::config(
                    format!("the connection string names event hub {a:?} but {b:?} was asked for"),
                    "drop one of them, or make them agree",
                ));
            }
            (Some(a), _) => a.to_string(),
            (None, Some(b)) => b.to_string(),
            (None, None) => {
                return Err(EventsError::config(
                    "no event hub name: the connection string has no EntityPath",
                    "add ;EntityPath=<hub> to the connection string or give the hub name (--hub)",
                ));
            }
        };
        let custom_endpoint = p
            .emulator
            .then(|| format!("amqp://{}:{}", p.host, p.port.unwrap_or(5672)));
        Ok(Self {
            fully_qualified_namespace: p.host,
            hub,
            consumer_group: DEFAULT_CONSUMER_GROUP.into(),
            auth: EventHubsAuth::ConnectionString(Secret::new(cs)),
            transport: Transport::Amqp,
            custom_endpoint,
            prefetch: 300,
            backoff: Backoff::default(),
        })
    }

    /// Entra ID: `namespace` is `<ns>.servicebus.windows.net` (a bare `<ns>` gets the suffix).
    pub fn entra(namespace: &str, hub: &str, credential: Arc<dyn TokenCredential>) -> Self {
        let ns = namespace
            .trim()
            .trim_start_matches("sb://")
            .trim_start_matches("amqps://")
            .trim_end_matches('/');
        let fqdn = if ns.contains('.') || ns.contains(':') {
            ns.to_string()
        } else {
            format!("{ns}.servicebus.windows.net")
        };
        Self {
            fully_qualified_namespace: fqdn,
            hub: hub.to_string(),
            consumer_group: DEFAULT_CONSUMER_GROUP.into(),
            auth: EventHubsAuth::Credential(credential),
            transport: Transport::Amqp,
            custom_endpoint: None,
            prefetch: 300,
            backoff: Backoff::default(),
        }
    }

    pub fn with_consumer_group(mut self, group: impl Into<String>) -> Self {
        self.consumer_group = group.into();
        self
    }

    pub fn with_transport(mut self, transport: Transport) -> Self {
        self.transport = transport;
        self
    }

    /// Dial this endpoint instead (e.g. `amqp://127.0.0.1:5672`).
    pub fn with_custom_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.custom_endpoint = Some(endpoint.into());
        self
    }

    /// Where the client dials, for messages.
    pub fn endpoint_display(&self) -> String {
        match (&self.custom_endpoint, self.transport) {
            (Some(e), _) => e.clone(),
            (None, Transport::Amqp) => format!("amqps://{}:5671", self.fully_qualified_namespace),
            (None, Transport::WebSockets) => format!(
                "wss://{}:443/$servicebus/websocket",
                self.fully_qualified_namespace
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emulator_strings_dial_plain_amqp() {
        let c = EventHubsConfig::from_connection_string(
            "Endpoint=sb://127.0.0.1:5673/;SharedAccessKeyName=emulator;SharedAccessKey=abc=;EntityPath=deviceevents;UseDevelopmentEmulator=true",
            None,
        )
        .unwrap();
        assert_eq!(c.fully_qualified_namespace, "127.0.0.1");
        assert_eq!(c.hub, "deviceevents");
        assert_eq!(c.custom_endpoint.as_deref(), Some("amqp://127.0.0.1:5673"));
        let d = format!("{c:?}");
        assert!(!d.contains("abc="), "{d}");
        let c = EventHubsConfig::from_connection_string(
            "Endpoint=sb://localhost;SharedAccessKeyName=k;SharedAccessKey=v;UseDevelopmentEmulator=True",
            Some("h"),
        )
        .unwrap();
        assert_eq!(c.custom_endpoint.as_deref(), Some("amqp://localhost:5672"));
    }

    #[test]
    fn azure_strings_and_mistakes() {
        let c = EventHubsConfig::from_connection_string(
            "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=k",
            Some("deviceevents"),
        )
        .unwrap();
        assert_eq!(c.fully_qualified_namespace, "ns.servicebus.windows.net");
        assert_eq!(c.custom_endpoint, None);
        let e = EventHubsConfig::from_connection_string(
            "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=k",
            None,
        )
        .unwrap_err();
        assert!(e.to_string().contains("EntityPath") && e.is_config());
        let e = EventHubsConfig::from_connection_string("SharedAccessKey=k;EntityPath=h", None)
            .unwrap_err();
        assert!(e.to_string().contains("Endpoint"));
        let e = EventHubsConfig::from_connection_string("Endpoint=sb://x/;EntityPath=h", None)
            .unwrap_err();
        assert!(e.to_string().contains("SharedAccessKey"));
        let e = EventHubsConfig::from_connection_string(
            "Endpoint=sb://x/;SharedAccessKey=k;EntityPath=a",
            Some("b"),
        )
        .unwrap_err();
        assert!(e.to_string().contains("\"a\""));
    }

    #[test]
    fn entra_namespaces() {
        #[derive(Debug)]
        struct Never;
        #[async_trait::async_trait]
        impl TokenCredential for Never {
            async fn get_token(
                &self,
                _: &[&str],
                _: Option<azure_core::credentials::TokenRequestOptions<'_>>,
            ) -> azure_core::Result<azure_core::credentials::AccessToken> {
                Err(azure_core::Error::with_message(
                    azure_core::error::ErrorKind::Credential,
                    "no",
                ))
            }
        }
        let c = EventHubsConfig::entra("myns", "h", Arc::new(Never));
        assert_eq!(c.fully_qualified_namespace, "myns.servicebus.windows.net");
        let c = EventHubsConfig::entra("sb://myns.servicebus.windows.net/", "h", Arc::new(Never));
        assert_eq!(c.fully_qualified_namespace, "myns.servicebus.windows.net");
    }
}

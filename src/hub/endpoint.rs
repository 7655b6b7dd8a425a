//! Service endpoints as `host[:port]`: DPS (`--dps-endpoint`) and assigned IoT hubs. Azure's
//! host names carry no port (MQTT 8883, HTTPS 443); the emulator's do (`localhost:18883`), so
//! one value serves both transports.
use std::fmt;

/// The MQTT-over-TLS port the Azure services and SDKs use.
pub const MQTT_PORT: u16 = 8883;
/// The HTTPS port.
pub const HTTPS_PORT: u16 = 443;

/// A host with an optional port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub host: String,
    pub port: Option<u16>,
}

/// Why an endpoint is not `host[:port]`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{0:?} is not HOST or HOST:PORT (e.g. global.azure-devices-provisioning.net or localhost:8883)"
)]
pub struct EndpointError(pub String);

impl Endpoint {
    /// Parse `host`, `host:port`, or a URL (`https://host:port/`, `mqtts://host`) whose path is
    /// ignored.
    pub fn parse(raw: &str) -> Result<Self, EndpointError> {
        let bad = || EndpointError(raw.to_string());
        let s = raw.trim();
        let s = s.split_once("://").map(|(_, rest)| rest).unwrap_or(s);
        let s = s.split('/').next().unwrap_or_default();
        if s.is_empty() || s.contains(char::is_whitespace) {
            return Err(bad());
        }
        if let Some(v6) = s.strip_prefix('[') {
            let (host, rest) = v6.split_once(']').ok_or_else(bad)?;
            let port = match rest.strip_prefix(':') {
                Some(p) => Some(p.parse().map_err(|_| bad())?),
                None if rest.is_empty() => None,
                None => return Err(bad()),
            };
            return Ok(Self {
                host: host.to_string(),
                port,
            });
        }
        match s.rsplit_once(':') {
            Some((host, port)) if !host.is_empty() => Ok(Self {
                host: host.to_string(),
                port: Some(port.parse().map_err(|_| bad())?),
            }),
            Some(_) => Err(bad()),
            None => Ok(Self {
                host: s.to_string(),
                port: None,
            }),
        }
    }

    /// The port for MQTT (8883 unless given).
    pub fn mqtt_port(&self) -> u16 {
        self.port.unwrap_or(MQTT_PORT)
    }

    /// `https://host[:port]` (no trailing slash).
    pub fn https_base(&self) -> String {
        match self.port {
            Some(p) if p != HTTPS_PORT => format!("https://{}:{p}", self.host_for_url()),
            _ => format!("https://{}", self.host_for_url()),
        }
    }

    fn host_for_url(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        }
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.port {
            Some(p) => write!(f, "{}:{p}", self.host_for_url()),
            None => f.write_str(&self.host),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_hosts_ports_and_urls() {
        let e = Endpoint::parse("global.azure-devices-provisioning.net").unwrap();
        assert_eq!(
            (e.host.as_str(), e.port),
            ("global.azure-devices-provisioning.net", None)
        );
        assert_eq!(e.mqtt_port(), 8883);
        assert_eq!(
            e.https_base(),
            "https://global.azure-devices-provisioning.net"
        );
        let e = Endpoint::parse("https://localhost:18883/").unwrap();
        assert_eq!(e.to_string(), "localhost:18883");
        assert_eq!(e.https_base(), "https://localhost:18883");
        assert_eq!(e.mqtt_port(), 18883);
        assert_eq!(
            Endpoint::parse("[::1]:9").unwrap().https_base(),
            "https://[::1]:9"
        );
        assert!(Endpoint::parse("").is_err());
        assert!(Endpoint::parse("host:notaport").is_err());
        assert!(Endpoint::parse(":80").is_err());
    }
}

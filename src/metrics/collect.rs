//! Metrics read at scrape time from counters an engine already keeps (PATCHes sent, cache
//! hits, ...), so the engines need no metrics handle of their own.
use super::Labels;
use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeMetric};
use prometheus_client::metrics::MetricType;
use prometheus_client::metrics::counter::ConstCounter;
use prometheus_client::metrics::gauge::ConstGauge;

/// One labelled value.
pub type Sample = (Labels, u64);

type Read = Box<dyn Fn() -> Vec<Sample> + Send + Sync>;

/// A counter or gauge family whose values a closure reads at each scrape.
pub struct FnCollector {
    name: &'static str,
    help: &'static str,
    counter: bool,
    read: Read,
}

impl std::fmt::Debug for FnCollector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FnCollector")
            .field("name", &self.name)
            .finish()
    }
}

impl FnCollector {
    /// A counter (`name` without `_total`: the encoder adds it).
    pub fn counter(
        name: &'static str,
        help: &'static str,
        read: impl Fn() -> Vec<Sample> + Send + Sync + 'static,
    ) -> Self {
        Self {
            name,
            help,
            counter: true,
            read: Box::new(read),
        }
    }

    /// A gauge.
    pub fn gauge(
        name: &'static str,
        help: &'static str,
        read: impl Fn() -> Vec<Sample> + Send + Sync + 'static,
    ) -> Self {
        Self {
            name,
            help,
            counter: false,
            read: Box::new(read),
        }
    }
}

impl Collector for FnCollector {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), std::fmt::Error> {
        let kind = if self.counter {
            MetricType::Counter
        } else {
            MetricType::Gauge
        };
        let mut family = encoder.encode_descriptor(self.name, self.help, None, kind)?;
        for (labels, value) in (self.read)() {
            let m = family.encode_family(&labels)?;
            if self.counter {
                ConstCounter::new(value).encode(m)?;
            } else {
                ConstGauge::new(value as i64).encode(m)?;
            }
        }
        Ok(())
    }
}

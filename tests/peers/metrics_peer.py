"""Scrape a twinbridge /metrics endpoint twice (Prometheus text 0.0.4, then OpenMetrics) and
parse each with the official Python prometheus_client parsers. Prints one JSON document:
{"text": {"name{labels}": value}, "openmetrics": {...}, "types": {"family": "type"}}.
Exits non-zero if either exposition does not parse."""
import json
import sys
import urllib.request

from prometheus_client.openmetrics.parser import text_string_to_metric_families as om_parse
from prometheus_client.parser import text_string_to_metric_families as text_parse


def fetch(url, accept):
    req = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.headers.get("Content-Type", ""), r.read().decode("utf-8")


def samples(families, types):
    out = {}
    for fam in families:
        types[fam.name] = fam.type
        for s in fam.samples:
            labels = ",".join(f'{k}="{v}"' for k, v in sorted(s.labels.items()))
            out[f"{s.name}{{{labels}}}"] = s.value
    return out


def main():
    url = sys.argv[1]
    ct_text, text = fetch(url, None)
    ct_om, om = fetch(url, "application/openmetrics-text; version=1.0.0,text/plain;q=0.5")
    assert ct_text.startswith("text/plain; version=0.0.4"), ct_text
    assert ct_om.startswith("application/openmetrics-text"), ct_om
    types = {}
    doc = {
        "text": samples(text_parse(text), {}),
        "openmetrics": samples(om_parse(om), types),
        "types": types,
    }
    print(json.dumps(doc))


if __name__ == "__main__":
    main()

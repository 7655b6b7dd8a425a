"""Shared helpers for the bench/*.py scripts: start the emulator, talk to its ADT surface over
keep-alive HTTP (standard library only), run twinbridge under /usr/bin/time, percentiles.

Benchmarks print numbers; nothing here asserts timings.
"""
import http.client
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

API = "api-version=2023-10-31"
THERMOSTAT = "dtmi:contosocom:DigitalTwins:Thermostat;2"
SPACE = "dtmi:contosocom:DigitalTwins:Space;1"


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


class Http:
    """One keep-alive connection per thread to one host; retries 429 after Retry-After."""

    def __init__(self, base):
        u = urllib.parse.urlsplit(base)
        self.host, self.port = u.hostname, u.port
        self.local = threading.local()
        self.throttled = 0
        self.calls = 0
        self.lock = threading.Lock()

    def _conn(self):
        c = getattr(self.local, "conn", None)
        if c is None:
            c = http.client.HTTPConnection(self.host, self.port, timeout=60)
            self.local.conn = c
        return c

    def request(self, method, path, body=None, headers=None, retry_429=True):
        """(status, headers dict, body bytes). Reconnects once on a dropped connection."""
        hdrs = {"Authorization": "Bearer x"}
        if body is not None:
            if not isinstance(body, (bytes, str)):
                body = json.dumps(body)
                hdrs["Content-Type"] = "application/json"
            if isinstance(body, str):
                body = body.encode()
        hdrs.update(headers or {})
        while True:
            for attempt in range(2):
                try:
                    c = self._conn()
                    c.request(method, path, body=body, headers=hdrs)
                    r = c.getresponse()
                    data = r.read()
                    break
                except (http.client.HTTPException, OSError):
                    self.local.conn = None
                    if attempt == 1:
                        raise
            with self.lock:
                self.calls += 1
            if r.status == 429 and retry_429:
                with self.lock:
                    self.throttled += 1
                time.sleep(float(r.getheader("Retry-After") or 1))
                continue
            return r.status, {k.lower(): v for k, v in r.getheaders()}, data

    def json(self, method, path, body=None, headers=None, ok=(200, 201, 204)):
        status, _, data = self.request(method, path, body, headers)
        if status not in ok:
            raise RuntimeError(f"{method} {path}: HTTP {status}: {data[:300]!r}")
        return json.loads(data) if data else None


def parallel(fn, items, workers=32):
    with ThreadPoolExecutor(workers) as ex:
        return list(ex.map(fn, items))


class Emulator:
    """`twinbridge emulator` on free ports with the given realism flags."""

    def __init__(self, tb, work, flags):
        self.out = os.path.join(work, "emulator.json")
        self.err = open(os.path.join(work, "emulator.log"), "w")
        cmd = [tb, "emulator", "--in-memory", "--adt-port", "0", "--amqp-port", "0",
               "--device-port", "0", "--ca-out", os.path.join(work, "ca.pem"),
               "--format", "json", *flags]
        self.proc = subprocess.Popen(cmd, stdout=open(self.out, "w"), stderr=self.err)
        for _ in range(300):
            if os.path.getsize(self.out) > 0:
                break
            if self.proc.poll() is not None:
                raise RuntimeError(f"emulator exited: see {self.err.name}")
            time.sleep(0.1)
        time.sleep(0.2)
        self.info = json.loads(open(self.out).readline())
        self.adt_url = self.info["adt_url"].rstrip("/")
        self.hubs = {h["name"]: h for h in self.info["eventhubs"]}

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def upload_models(tb, adt_url, models_dir="models"):
    env = dict(os.environ, TWINBRIDGE_ADT_URL=adt_url)
    subprocess.run([tb, "models", "upload", models_dir, "-q"], env=env, check=True,
                   stdout=subprocess.DEVNULL)


def create_twin(http, twin_id, model, props=None):
    body = {"$metadata": {"$model": model}, **(props or {})}
    http.json("PUT", f"/digitaltwins/{urllib.parse.quote(twin_id)}?{API}", body)


def proc_usage(pid):
    """(CPU seconds, peak RSS MiB) of a running process from /proc."""
    tck = os.sysconf("SC_CLK_TCK")
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / tck
    hwm = 0
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmHWM:"):
            hwm = int(line.split()[1])
    return cpu, hwm / 1024


def timed_run(cmd, env, stdout_path, stderr_path, window=None, on_start=None, grace=10,
              stop_when=None):
    """Run cmd; returns dict(rss_mib, cpu_s, wall_s, rc, started).
    Without a window: under /usr/bin/time until it exits. With a window: CPU and peak RSS are
    read from /proc when the window ends (or `stop_when()` is true), then SIGINT, and SIGKILL
    after `grace` s."""
    tfile = stdout_path + ".time"
    started = time.time()
    with open(stdout_path, "w") as out, open(stderr_path, "w") as err:
        if window is None:
            p = subprocess.Popen(["/usr/bin/time", "-f", "%M %U %S %e", "-o", tfile, *cmd],
                                 stdout=out, stderr=err, env=env)
        else:
            p = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)
        if on_start:
            on_start(p)
        if window is None:
            rc = p.wait()
            rss_kb, user, sysc, wall = open(tfile).read().strip().splitlines()[-1].split()
            return {"rss_mib": int(rss_kb) / 1024, "cpu_s": float(user) + float(sysc),
                    "wall_s": float(wall), "rc": rc, "started": started}
        cpu, rss, rc = float("nan"), float("nan"), None
        while time.time() - started < window:
            try:
                cpu, rss = proc_usage(p.pid)
            except (OSError, IndexError, ValueError):
                pass
            try:
                rc = p.wait(0.5)
                break
            except subprocess.TimeoutExpired:
                pass
            if stop_when and stop_when():
                break
        wall = time.time() - started
        if rc is not None:  # finished inside the window; usage as of its last half second
            return {"rss_mib": rss, "cpu_s": cpu, "wall_s": wall, "rc": rc, "started": started}
        cpu, rss = proc_usage(p.pid)
        p.send_signal(signal.SIGINT)
        try:
            rc = p.wait(grace)
        except subprocess.TimeoutExpired:
            log(f"no exit {grace} s after SIGINT; killing {p.pid}")
            p.kill()
            rc = p.wait()
        return {"rss_mib": rss, "cpu_s": cpu, "wall_s": wall, "rc": rc, "started": started,
                "cut": True}


def summary_of(stdout_path):
    s = {}
    for line in open(stdout_path):
        try:
            v = json.loads(line)
        except ValueError:
            continue
        if v.get("type") == "summary":
            s = v
    return s


def pct(values, p):
    if not values:
        return float("nan")
    v = sorted(values)
    i = min(len(v) - 1, max(0, int(round(p / 100 * (len(v) - 1)))))
    return v[i]


def parse_time_ms(s):
    """RFC 3339 with up to 9 fractional digits and Z -> epoch milliseconds (float)."""
    s = s.rstrip("Z")
    main, _, frac = s.partition(".")
    t = time.strptime(main, "%Y-%m-%dT%H:%M:%S")
    import calendar
    return calendar.timegm(t) * 1000.0 + (float("0." + frac) * 1000.0 if frac else 0.0)


def fresh_tempdir(work, name):
    d = tempfile.mkdtemp(prefix=name + "-", dir=work)
    return d


def table(headers, rows):
    """A plain text table (right-aligned numbers)."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = []
    for n, r in enumerate(cells):
        lines.append("| " + " | ".join(
            c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(r)) + " |")
        if n == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)

"""Benchmark reader pages as production serves them: `make bench`.

    .venv/bin/python bench/serve.py [--seconds 5] [--connections 16]

Sets up a throwaway site in a temporary directory (SQLite with the seed, collectstatic,
DEBUG off), serves it with gunicorn and gunicorn.conf.py twice — page cache on and
NEWSROOM_PAGE_CACHE=off — and, when varnishd is installed, Varnish with the shipped VCL
in front of the first. Loads each URL on loopback with wrk (Debian's `wrk`) or, without
it, a Python load generator, and prints req/s, p50 and p99 and the ratio to the hashed
static file served by gunicorn in the same run. Nothing is asserted: the machine may be
shared, so the load average is printed beside the table.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.cache.servers import (  # noqa: E402 (the path above makes the project importable)
    Gunicorn,
    Varnish,
    free_port,
    site_environment,
)

STORY = (
    "/stories/president-biden-vp-harris-back-karen-bass-in-la-mayoral-race-"
    "prompting-response-from-rick-caruso/"
)
HOST = "localhost"


def prepare(env: dict[str, str]) -> None:
    python = sys.executable
    for args in (["migrate", "--no-input"], ["collectstatic", "--no-input"], ["bootstrap_site"]):
        subprocess.run(  # noqa: S603 (our own manage.py)
            [python, "manage.py", *args, "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def hashed_static(var: Path) -> str:
    manifest = json.loads((var / "staticfiles" / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["css/site.css"]


def etag(url: str) -> str:
    request = urllib.request.Request(url, headers={"Host": HOST})  # noqa: S310 (loopback)
    with urllib.request.urlopen(request) as response:  # noqa: S310
        response.read()
        return response.headers["ETag"]


def load_wrk(url: str, seconds: int, connections: int, headers: dict[str, str]):
    args = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-H", f"Host: {HOST}"]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    out = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout  # noqa: S603
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = dict(re.findall(r"\s+(50|99)%\s+([\d.]+\w+)", out))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = int(non2xx.group(1)) if non2xx else 0
    return rate, _ms(latency["50"]), _ms(latency["99"]), errors


def _ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def load_python(url: str, seconds: int, connections: int, headers: dict[str, str]):
    """Keep-alive HTTP/1.1 clients in threads: slower than wrk, so only ratios compare."""
    host, port = url.split("/")[2].split(":")
    path = "/" + url.split("/", 3)[3]
    stop = time.monotonic() + seconds
    latencies: list[float] = []
    errors = [0]

    def client():
        connection = HTTPConnection(host, int(port), timeout=10)
        while time.monotonic() < stop:
            started = time.perf_counter()
            connection.request("GET", path, headers={"Host": HOST, **headers})
            response = connection.getresponse()
            response.read()
            latencies.append((time.perf_counter() - started) * 1000)
            if response.status >= 400:
                errors[0] += 1

    threads = [threading.Thread(target=client) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cuts = statistics.quantiles(latencies, n=100)
    return len(latencies) / seconds, cuts[49], cuts[98], errors[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5, help="per URL (default 5)")
    parser.add_argument("--connections", type=int, default=16, help="default 16")
    args = parser.parse_args()
    load = load_wrk if shutil.which("wrk") else load_python
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        env = site_environment(tmp, NEWSROOM_RELEASE="bench")
        env.pop("GUNICORN_WORKERS", None)
        # Each server here is one worker: recycling it after gunicorn.conf.py's 2,000
        # requests stops the whole server every second or so at these rates (p99 110-150
        # ms against 8-11 without). In production three workers, jittered, never all stop.
        env["GUNICORN_MAX_REQUESTS"] = "0"
        prepare(env)
        static = hashed_static(tmp / "var")
        started = []
        try:
            cached = Gunicorn(env, tmp / "cached.log")
            started.append(cached)
            uncached = Gunicorn({**env, "NEWSROOM_PAGE_CACHE": "off"}, tmp / "uncached.log")
            started.append(uncached)
            varnish = None
            if shutil.which("varnishd"):
                varnish = Varnish(tmp, [cached], tmp / "varnish.log", free_port())
                started.append(varnish)
            cases = [
                ("static file (whitenoise)", cached.url + static, {}),
                ("robots.txt (no query)", uncached.url + "/robots.txt", {}),
            ]
            for name, path in [("front page", "/"), ("seed story", STORY)]:
                cases += [
                    (f"{name}, uncached", uncached.url + path, {}),
                    (f"{name}, page cache", cached.url + path, {}),
                    (f"{name}, 304", cached.url + path, {"If-None-Match": etag(cached.url + path)}),
                ]
            if varnish:
                cases += [
                    ("static file, Varnish", varnish.url + static, {}),
                    ("front page, Varnish", varnish.url + "/", {}),
                    ("seed story, Varnish", varnish.url + STORY, {}),
                ]
            # Warm every server's caches and imports before measuring.
            for _, url, headers in cases:
                load(url, 1, 2, headers)
            before = os.getloadavg()
            rows = [
                (name, *load(url, args.seconds, args.connections, headers))
                for name, url, headers in cases
            ]
            after = os.getloadavg()
        finally:
            for server in reversed(started):
                server.stop()
    floor = rows[0][1]
    print(
        f"\n{load.__name__.removeprefix('load_')}, {args.connections} connections, "
        f"{args.seconds} s per URL; gunicorn.conf.py ({os.cpu_count()} cores); "
        f"load average {before[0]:.1f} before, {after[0]:.1f} after\n"
    )
    print(f"| {'what':<26} | {'req/s':>8} | {'p50 ms':>7} | {'p99 ms':>7} | {'× static':>8} |")
    print(f"|{'-' * 28}|{'-' * 10}|{'-' * 9}|{'-' * 9}|{'-' * 10}|")
    for name, rate, p50, p99, errors in rows:
        note = f"  ({errors} errors)" if errors else ""
        print(
            f"| {name:<26} | {rate:>8,.0f} | {p50:>7.2f} | {p99:>7.2f} | {rate / floor:>8.2f} |"
            + note
        )


if __name__ == "__main__":
    main()

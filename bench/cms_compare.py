"""Newsroom's uncached seed story beside Wagtail serving the same article: `make bench-cms`.

    .venv/bin/python bench/cms_compare.py [--seconds 10] [--rounds 3] [--connections 16]

Issue 14's first goal compares the uncached seed story with "the leading Django CMS" on the
same article, machine and run. This script builds that comparison so anyone can repeat it:

- Newsroom: a throwaway site (SQLite, the seed, DEBUG off, NEWSROOM_PAGE_CACHE=off, so every
  request runs the middleware, the view and the template), served twice: as deployed, with
  the fragment cache warm (the story's row and the parts that change rarely, kept until the
  next change: docs/caching.md), and with NEWSROOM_FRAGMENT_CACHE=off as well, where every
  request fetches and renders everything.
- Wagtail: the project `wagtail start` generates (its default apps and middleware, SQLite,
  DEBUG off) with one `ArticlePage` type holding the seed's headline, dek, dateline, credit
  and body as rich text, rendered by a template of the same shape. Wagtail has no page cache
  out of the box either, so both render per request. The article alone: Newsroom's page
  also shows the people quoted and the race box, which the Wagtail page does not.

Both run under the same gunicorn command line (2 sync workers, the issue's setup), one
after the other, for several rounds; the load generator is wrk when installed. Both get the
same empty config file: gunicorn otherwise reads ./gunicorn.conf.py from its working
directory, so Newsroom alone would run with our production settings (max_requests
recycling workers every few seconds at these rates, preload). Nothing is asserted: read
the ratio of each round, and the load average printed beside it.

Wagtail is not a Newsroom dependency. The first run installs it, pinned below, into its own
virtualenv under var/bench/ from the package index; later runs reuse that environment.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.error
import urllib.request
from pathlib import Path

from serve import HOST, STORY, load_python, load_wrk, prepare

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.cache.servers import free_port, site_environment  # noqa: E402

# Wagtail's long-term-support release at the time of writing, on the same Django as ours.
WAGTAIL = "wagtail==7.0.10"
VENV = ROOT / "var" / "bench" / "wagtail-venv"
GUNICORN_ARGS = ["--workers", "2", "--worker-class", "sync", "--log-level", "warning"]

ARTICLE_MODEL = """
from django.db import models
from wagtail.fields import RichTextField
from wagtail.models import Page


class ArticlePage(Page):
    dek = models.TextField(blank=True)
    dateline = models.CharField(max_length=100, blank=True)
    credit = models.CharField(max_length=200, blank=True)
    published_at = models.DateTimeField(null=True)
    body = RichTextField()
"""

ARTICLE_TEMPLATE = """{% extends "base.html" %}
{% load wagtailcore_tags %}
{% block content %}
<article>
  <h1>{{ page.title }}</h1>
  <p class="dek">{{ page.dek }}</p>
  <p class="byline">{{ page.credit }} &middot;
    <time datetime="{{ page.published_at|date:'c' }}">{{ page.published_at|date:"F j, Y" }}</time>
  </p>
  <div class="body"><p><strong>{{ page.dateline }}</strong></p>{{ page.body|richtext }}</div>
</article>
{% endblock %}
"""

CREATE_ARTICLE = """
import json, sys
from home.models import ArticlePage, HomePage
story = json.load(open(sys.argv[1]))
home = HomePage.objects.get()
home.add_child(instance=ArticlePage(
    title=story["headline"], slug="seed-story", dek=story["dek"], dateline=story["dateline"],
    credit=story["credit"], published_at=story["published_at"], body=story["body"],
))
"""


def wagtail_python() -> Path:
    python = VENV / "bin" / "python"
    if not python.exists():
        print(f"Installing {WAGTAIL} into {VENV} (first run only)...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)  # noqa: S603
        subprocess.run(  # noqa: S603 (pinned packages into our own virtualenv)
            [str(python), "-m", "pip", "install", "--quiet", WAGTAIL, "gunicorn"], check=True
        )
    return python


def seed_story() -> dict:
    fixture = json.loads((ROOT / "newsroom/fixtures/la_mayor_2022.json").read_text())
    return next(row["fields"] for row in fixture if row["model"] == "stories.story")


def build_wagtail(python: Path, folder: Path) -> dict[str, str]:
    """The project `wagtail start` makes, plus the article type, migrated and seeded."""
    project = folder / "wagtail"
    project.mkdir()
    wagtail = str(python.with_name("wagtail"))
    subprocess.run([wagtail, "start", "cmsbench", str(project)], check=True)  # noqa: S603
    (project / "home" / "models.py").write_text(
        (project / "home" / "models.py").read_text() + ARTICLE_MODEL
    )
    (project / "home" / "templates" / "home" / "article_page.html").write_text(ARTICLE_TEMPLATE)
    (project / "cmsbench" / "settings" / "local.py").write_text(
        textwrap.dedent(f"""
            SECRET_KEY = "bench-only-{"x" * 40}"
            ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
            DATABASES = {{"default": {{"ENGINE": "django.db.backends.sqlite3",
                                      "NAME": {str(folder / "wagtail.sqlite3")!r}}}}}
        """)
    )
    story = folder / "story.json"
    story.write_text(json.dumps(seed_story()))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cmsbench.settings.production"}
    for args in (["makemigrations", "home"], ["migrate"], ["collectstatic", "--no-input"]):
        subprocess.run(  # noqa: S603 (the generated project's manage.py)
            [str(python), "manage.py", *args, "-v", "0"], cwd=project, env=env, check=True
        )
    subprocess.run(  # noqa: S603
        [str(python), "-c", "import django; django.setup(); " + CREATE_ARTICLE, str(story)],
        cwd=project,
        env=env,
        check=True,
    )
    return env


def start(gunicorn: Path, app: str, cwd: Path, env: dict[str, str], log: Path):
    port = free_port()
    # The same (empty) settings for both, whatever file lies in their working directories.
    config = log.with_name("gunicorn.bench.conf.py")
    config.touch()
    process = subprocess.Popen(  # noqa: S603 (a gunicorn from our virtualenvs)
        [
            str(gunicorn),
            "--config",
            str(config),
            *GUNICORN_ARGS,
            "--bind",
            f"127.0.0.1:{port}",
            app,
        ],
        cwd=cwd,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    return process, f"http://127.0.0.1:{port}"


def cpu_seconds(pid: int) -> float:
    """CPU time (user and system) used so far by a gunicorn master and its workers.

    Under load from other work a server's requests per second fall with its share of the
    cores; the CPU each request costs does not, so it is the steadier comparison.
    """
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # a process that ended meanwhile
        # After the name: state, ppid, ... utime and stime are fields 14 and 15 of stat(5).
        if stat.parent.name == str(pid) or fields[1] == str(pid):
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def wait_for(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server for {url} exited; see its log")
        try:
            request = urllib.request.Request(url, headers={"Host": HOST})  # noqa: S310 (loopback)
            with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            # TimeoutError: a worker still importing the application on its first request.
            time.sleep(0.2)  # a server starting up, not a test
    raise SystemExit(f"{url} did not answer 200 within 60 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="per URL and round (default 10)")
    parser.add_argument("--rounds", type=int, default=3, help="default 3")
    parser.add_argument("--connections", type=int, default=16, help="default 16")
    args = parser.parse_args()
    load = load_wrk if shutil.which("wrk") else load_python
    python = wagtail_python()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        newsroom_env = site_environment(folder, NEWSROOM_PAGE_CACHE="off", NEWSROOM_RELEASE="bench")
        prepare(newsroom_env)
        wagtail_env = build_wagtail(python, folder)
        gunicorn = Path(sys.executable).with_name("gunicorn")
        servers = {
            "Newsroom": start(gunicorn, "newsroom.wsgi", ROOT, newsroom_env, folder / "n.log"),
            # Everything rendered and fetched on every request: the fragment cache off too.
            "Newsroom, no fragments": start(
                gunicorn,
                "newsroom.wsgi",
                ROOT,
                {**newsroom_env, "NEWSROOM_FRAGMENT_CACHE": "off"},
                folder / "n-nofrag.log",
            ),
            "Wagtail": start(
                python.with_name("gunicorn"),
                "cmsbench.wsgi",
                folder / "wagtail",
                wagtail_env,
                folder / "wagtail.log",
            ),
        }
        paths = {"Newsroom": STORY, "Newsroom, no fragments": STORY, "Wagtail": "/seed-story/"}
        targets = {who: url + paths[who] for who, (_, url) in servers.items()}
        try:
            for who, url in targets.items():
                wait_for(url, servers[who][0])
            sizes = {}
            for who, url in targets.items():
                request = urllib.request.Request(url, headers={"Host": HOST})  # noqa: S310
                with urllib.request.urlopen(request) as response:  # noqa: S310
                    sizes[who] = len(response.read())
                load(url, 2, 2, {})  # warm imports, connections and the fragment cache
            rounds = []
            for _ in range(args.rounds):
                load_before = os.getloadavg()[0]
                row = {}
                for who, url in targets.items():
                    before = cpu_seconds(servers[who][0].pid)
                    rate, p50, *_ = load(url, args.seconds, args.connections, {})
                    used = cpu_seconds(servers[who][0].pid) - before
                    row[who] = (rate, p50, used / (rate * args.seconds) * 1000)
                rounds.append((load_before, row))
        finally:
            for process, _ in servers.values():
                process.terminate()
                process.wait(timeout=20)
    print(
        f"\n{load.__name__.removeprefix('load_')}, {args.connections} connections, "
        f"{args.seconds} s per server and round; gunicorn {' '.join(GUNICORN_ARGS[:4])}; "
        f"{os.cpu_count()} cores; {WAGTAIL}\n"
        f"page sizes: Newsroom {sizes['Newsroom']:,} bytes, Wagtail {sizes['Wagtail']:,} bytes\n"
    )
    print(
        "| round | load | Newsroom req/s | p50 ms | CPU ms/req | no fragments req/s | p50 ms "
        "| CPU ms/req | Wagtail req/s | p50 ms | CPU ms/req | Newsroom ÷ Wagtail (req/s; CPU) "
        "| no fragments ÷ Wagtail (req/s; CPU) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    ratios: dict[str, list[float]] = {"rate": [], "cpu": [], "bare rate": [], "bare cpu": []}
    for number, (load_before, row) in enumerate(rounds, 1):
        ours, bare, theirs = row["Newsroom"], row["Newsroom, no fragments"], row["Wagtail"]
        ratios["rate"].append(ours[0] / theirs[0])
        ratios["cpu"].append(theirs[2] / ours[2])
        ratios["bare rate"].append(bare[0] / theirs[0])
        ratios["bare cpu"].append(theirs[2] / bare[2])
        cells = [f"{rate:,.0f} | {p50:.1f} | {cpu:.2f}" for rate, p50, cpu in (ours, bare, theirs)]
        print(
            f"| {number} | {load_before:.1f} | {' | '.join(cells)} | "
            f"{ratios['rate'][-1]:.2f}×; {ratios['cpu'][-1]:.2f}× | "
            f"{ratios['bare rate'][-1]:.2f}×; {ratios['bare cpu'][-1]:.2f}× |"
        )
    median = {name: statistics.median(values) for name, values in ratios.items()}
    print(
        f"\nmedian Newsroom ÷ Wagtail (goal: ≥ 3×): {median['rate']:.2f}× in req/s, "
        f"{median['cpu']:.2f}× in CPU per request; with no fragment cache "
        f"{median['bare rate']:.2f}× and {median['bare cpu']:.2f}×"
    )


if __name__ == "__main__":
    main()

"""Real servers for the cross-process tests: gunicorn processes (and Varnish) on loopback.

The site they serve is set up in a temporary directory: migrated, seeded, with an editor
whose password the tests know and an unpublished story for the editor to publish.
"""

import contextlib
import http.cookiejar
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
EDITOR_PASSWORD = "correct-horse-battery-staple"
DRAFT_HEADLINE = "Council approves the transit budget"
DRAFT_SLUG = "council-approves-the-transit-budget"
# Starting processes is not what is measured; this only bounds a broken start.
START_SECONDS = 60

SETUP = f"""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from newsroom.bootstrap import bootstrap_site
from stories.models import Story

bootstrap_site()
editor = get_user_model().objects.create_user(
    "cache-editor", password={EDITOR_PASSWORD!r}, is_staff=True
)
editor.groups.add(Group.objects.get(name="Editors"))
Story.objects.create(headline={DRAFT_HEADLINE!r}, slug={DRAFT_SLUG!r}, body="<p>Yes.</p>")
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_environment(tmp: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "NEWSROOM_", "GUNICORN_"))
        and key not in ("DATABASE_URL", "REDIS_URL")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="cross-process-tests-only-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        # Plain HTTP on loopback: the test's cookie jar must send the session cookie back.
        DJANGO_SECURE_COOKIES="0",
        DJANGO_LOG_LEVEL="WARNING",
        NEWSROOM_VAR_DIR=str(tmp / "var"),
        NEWSROOM_PAGE_CACHE="on",
        NEWSROOM_RELEASE="test",
    )
    env.update(extra)
    return env


def prepare_site(env: dict[str, str]) -> None:
    """Migrate, collect static files, load the seed, add the editor and the draft."""
    for args in (["migrate", "--no-input"], ["collectstatic", "--no-input"]):
        subprocess.run(
            [PYTHON, "manage.py", *args, "-v", "0"], cwd=ROOT, env=env, check=True, timeout=300
        )
    subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", SETUP], cwd=ROOT, env=env, check=True, timeout=120
    )


class Gunicorn:
    """One gunicorn instance with one worker, as a separate machine would run it."""

    def __init__(self, env: dict[str, str], log: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log.open("wb")
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "-c",
                "gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "newsroom.wsgi",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_up(self.url + "/healthz", self.process)
        except Exception:
            self.stop()
            raise

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


class Varnish:
    """varnishd with the shipped VCL, its backends written for the given servers."""

    def __init__(self, tmp: Path, backends: list[Gunicorn], log: Path, port: int):
        self.port = port
        self.url = f"http://127.0.0.1:{self.port}"
        include = tmp / "vcl"
        include.mkdir()
        lines = [
            'probe newsroom_health { .url = "/healthz"; .interval = 1s; .timeout = 1s;'
            " .window = 3; .threshold = 2; .initial = 3; }"
        ]
        for n, server in enumerate(backends):
            lines.append(
                f'backend app{n} {{ .host = "127.0.0.1"; .port = "{server.port}";'
                " .probe = newsroom_health; }"
            )
        lines.append("sub vcl_init { new newsroom = directors.round_robin();")
        lines += [f"  newsroom.add_backend(app{n});" for n in range(len(backends))]
        lines.append("}")
        (include / "newsroom-backends.vcl").write_text("\n".join(lines) + "\n")
        workdir = tmp / "varnish"
        workdir.mkdir()
        self.log = log.open("wb")
        self.process = subprocess.Popen(
            [
                "varnishd",
                "-F",
                # No privilege separation: the test's private temporary directories are
                # readable only by the user running the tests.
                "-j",
                "none",
                "-n",
                str(workdir),
                "-a",
                f"127.0.0.1:{self.port}",
                "-f",
                str(ROOT / "deploy" / "varnish" / "newsroom.vcl"),
                "-p",
                f"vcl_path={include}:{ROOT / 'deploy' / 'varnish'}",
                "-s",
                "malloc,64m",
                "-T",
                f"127.0.0.1:{free_port()}",
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_up(self.url + "/robots.txt", self.process)
        except Exception:
            self.stop()
            raise

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def wait_until_up(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        process_wait(process, 0.1)
    raise RuntimeError(f"{url} did not answer within {START_SECONDS} s")


def process_wait(process: subprocess.Popen, seconds: float) -> None:
    # Waiting on the process (not sleeping): returns at once if it dies.
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=seconds)


class Browser:
    """A urllib client with its own cookies; answers are (status, headers, body).

    Every request names the site as `localhost`, whichever process it goes to, as requests
    through a proxy or a load balancer name the public host, not the process's port.
    """

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, url: str, headers: dict[str, str] | None = None):
        headers = {"Host": "localhost", **(headers or {})}
        return self._open(urllib.request.Request(url, headers=headers))  # noqa: S310

    def post(self, url: str, data: dict[str, str]):
        data = {**data, "csrfmiddlewaretoken": self.cookie("csrftoken")}
        body = urllib.parse.urlencode(data).encode()
        headers = {"Host": "localhost"}
        return self._open(urllib.request.Request(url, data=body, headers=headers))  # noqa: S310

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.cookies if c.name == name), "")

    def log_in(self, base: str, username: str, password: str) -> None:
        self.get(base + "/admin/login/")
        status, _, body = self.post(
            base + "/admin/login/?next=/admin/",
            {"username": username, "password": password, "next": "/admin/"},
        )
        assert status == 200 and self.cookie("sessionid"), body[:500]

    def _open(self, request):
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()


def story_pk(env: dict[str, str], slug: str) -> int:
    code = f"from stories.models import Story; print(Story.objects.get(slug={slug!r}).pk)"
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return int(out.stdout.split()[-1])  # shell prints what it imported first

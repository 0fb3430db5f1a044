"""Deployment defaults: the documented production environment passes `check --deploy`,
and a forgotten secret key stops the site with one line instead of a traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# The production environment of docs/security.md, with placeholder values.
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "k3P9vQ-2xWm7rT_8yLs4bN6cJ1hF5dG0aZeUoRiYtEwQnMxVbC",
    "DJANGO_ALLOWED_HOSTS": "news.example.org",
    "DJANGO_SECURE_SSL_REDIRECT": "1",
    "DJANGO_BEHIND_TLS_PROXY": "1",
    "DJANGO_HSTS_SECONDS": "31536000",
    "DJANGO_HSTS_INCLUDE_SUBDOMAINS": "1",
    "DJANGO_HSTS_PRELOAD": "1",
    "DATABASE_URL": "postgres://newsroom@127.0.0.1:5432/newsroom",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def manage(*args, tmp_path, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "NEWSROOM_"))
    }
    clean.update(env, NEWSROOM_VAR_DIR=str(tmp_path))
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_the_documented_production_environment_passes_check_deploy(tmp_path):
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", tmp_path=tmp_path, **PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_a_production_environment_without_hsts_or_redirect_is_warned_about(tmp_path):
    env = {
        k: v
        for k, v in PRODUCTION_ENV.items()
        if not k.startswith(("DJANGO_HSTS", "DJANGO_SECURE_SSL"))
    }
    result = manage("check", "--deploy", "--fail-level", "WARNING", tmp_path=tmp_path, **env)
    assert result.returncode != 0
    assert "security.W004" in result.stderr and "security.W008" in result.stderr


@pytest.mark.parametrize(
    "secret_key",
    ["", "insecure-local-development-key-never-used-in-production"],
    ids=["unset", "the development key"],
)
def test_debug_off_without_a_real_secret_key_refuses_to_start_with_one_line(tmp_path, secret_key):
    env = {**PRODUCTION_ENV, "DJANGO_SECRET_KEY": secret_key}
    result = manage("check", tmp_path=tmp_path, **env)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Newsroom cannot start: DJANGO_SECRET_KEY is not set.")


def test_the_wsgi_entry_point_refuses_to_start_the_same_way(tmp_path):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "NEWSROOM_"))}
    clean.update(DJANGO_DEBUG="0", NEWSROOM_VAR_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-c", "import newsroom.wsgi"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "DJANGO_SECRET_KEY is not set" in lines[0]


def test_a_hsts_duration_that_is_not_a_number_is_refused(tmp_path):
    result = manage("check", tmp_path=tmp_path, **{**PRODUCTION_ENV, "DJANGO_HSTS_SECONDS": "1y"})
    assert result.returncode == 1
    assert "DJANGO_HSTS_SECONDS must be a whole number" in result.stderr


def test_load_balancer_health_checks_over_plain_http_are_not_redirected(client, settings, db):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301

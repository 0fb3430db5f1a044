"""Settings come from the environment; production mistakes fail loudly at start-up."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRINT_SETTINGS = (
    "import newsroom.settings as s; "
    "print(s.DATABASES['default']['ENGINE'], s.DEBUG, s.CACHES['default']['BACKEND'])"
)


def load_settings(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_missing_secret_key_with_debug_off_is_an_error_that_says_what_to_set(tmp_path):
    result = load_settings(DJANGO_DEBUG="0", NEWSROOM_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_production_settings_load_with_a_secret_key(tmp_path):
    result = load_settings(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="a" * 50,
        NEWSROOM_VAR_DIR=str(tmp_path),
        REDIS_URL="redis://127.0.0.1:6379/1",
        DATABASE_URL="postgres://newsroom@127.0.0.1:5432/newsroom",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "False",
        "django.core.cache.backends.redis.RedisCache",
    ]


def test_default_is_local_development_on_sqlite(tmp_path):
    result = load_settings(NEWSROOM_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "django.db.backends.sqlite3"


def test_a_mistyped_boolean_is_refused(tmp_path):
    result = load_settings(DJANGO_DEBUG="maybe", NEWSROOM_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be one of" in result.stderr


def test_sqlite_runs_in_wal_mode_with_immediate_transactions(settings, db):
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]


def test_postgresql_connections_run_without_jit_unless_the_url_says(tmp_path):
    """JIT compiling cost the sitemaps 10-16 ms a query; options in the URL still win."""
    show = "import newsroom.settings as s; print(s.DATABASES['default']['OPTIONS']['options'])"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    url = "postgres://newsroom@127.0.0.1:5432/newsroom"
    outputs = []
    for database_url in (url, f"{url}?options=-c%20jit%3Don"):
        result = subprocess.run(
            [sys.executable, "-c", show],
            cwd=ROOT,
            env={**env, "NEWSROOM_VAR_DIR": str(tmp_path), "DATABASE_URL": database_url},
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        outputs.append(result.stdout.strip())
    assert outputs == ["-c jit=off", "-c jit=on"]

"""A database or cache outage: readers get a plain 503 with Retry-After, /healthz says what
is down in JSON, and the site recovers by itself when the service is back."""

import socket
from contextlib import contextmanager

import pytest
from django.db import connection
from django.test import Client

from tests.conftest import SEED_SLUG

pytestmark = pytest.mark.django_db(transaction=True)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens once the probe is closed


@contextmanager
def unreachable_database(tmp_path):
    """Point the default connection at a database that cannot be reached, then back."""
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = str(tmp_path / "no-such-dir" / "db.sqlite3")
    else:
        connection.settings_dict.update(HOST="127.0.0.1", PORT=str(closed_port()))
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


@pytest.fixture
def reader():
    # A real server does not re-raise a view's exception into the caller; neither may this.
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        f"/stories/{SEED_SLUG}/",
        "/sections/politics/",
        "/search/?q=bass",
        "/feeds/stories/rss/",
    ],
)
def test_readers_get_a_plain_503_with_retry_after_while_the_database_is_down(
    seed, reader, tmp_path, url
):
    with unreachable_database(tmp_path):
        response = reader.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert "We’ll be back in a minute" in body
    assert "Traceback" not in body and "OperationalError" not in body


def test_the_site_recovers_by_itself_when_the_database_returns(seed, reader, tmp_path):
    with unreachable_database(tmp_path):
        assert reader.get("/").status_code == 503
        assert reader.get("/healthz").status_code == 503
    assert reader.get("/").status_code == 200
    assert reader.get("/healthz").json()["status"] == "ok"


def test_healthz_names_the_database_when_it_is_down(reader, tmp_path):
    with unreachable_database(tmp_path):
        response = reader.get("/healthz")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "unavailable",
        "down": ["database"],
        "database": "down",
        "cache": "ok",
    }


def test_healthz_names_the_cache_when_it_is_down(reader, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/7",
        }
    }
    response = reader.get("/healthz")
    assert response.status_code == 503
    assert response.json()["down"] == ["cache"]
    assert response.json()["database"] == "ok"


def test_healthz_is_json_and_never_cached_when_all_is_well(reader):
    response = reader.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "down": [], "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_an_outage_inside_a_middleware_is_a_503_too(reader, tmp_path):
    """The session and user are read lazily, on the way out: not inside the view."""
    from tests.factories import UserFactory

    reader.force_login(UserFactory(username="ed"))
    with unreachable_database(tmp_path):
        response = reader.get("/robots.txt")
    assert response.status_code == 503
    assert response["Retry-After"] == "60"


def test_code_ahead_of_its_migrations_is_logged_as_such_not_as_an_outage(
    reader, monkeypatch, caplog
):
    """SQLite reports a missing column like a lost connection; the log must not send the
    operator looking for a database that is up."""
    from django.db import OperationalError

    from newsroom import views

    def behind(self, request):
        raise OperationalError("no such column: media_image.social_card")

    monkeypatch.setattr(views.SearchView, "get", behind)
    assert reader.get("/search/?q=x").status_code == 503
    assert "run manage.py migrate" in caplog.text
    assert "unreachable" not in caplog.text


def test_a_programming_error_is_still_a_500_not_an_outage(reader, monkeypatch):
    from django.db import ProgrammingError

    from newsroom import views

    def broken(request):
        raise ProgrammingError("no such column")

    monkeypatch.setattr(views.SearchView, "get", lambda self, request: broken(request))
    assert reader.get("/search/?q=x").status_code == 500


def test_a_nul_character_in_a_parameter_or_path_is_a_400_before_any_query(client):
    for url in ["/search/?q=%00", "/sources/?letter=a%00", "/stories/a%00b/", "/?x%00=1"]:
        response = client.get(url)
        assert response.status_code == 400, url
        assert response.content == b"The address contains a NUL character."

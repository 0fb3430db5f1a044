"""Hot pages (newsroom/cache/hot.py): a process answers hits on the pages it served from
its memory, before Django runs, and never once the shared generation has moved on or the
page's scheduled expiry has passed."""

import io
import sys

import pytest
import time_machine
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from newsroom.cache import store
from newsroom.cache.hot import HotPages

pytestmark = pytest.mark.django_db


class CountingDjango:
    """Django's WSGI application, counting the requests that reach it."""

    def __init__(self):
        self.handler = WSGIHandler()
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return self.handler(environ, start_response)


@pytest.fixture
def app(settings):
    settings.NEWSROOM_PAGE_CACHE = True
    store.page_cache().clear()
    # As Django's test client does: the test's transaction must outlive each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield HotPages(CountingDjango(), max_pages=3)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def get(app, path, method="GET", **headers):
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        **headers,
    }
    answer = {}

    def start_response(status, header_list, exc_info=None):
        answer["status"], answer["headers"] = status, dict(header_list)

    result = app(environ, start_response)
    body = b"".join(result)
    if hasattr(result, "close"):
        result.close()
    return answer["status"], answer["headers"], body


def test_a_page_served_once_is_answered_without_django_and_unchanged(app, seed):
    url = seed.get_absolute_url()
    status, first, body = get(app, url)
    assert (status, first["X-Page-Cache"]) == ("200 OK", "miss")
    get(app, url)  # a hit from the page store, which this process now keeps
    calls = app.application.calls
    status, again, same_body = get(app, url)
    assert app.application.calls == calls
    assert (status, again["X-Page-Cache"], same_body) == ("200 OK", "hit", body)
    for header in ["Content-Type", "ETag", "Last-Modified", "Surrogate-Key", "X-Frame-Options"]:
        assert again[header] == first[header]
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_a_new_generation_sends_the_next_request_to_django(app, seed):
    url = seed.get_absolute_url()
    get(app, url)
    get(app, url)
    # What every committed change a reader could see does, in any process.
    store.bump_generation()
    calls = app.application.calls
    _, headers, _ = get(app, url)
    assert app.application.calls == calls + 1
    assert headers["X-Page-Cache"] == "miss"


def test_no_hot_page_outlives_its_entry(app, seed):
    url = seed.get_absolute_url()
    get(app, url)
    get(app, url)
    expires_at = app.pages[next(iter(app.pages))].expires_at
    calls = app.application.calls
    with time_machine.travel(expires_at + 1, tick=False):
        _, headers, _ = get(app, url)
    assert app.application.calls == calls + 1
    assert headers["X-Page-Cache"] == "miss"


@pytest.mark.parametrize(
    "headers",
    [{"HTTP_COOKIE": "sessionid=x"}, {"HTTP_COOKIE": "a=1; csrftoken=x"}],
    ids=["session cookie", "CSRF cookie"],
)
def test_session_and_csrf_cookies_go_to_django(app, seed, headers):
    url = seed.get_absolute_url()
    get(app, url)
    get(app, url)
    calls = app.application.calls
    _, answer, _ = get(app, url, **headers)
    assert app.application.calls == calls + 1
    assert "X-Page-Cache" not in answer


def test_conditional_requests_get_a_304_without_django(app, seed):
    url = seed.get_absolute_url()
    get(app, url)
    _, first, _ = get(app, url)
    calls = app.application.calls
    by_etag = get(app, url, HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = get(app, url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    other = get(app, url, HTTP_IF_NONE_MATCH='"something-else"')
    assert app.application.calls == calls
    assert by_etag[0] == by_date[0] == "304 Not Modified"
    assert by_etag[2] == b""
    assert by_etag[1]["ETag"] == first["ETag"]
    assert "Content-Type" not in by_etag[1]
    assert other[0] == "200 OK"


def test_a_missing_page_is_kept_but_never_answered_304(app, seed):
    get(app, "/stories/no-such-story/")
    _, first, _ = get(app, "/stories/no-such-story/")
    calls = app.application.calls
    status, _, _ = get(app, "/stories/no-such-story/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert status == "404 Not Found"
    assert app.application.calls == calls


def test_head_gets_the_headers_without_the_body(app, seed):
    url = seed.get_absolute_url()
    get(app, url)
    get(app, url)
    status, headers, body = get(app, url, method="HEAD")
    assert (status, headers["X-Page-Cache"], body) == ("200 OK", "hit", b"")


def test_it_keeps_at_most_max_pages(app, seed):
    for path in ["/", "/stories/", "/sections/politics/", seed.get_absolute_url()]:
        get(app, path)
        get(app, path)
    assert len(app.pages) == 3


def test_switched_off_it_keeps_nothing(app, seed, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    for _ in range(3):
        get(app, seed.get_absolute_url())
    assert app.pages == {}

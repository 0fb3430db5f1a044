"""Hot pages: a cache hit answered by this process before Django builds a request.

`PageCacheMiddleware` answers hits from the shared page store, but only after Django has
built a request and run the middlewares before it, and after reading and unpickling the
page. WhiteNoise answers a static file from the same place; a hit cost more than that
(docs/caching.md, "The benchmark"). `HotPages` wraps the WSGI application and keeps the
pages this process served from the page cache, as the reader got them (every header the
outer middlewares added: security headers, Content-Security-Policy), in memory. A hit is
then a dictionary lookup and one read of the shared generation.

Correctness is the page store's: a hot page carries the generation and expiry of the
stored entry it came from (so it never outlives the next scheduled change), and is served
only while that generation is the shared store's current one, read on every request. A
change committed in any process on any machine replaces that generation, so the next
request in every process renders or reads the page again, as before.

Only requests the page cache could answer are looked up here (GET or HEAD, no session or
CSRF cookie); anything else, and every page not yet hot, goes through Django unchanged.
"""

import logging
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.utils.http import parse_etags, parse_http_date_safe

from . import store
from .headers import public_cache_control

log = logging.getLogger(__name__)

# Set by PageCacheMiddleware on the WSGI environ when the page it answers or stores is a
# page-cache entry: its generation, expiry and status.
ENTRY = "newsroom.page_cache_entry"
# Headers a hit sets itself: Cache-Control counts down to the entry's expiry.
PER_HIT = frozenset({"cache-control", "x-page-cache"})
# What Django's 304 keeps of the page's own headers (django.utils.cache._not_modified);
# the outer middlewares' headers (security, Content-Security-Policy) it gets anyway.
KEPT_IN_304 = frozenset(
    {"cache-control", "content-location", "date", "etag", "expires", "last-modified", "vary"}
)


@dataclass(frozen=True)
class HotPage:
    generation: str
    expires_at: float
    status: str  # "200 OK"
    headers: tuple[tuple[str, str], ...]  # without PER_HIT
    headers_304: tuple[tuple[str, str], ...]
    body: bytes
    etag: str | None
    last_modified: int | None


class HotPages:
    """WSGI middleware: serve this process's copy of cached pages while they are current."""

    def __init__(self, application, max_pages: int | None = None):
        self.application = application
        self.max_pages = max_pages
        self.pages: dict[tuple, HotPage] = {}
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        if not settings.NEWSROOM_PAGE_CACHE or not self.may_answer(environ):
            return self.application(environ, start_response)
        key = page_key(environ)
        page = self.pages.get(key)
        if page is not None:
            try:
                generation = store.current_generation()
            except Exception:
                log.warning("Page store unreachable; rendering the page", exc_info=True)
                return self.application(environ, start_response)
            now = time.time()
            if page.generation == generation and now < page.expires_at:
                return self.answer(environ, start_response, page, now)
            with self.lock:
                self.pages.pop(key, None)
        return self.remember(key, environ, start_response)

    @staticmethod
    def may_answer(environ) -> bool:
        """A read the page cache could answer: GET or HEAD, no session or CSRF cookie, no
        precondition. A cookie whose name merely contains those names also goes through
        Django, which decides exactly."""
        if environ["REQUEST_METHOD"] not in ("GET", "HEAD"):
            return False
        cookies = environ.get("HTTP_COOKIE", "")
        if cookies and (
            settings.SESSION_COOKIE_NAME in cookies or settings.CSRF_COOKIE_NAME in cookies
        ):
            return False
        return "HTTP_IF_MATCH" not in environ and "HTTP_IF_UNMODIFIED_SINCE" not in environ

    def answer(self, environ, start_response, page: HotPage, now: float):
        cache_control = ("Cache-Control", public_cache_control(page.expires_at - now))
        if not_modified(environ, page):
            start_response("304 Not Modified", [*page.headers_304, cache_control])
            return []
        start_response(page.status, [*page.headers, cache_control, ("X-Page-Cache", "hit")])
        return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [page.body]

    def remember(self, key, environ, start_response):
        """Let Django answer; keep the answer if it is a page-cache entry read in full."""
        seen = {}

        def capture(status, headers, exc_info=None):
            seen["status"], seen["headers"] = status, headers
            return start_response(status, headers, exc_info)

        result = self.application(environ, capture)
        entry = environ.get(ENTRY)
        if (
            entry is None
            or environ["REQUEST_METHOD"] != "GET"
            or not seen.get("status", "").startswith(f"{entry.status} ")
            or getattr(result, "streaming", False)
        ):
            return result
        try:
            body = b"".join(result)
        finally:
            # Django's request_finished (database connections) runs here, as it would after
            # the server had sent the body.
            if hasattr(result, "close"):
                result.close()
        self.keep(key, entry, seen["status"], seen["headers"], body)
        return [body]

    def keep(self, key, entry, status: str, headers, body: bytes) -> None:
        names = {name.lower(): value for name, value in headers}
        if "set-cookie" in names:
            return
        kept = tuple((name, value) for name, value in headers if name.lower() not in PER_HIT)
        # Headers the stored entry has not were added by the middlewares outside the page
        # cache, which run on a 304 too.
        own = {name.lower() for name, _ in entry.headers}
        page = HotPage(
            generation=entry.generation,
            expires_at=entry.expires_at,
            status=status,
            headers=kept,
            headers_304=tuple(
                (name, value)
                for name, value in kept
                if name.lower() in KEPT_IN_304 or name.lower() not in own
            ),
            body=body,
            etag=names.get("etag"),
            last_modified=parse_http_date_safe(names.get("last-modified", "")),
        )
        limit = self.max_pages or settings.NEWSROOM_HOT_PAGES
        # Every change to the dictionary is made under the lock, so iterating it here is
        # safe; reads take no lock (a dictionary lookup is atomic).
        with self.lock:
            # The oldest page out first: a bound on memory, not an LRU; a page read again
            # comes back from the page store.
            while len(self.pages) >= limit:
                self.pages.pop(next(iter(self.pages)))
            self.pages[key] = page


def page_key(environ) -> tuple:
    """What the page at this address depends on in the environ (as `store.page_key`)."""
    return (
        environ.get("wsgi.url_scheme"),
        environ.get("HTTP_X_FORWARDED_PROTO"),
        environ.get("HTTP_X_FORWARDED_HOST"),
        environ.get("HTTP_HOST") or environ.get("SERVER_NAME"),
        environ.get("SERVER_PORT"),
        environ.get("SCRIPT_NAME", ""),
        environ.get("PATH_INFO", ""),
        environ.get("QUERY_STRING", ""),
    )


def not_modified(environ, page: HotPage) -> bool:
    """Whether Django's get_conditional_response would answer 304: only for a 2xx page;
    If-None-Match first, compared weakly; else If-Modified-Since against Last-Modified."""
    if not page.status.startswith("2"):
        return False
    etags = parse_etags(environ.get("HTTP_IF_NONE_MATCH", ""))
    if etags:
        if page.etag is None:
            return False
        if etags == ["*"]:
            return True
        target = page.etag.strip("W/")
        return any(etag.strip("W/") == target for etag in etags)
    since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if since and page.last_modified is not None:
        when = parse_http_date_safe(since)
        return when is not None and page.last_modified <= when
    return False

"""The full-page cache: anonymous readers' pages without sessions, auth, views or queries."""

import logging
import time
from functools import partial

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from . import fragments, store
from .headers import PUBLIC_STATUSES, public_cache_control
from .hot import ENTRY

log = logging.getLogger(__name__)

# Editors' screens and the previews of unpublished stories: never from the page cache
# (robots.txt keeps crawlers out of both too).
PRIVATE_PREFIXES = ("/admin/", "/preview/")


def is_private_path(path: str) -> bool:
    return path.startswith(PRIVATE_PREFIXES)


def is_anonymous_read(request) -> bool:
    """A GET or HEAD outside the private paths from a browser with no session and no CSRF
    cookie: nothing in the answer can depend on who is asking."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and settings.CSRF_COOKIE_NAME not in request.COOKIES
        and not is_private_path(request.path)
    )


class PageCacheMiddleware:
    """Answer anonymous readers from the page store; store the public answers it passes on.

    Placed right after SecurityMiddleware and WhiteNoise: a hit runs no session, auth or
    CSRF middleware, no URL resolving and no query, only one read of the shared store (two
    files, or one Redis round trip). What is stored is decided by PublicCacheMiddleware,
    which marks the answers it made public with `request.page_cache_until`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # For the apps below newsroom, which cannot import this package (the app layers in
        # pyproject.toml): `request.cached_part(name, parts, render)` keeps what `render()`
        # returns under this request's generation, or renders it when there is none.
        request.cached_part = partial(fragments.cached, request)
        if not (settings.NEWSROOM_PAGE_CACHE and is_anonymous_read(request)):
            self.read_fragment_generation(request)
            return self.get_response(request)
        try:
            key = store.page_key(request)
            generation, entry = store.lookup(key)
        except Exception:
            # A bad Host header is the view's to refuse; an unreachable store only costs speed.
            log.warning("Page cache lookup failed; rendering the page", exc_info=True)
            return self.get_response(request)
        now = time.time()
        if entry is not None and entry.is_fresh(generation, now):
            # HotPages (newsroom/cache/hot.py) keeps this process's copy of the answer.
            request.environ[ENTRY] = entry
            return self.answer(request, entry, now)
        # The generation read before rendering: a change committed while the page renders
        # replaces it, so a page that may show the old state is stored under a dead one.
        request.page_cache_generation = generation
        response = self.get_response(request)
        until = getattr(request, "page_cache_until", None)
        if until is not None and self.storable(response):
            entry = store.Entry(
                generation=generation,
                expires_at=min(until, now + settings.NEWSROOM_PAGE_CACHE_SECONDS),
                status=response.status_code,
                headers=tuple(response.items()),
                content=response.content,
            )
            try:
                store.save(key, entry, now)
            except Exception:
                log.warning("Could not store a page in the page cache", exc_info=True)
            else:
                request.environ[ENTRY] = entry
        response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def read_fragment_generation(request) -> None:
        """For a page rendered without the page cache: the generation its cached fragments
        live under (newsroom.cache.fragments), read before the view runs any query."""
        if not settings.NEWSROOM_FRAGMENT_CACHE or request.method not in ("GET", "HEAD"):
            return
        if is_private_path(request.path):
            # Editors' screens and previews (of unpublished stories) render every fragment.
            return
        try:
            request.page_cache_generation = store.current_generation()
        except Exception:
            log.warning("Page store unreachable; rendering fragments afresh", exc_info=True)

    @staticmethod
    def storable(response) -> bool:
        return (
            response.status_code in PUBLIC_STATUSES
            and not response.streaming
            and not response.cookies
            # Varying on the cookie is fine: only cookieless requests are stored and served.
            and {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
            <= {"cookie"}
        )

    @staticmethod
    def answer(request, entry: store.Entry, now: float):
        response = HttpResponse(entry.content, status=entry.status)
        for name, value in entry.headers:
            response[name] = value
        # Shared caches get what is left of the page's life, not what it had when stored.
        response["Cache-Control"] = public_cache_control(entry.expires_at - now)
        response["X-Page-Cache"] = "hit"
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
            response=response,
        )

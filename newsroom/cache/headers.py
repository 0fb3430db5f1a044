"""What a public answer tells browsers and shared caches (Varnish, a CDN)."""

import logging
import time

from django.conf import settings
from django.utils.cache import set_response_etag
from django.utils.http import http_date

from . import store
from .keys import surrogate_keys

log = logging.getLogger(__name__)

# The answers shared caches may keep: pages, redirects and "no such page" (a crawler's
# scan of unknown slugs then costs no query). Changes retire all three alike.
PUBLIC_STATUSES = frozenset({200, 301, 404})


def public_cache_control(seconds_left: float) -> str:
    """Cache-Control for an anonymous reader's page that stays right for `seconds_left`.

    Browsers revalidate every time (max-age=0: a 304 costs as much as a cache hit) so no
    reader keeps a withdrawn story; shared caches keep the page until it is purged, at most
    NEWSROOM_SHARED_MAX_AGE, and never past the next scheduled change: when that change
    comes first the page may not be served stale while a fresh one is fetched.
    """
    shared = settings.NEWSROOM_SHARED_MAX_AGE
    stale = settings.NEWSROOM_STALE_WHILE_REVALIDATE
    parts = ["public", "max-age=0"]
    if seconds_left < shared + stale:
        parts.append(f"s-maxage={max(0, int(seconds_left))}")
    else:
        parts.append(f"s-maxage={shared}")
        parts.append(f"stale-while-revalidate={stale}")
    # During an outage an old page is better than none, scheduled change or not.
    parts.append(f"stale-if-error={settings.NEWSROOM_STALE_IF_ERROR}")
    return ", ".join(parts)


def make_public(request, response) -> float:
    """Add Cache-Control, ETag, Last-Modified and Surrogate-Key to a public answer.

    Returns the Unix time until which the answer stays right (the next scheduled change).
    """
    now = time.time()
    generation = getattr(request, "page_cache_generation", None)
    try:
        generation = generation or store.current_generation()
        until = store.horizon(generation, now)
    except Exception:
        # The shared cache is down: without the horizon, let no shared cache keep the page.
        log.exception("The page cache is unreachable; answering with s-maxage=0")
        until = now
    response["Cache-Control"] = public_cache_control(until - now)
    if not response.streaming:
        if not response.has_header("ETag"):
            set_response_etag(response)
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(now)
    response["Surrogate-Key"] = " ".join(surrogate_keys(request, response))
    return until

"""Parts of pages that change rarely, cached under the page cache's generation.

A page the page cache does not answer (the cache switched off, an editor's request, an
address with a tracking parameter, or the first reader after a change) is rendered again.
What every such render would fetch alike — the navigation's sections, a story's people,
race and related-stories boxes — is kept in the `fragments` cache under the generation the
request started with. Every committed change a reader could see replaces the generation
(`invalidation`), retiring every fragment together with every page, and no fragment
outlives the next scheduled change (`store.horizon`), exactly like a page.

The generation is read before the view runs any query (by `PageCacheMiddleware`), so a
fragment is never stored under a generation newer than the rows it was rendered from: a
change committed while the page renders retires it. Requests that carry no generation
(the admin, previews, templates rendered outside a request) render everything afresh.
"""

import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import caches

from . import store

log = logging.getLogger(__name__)

ALIAS = "fragments"
_MISSING = object()


def fragment_cache():
    return caches[ALIAS]


def generation_for(request) -> str | None:
    """The generation this request's fragments live under, or None to render them afresh."""
    if request is None or not settings.NEWSROOM_FRAGMENT_CACHE:
        return None
    return getattr(request, "page_cache_generation", None)


def fragment_key(generation: str, name: str, parts: Iterable[Any]) -> str:
    """The cache key of fragment `name` for `parts` (a story's id...) in this release."""
    raw = "\x1f".join([store.release(), generation, name, *(str(part) for part in parts)])
    return "fragment:" + hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()


def cached(request, name: str, parts: Iterable[Any], render: Callable[[], Any]) -> Any:
    """What `render()` returns, from the cache when this generation already rendered it.

    `render` should fetch what it shows itself (lazily), so that a cached value costs no
    query; what the view fetched before is fine to use, as the generation was read first.
    """
    generation = generation_for(request)
    if generation is None:
        return render()
    key = fragment_key(generation, name, parts)
    try:
        value = fragment_cache().get(key, _MISSING)
    except Exception:
        log.warning("Fragment cache lookup failed; rendering the fragment", exc_info=True)
        return render()
    if value is not _MISSING:
        return value
    value = render()
    seconds = _seconds_left(request, generation)
    if seconds >= 1:
        try:
            fragment_cache().set(key, value, seconds)
        except Exception:
            log.warning("Could not store a fragment", exc_info=True)
    return value


def _seconds_left(request, generation: str) -> int:
    """Whole seconds until the next scheduled change (or the page cache's own limit)."""
    until = getattr(request, "fragment_cache_until", None)
    now = time.time()
    if until is None:
        try:
            until = store.horizon(generation, now)
        except Exception:
            log.warning("The page store is unreachable; not keeping fragments", exc_info=True)
            until = now
        until = min(until, now + settings.NEWSROOM_PAGE_CACHE_SECONDS)
        request.fragment_cache_until = until
    return int(until - now)


def note_keys(request, keys: Iterable[str]) -> None:
    """Remember the surrogate keys of what a fragment shows, for the answer's header.

    A fragment read from the cache fetched nothing, so the keys cannot be found in the
    view's context afterwards (`keys.surrogate_keys`); they are stored with it instead.
    """
    if request is None:
        return
    if not hasattr(request, "fragment_surrogate_keys"):
        request.fragment_surrogate_keys = set()
    request.fragment_surrogate_keys.update(keys)

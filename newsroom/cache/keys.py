"""Surrogate keys: which objects a public answer shows, for purging shared caches by key.

Derived after rendering from what the view handed its template (the TemplateResponse
context), following only what was already fetched: finding keys never runs a query, and
the apps below `newsroom` need to know nothing about caching.
"""

import dataclasses

from django.core.paginator import Page
from django.db.models import Model, QuerySet
from django.utils.functional import LazyObject, empty

# Every public answer carries this key: purging it empties a shared cache of our pages.
SITE_KEY = "newsroom"
FAMILIES = {
    "stories.story": "story",
    "stories.section": "section",
    "stories.author": "author",
    "taggit.tag": "tag",
    "sources.source": "source",
    "elections.race": "race",
    "elections.election": "election",
}
# Pages named by their place in the site rather than by one object.
PAGE_KEYS = {
    "front_page": "front",
    "search": "search",
    "robots_txt": "robots",
    "sitemap_index": "sitemaps",
    "sitemap_section": "sitemaps",
    "sitemap_news": "sitemaps",
}
# Varnish's default limit on a response header is 8 KB; a long list page stays well below.
MAX_KEYS = 200
MAX_DEPTH = 6


def surrogate_keys(request, response) -> list[str]:
    """The keys of the site, the kind of page and every object the answer shows."""
    keys = {SITE_KEY}
    match = getattr(request, "resolver_match", None)
    if match is not None:
        if match.url_name in PAGE_KEYS:
            keys.add(PAGE_KEYS[match.url_name])
        if "feeds" in match.namespaces:
            keys.add("feeds")
    context = getattr(response, "context_data", None)
    if context:
        keys |= object_keys(context)
    # What cached fragments show (newsroom.cache.fragments): nothing was fetched for them.
    keys |= getattr(request, "fragment_surrogate_keys", set())
    ordered = sorted(keys - {SITE_KEY})
    return [SITE_KEY, *ordered[: MAX_KEYS - 1]]


def object_keys(value) -> set[str]:
    """The keys of the objects in `value` (a context, a list, a model...), without a query."""
    found: set[str] = set()
    _collect(value, found, set(), 0)
    return found


def _collect(value, keys: set[str], seen: set[int], depth: int) -> None:
    if depth > MAX_DEPTH or len(keys) >= MAX_KEYS or value is None:
        return
    if isinstance(value, LazyObject):
        # First: any other isinstance() would read its __class__ and so evaluate it. A lazy
        # value the template never used (a cached fragment's) shows nothing.
        if value._wrapped is empty:
            return
        value = value._wrapped
    if isinstance(value, str | bytes | int | float):
        return
    if id(value) in seen:
        return
    seen.add(id(value))
    for child in _children(value, keys):
        _collect(child, keys, seen, depth + 1)


def _children(value, keys: set[str]):
    if isinstance(value, Model):
        family = FAMILIES.get(value._meta.label_lower)
        if family and value.pk is not None:
            keys.add(f"{family}-{value.pk}")
        prefetched = getattr(value, "_prefetched_objects_cache", {})
        # Related objects already loaded: select_related, prefetches, to_attr lists.
        attributes = [v for v in vars(value).values() if isinstance(v, list | tuple)]
        return [*value._state.fields_cache.values(), *prefetched.values(), *attributes]
    if isinstance(value, QuerySet):
        # Never evaluate: a queryset the template did not run shows nothing.
        return value._result_cache or []
    if isinstance(value, Page):
        return [value.object_list]
    if isinstance(value, dict):
        return list(value.values())
    if isinstance(value, list | tuple | set | frozenset):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return list(vars(value).values())
    return []

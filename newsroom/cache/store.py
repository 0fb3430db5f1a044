"""The page store: one entry per public URL, valid while the site's generation holds.

The generation is a random token kept in the same shared cache as the pages. Every
committed change a reader could see replaces it (`invalidation`), which retires every
stored page at once in every process: an entry is served only if it was rendered under
the current token. An entry also never outlives the next scheduled change (`horizon`).
"""

import hashlib
import logging
import math
import secrets
import time
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.cache import caches

from .schedule import next_scheduled_change

log = logging.getLogger(__name__)

ALIAS = "pages"
GENERATION_KEY = "generation"
HORIZON_KEY = "horizon"


@dataclass(frozen=True)
class Entry:
    """A public answer as the page cache stores it."""

    generation: str
    expires_at: float  # Unix time
    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes

    def is_fresh(self, generation: str, now: float) -> bool:
        return self.generation == generation and now < self.expires_at


def page_cache():
    return caches[ALIAS]


def _new_token() -> str:
    return secrets.token_hex(8)


def current_generation() -> str:
    """The generation pages are stored under now, created on first use."""
    pages = page_cache()
    generation = pages.get(GENERATION_KEY)
    if generation is None:
        # add(): of two processes starting at once, both end up with the same token.
        pages.add(GENERATION_KEY, _new_token(), None)
        generation = pages.get(GENERATION_KEY)
    return generation


def bump_generation() -> None:
    """Retire every stored page: called after each committed change readers could see."""
    page_cache().set(GENERATION_KEY, _new_token(), None)


def lookup(key: str) -> tuple[str, Entry | None]:
    """The current generation and the entry stored under `key`, in one round trip."""
    found = page_cache().get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY) or current_generation()
    return generation, found.get(key)


def horizon(generation: str, now: float) -> float:
    """When the next scheduled change (publication, embargo, a new day) falls, as Unix time.

    Computed with one query per generation and kept beside the pages; a horizon in the
    past is computed again, so the answer always lies in the future.
    """
    pages = page_cache()
    kept = pages.get(HORIZON_KEY)
    if kept and kept[0] == generation and now < kept[1]:
        return kept[1]
    value = next_scheduled_change(now).timestamp()
    remember_horizon(generation, value)
    return value


def remember_horizon(generation: str, value: float) -> None:
    page_cache().set(HORIZON_KEY, (generation, value), None)


def save(key: str, entry: Entry, now: float) -> None:
    page_cache().set(key, entry, timeout=max(1, math.ceil(entry.expires_at - now)))


def page_key(request) -> str:
    """The store key of the page at this address, for the code deployed now."""
    url = f"{release()} {request.scheme}://{request.get_host()}{request.get_full_path()}"
    return "page:" + hashlib.blake2b(url.encode(), digest_size=16).hexdigest()


@cache
def release() -> str:
    """A name for the deployed code: NEWSROOM_RELEASE, or a digest of the files that render
    pages (templates, Python, the static manifest) as they are when the process starts."""
    if settings.NEWSROOM_RELEASE:
        return settings.NEWSROOM_RELEASE
    started = time.perf_counter()
    digest = hashlib.blake2b(digest_size=8)
    base = settings.BASE_DIR
    folders = [base / "templates", *(base / app for app in ("newsroom", "stories", "sources"))]
    folders += [base / "elections", base / "media"]
    files = [path for folder in folders for path in folder.rglob("*") if path.is_file()]
    manifest = settings.STATIC_ROOT / "staticfiles.json"
    if manifest.exists():
        files.append(manifest)
    for path in sorted(files):
        if path.suffix in {".py", ".html", ".xml", ".txt", ".json"}:
            stat = path.stat()
            digest.update(f"{path}:{stat.st_mtime_ns}:{stat.st_size}\n".encode())
    log.debug("Release digest of %d files in %.3f s", len(files), time.perf_counter() - started)
    return digest.hexdigest()

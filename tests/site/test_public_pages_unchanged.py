"""Every public URL of the seed site answers byte-for-byte as recorded.

A refactor must not change what readers, feed readers and crawlers get. The recorded
answers live in tests/data/public_pages/; after an intended change to a page, record them
again with `pytest tests/site/test_public_pages_unchanged.py --update-public-pages` and
review the diff like code.
"""

from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from taggit.models import Tag

from elections.models import Race
from sources.models import Source
from stories.models import Section

RECORDED = Path(__file__).resolve().parent.parent / "data" / "public_pages"
# Far from any time the seed cares about, so "upcoming" and "last 48 hours" are stable.
FROZEN_AT = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
# The answer's parts that a reader, a feed reader or a cache sees.
HEADERS = ["Content-Type", "Cache-Control", "Location"]

FIXED_URLS = [
    "/",
    "/sources/",
    "/elections/",
    "/corrections/",
    "/search/",
    "/search/?q=bass",
    "/search/?q=homelessness+caruso",
    "/robots.txt",
    "/sitemap.xml",
    "/sitemap-news.xml",
    "/about/standards/",
    "/about/corrections-policy/",
    "/stories/no-such-story/",
    "/feeds/stories/rss/",
    "/feeds/stories/atom/",
    "/feeds/corrections/rss/",
    "/feeds/corrections/atom/",
]


def seed_urls(story):
    """Every public URL the seed fixture gives rise to, fixed pages first."""
    urls = [*FIXED_URLS, story.get_absolute_url(), "/sources/?letter=B"]
    for section in Section.objects.order_by("slug"):
        urls += [section.get_absolute_url(), f"/feeds/sections/{section.slug}/rss/"]
    for tag in Tag.objects.order_by("slug"):
        urls += [reverse("stories:tag", args=[tag.slug]), f"/feeds/tags/{tag.slug}/atom/"]
    for source in Source.objects.order_by("slug"):
        urls += [source.get_absolute_url(), f"/feeds/sources/{source.slug}/rss/"]
    for race in Race.objects.order_by("slug"):
        urls += [race.get_absolute_url(), f"/feeds/races/{race.slug}/rss/"]
    for name in ["stories", "sections", "tags", "authors", "sources", "races"]:
        urls.append(f"/sitemap-{name}.xml")
    return urls


def recorded_name(url: str) -> str:
    name = url.strip("/").replace("/", "__").replace("?", "--").replace("=", "-")
    if url.startswith("/search/?q="):
        # Snippets come from the database's own highlighter (FTS5 snippet() on SQLite,
        # ts_headline on PostgreSQL): each database has its own record.
        name += f".{connection.vendor}"
    return (name or "front") + ".txt"


def answer(client, url: str) -> bytes:
    response = client.get(url)
    head = [f"{url} {response.status_code}"]
    head += [f"{header}: {response[header]}" for header in HEADERS if response.has_header(header)]
    return "\n".join(head).encode() + b"\n\n" + response.content


@pytest.mark.django_db
def test_every_public_url_answers_as_recorded(client, seed, request):
    update = request.config.getoption("--update-public-pages")
    changed, missing = [], []
    with time_machine.travel(FROZEN_AT, tick=False):
        urls = seed_urls(seed)
        for url in urls:
            path = RECORDED / recorded_name(url)
            got = answer(client, url)
            if update:
                path.write_bytes(got)
            elif not path.exists():
                missing.append(url)
            elif path.read_bytes() != got:
                changed.append(url)
    if update:
        recorded = {recorded_name(u) for u in urls}
        stale = {p.name for p in RECORDED.glob("*.txt")} - recorded
        # Another database's records of the search pages are not stale.
        for name in {n for n in stale if not n.startswith("search__--q-")}:
            (RECORDED / name).unlink()
    assert not missing, f"no recorded answer for {missing}; run with --update-public-pages"
    assert not changed, (
        f"{len(changed)} public URLs answer differently from tests/data/public_pages/: "
        f"{changed}. If the change is intended, run with --update-public-pages and review the diff."
    )

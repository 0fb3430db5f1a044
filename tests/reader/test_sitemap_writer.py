"""The sitemap files' writer gives the bytes Django's sitemap template gave."""

from datetime import UTC, date, datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from newsroom.sitemap_views import SlugLocations, urlset


def entry(location, lastmod=None, changefreq=None, priority=""):
    return {
        "location": location,
        "lastmod": lastmod,
        "changefreq": changefreq,
        "priority": priority,
        "alternates": [],
    }


def test_the_writer_matches_djangos_template_byte_for_byte(settings):
    settings.TIME_ZONE = "America/Los_Angeles"
    entries = [
        # 03:00 UTC is the evening before in Los Angeles: the day is the local one.
        entry("http://testserver/stories/a/", datetime(2024, 3, 2, 3, 0, tzinfo=UTC)),
        entry("http://testserver/races/b/", None, "daily"),
        entry("http://testserver/c/?x=1&y=<2>\"'", date(2024, 1, 5), "weekly", "0.5"),
    ]
    rendered = render_to_string("sitemap.xml", {"urlset": entries})
    assert urlset(entries) == rendered
    assert "<lastmod>2024-03-01</lastmod>" in rendered
    assert urlset([]) == render_to_string("sitemap.xml", {"urlset": []})


@pytest.mark.parametrize("slug", ["city-hall", "東京", "tag-0a1b2c3d4e", "año_2024"])
def test_slug_locations_are_what_reverse_gives(slug):
    assert SlugLocations("stories:tag")(slug) == reverse("stories:tag", kwargs={"slug": slug})


def test_slug_locations_for_every_sitemap_kind():
    for name in ("stories:detail", "stories:author", "sources:detail"):
        assert SlugLocations(name)("a-slug") == reverse(name, kwargs={"slug": "a-slug"})

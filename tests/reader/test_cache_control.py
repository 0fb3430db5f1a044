"""Cache-Control: shared caches keep anonymous readers' pages until purged, never an editor's.

Browsers revalidate every time (max-age=0); Varnish or a CDN keeps a page up to s-maxage
unless a change purges it sooner, and may serve it stale while refreshing or during an
outage. newsroom/cache/headers.py; tests/cache/ covers purging and the scheduling horizon.
"""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PUBLIC = "public, max-age=0, s-maxage=300, stale-while-revalidate=30, stale-if-error=86400"


@pytest.mark.parametrize("url", ["/", "/search/?q=caruso", "/feeds/stories/rss/", "/sitemap.xml"])
def test_anonymous_public_pages_are_publicly_cacheable(client, seed, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == PUBLIC


def test_story_page_is_cacheable_for_readers(client, seed):
    assert client.get(seed.get_absolute_url())["Cache-Control"] == PUBLIC


def test_logged_in_editors_get_private_responses(editor_client, seed):
    for url in ["/", seed.get_absolute_url(), reverse("admin:index")]:
        response = editor_client.get(url)
        assert response.status_code == 200
        assert "public" not in response["Cache-Control"]
        assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]


def test_admin_login_and_health_checks_are_not_public(client, seed):
    assert "public" not in client.get(reverse("admin:login")).get("Cache-Control", "")
    assert client.get("/healthz")["Cache-Control"].startswith("max-age=0")


def test_unknown_pages_are_cacheable_until_a_change(client, seed):
    """A 404 is kept like a page (a scan of unknown slugs costs no query); publishing a story
    at that address purges it like every other page."""
    response = client.get("/stories/no-such-story/")
    assert response.status_code == 404
    assert response["Cache-Control"] == PUBLIC

"""Cache-Control: a CDN may keep anonymous readers' pages briefly, never an editor's."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/", "/search/?q=caruso", "/feeds/stories/rss/", "/sitemap.xml"])
def test_anonymous_public_pages_are_publicly_cacheable(client, seed, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=60"


def test_story_page_is_cacheable_for_readers(client, seed):
    assert client.get(seed.get_absolute_url())["Cache-Control"] == "public, max-age=60"


def test_logged_in_editors_get_private_responses(editor_client, seed):
    for url in ["/", seed.get_absolute_url(), reverse("admin:index")]:
        response = editor_client.get(url)
        assert response.status_code == 200
        assert "public" not in response["Cache-Control"]
        assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]


def test_admin_login_and_errors_are_not_public(client, seed):
    assert "public" not in client.get(reverse("admin:login")).get("Cache-Control", "")
    assert "public" not in client.get("/stories/no-such-story/").get("Cache-Control", "")
    assert client.get("/healthz")["Cache-Control"].startswith("max-age=0")

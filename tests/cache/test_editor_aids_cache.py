"""Issue 12's editor aids and the page cache: an SEO title edited in the admin reaches
readers at once; share links are never cached and opening one keeps every cached page."""

import pytest
from django.test import Client
from django.urls import reverse

from newsroom.cache import store
from stories.models import Story
from stories.sharing import create_share_link, revoke_share_link
from tests.admin_forms import form_data
from tests.factories import StoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.NEWSROOM_PAGE_CACHE = True
    store.page_cache().clear()
    return store


def test_an_seo_title_saved_in_the_admin_changes_the_cached_story_page(
    client, seed, editor, page_cache, commit
):
    client.get(seed.get_absolute_url())
    assert client.get(seed.get_absolute_url())["X-Page-Cache"] == "hit"
    editor_client = Client()
    editor_client.force_login(editor)
    url = reverse("admin:stories_story_change", args=[seed.pk])
    data = form_data(editor_client.get(url), seo_title="Bass gets Biden's backing")
    with commit():
        assert editor_client.post(url, data).status_code == 302
    response = client.get(seed.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert "<title>Bass gets Biden&#x27;s backing — " in response.content.decode()


def test_share_links_are_never_cached_and_opening_one_keeps_the_cached_pages(
    client, seed, editor, page_cache, commit
):
    draft = StoryFactory(status=Story.Status.DRAFT, published_at=None, headline="Secret plan")
    with commit():
        link = create_share_link(story=draft, user=editor)
    client.get(seed.get_absolute_url())
    for _ in range(2):
        with commit():  # opening notes the time: a write, to a table no reader sees
            shared = client.get(link.get_absolute_url())
        assert shared.status_code == 200 and not shared.has_header("X-Page-Cache")
    assert client.get(seed.get_absolute_url())["X-Page-Cache"] == "hit"
    with commit():
        revoke_share_link(link=link, user=editor)
    closed = client.get(link.get_absolute_url())
    assert closed.status_code == 410 and b"Secret plan" not in closed.content
    assert not closed.has_header("X-Page-Cache")

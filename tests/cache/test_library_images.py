"""A library image's words are shown wherever it is used: editing them in the library
retires every cached page that shows the image (newsroom/cache/invalidation.py watches
every write to a table readers see, media_image included)."""

import pytest

from newsroom.cache import store
from tests.factories import ImageFactory, StoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.NEWSROOM_PAGE_CACHE = True
    store.page_cache().clear()
    return store


def test_an_alt_text_or_caption_edit_reaches_the_cached_story_page_and_front(
    client, page_cache, commit
):
    with commit():
        image = ImageFactory(alt_text="Old description", caption="Old caption")
        story = StoryFactory(headline="Harbor strike ends", lead_image=image)
    for url in (story.get_absolute_url(), "/"):
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit"

    with commit():
        image.alt_text = "Dock workers walk back through the gate"
        image.caption = "The strike lasted nine days"
        image.save()

    page = client.get(story.get_absolute_url())
    assert page["X-Page-Cache"] == "miss"
    assert b'alt="Dock workers walk back through the gate"' in page.content
    assert b"The strike lasted nine days" in page.content
    front = client.get("/")
    assert front["X-Page-Cache"] == "miss"
    assert b'alt="Dock workers walk back through the gate"' in front.content

"""The page cache answers anonymous readers without queries and never shows an old page
after a committed change, a scheduled publication or an embargo's end."""

from datetime import timedelta

import pytest
import time_machine
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from newsroom.cache import store
from stories import publishing
from stories.importers.rows import insert_values
from stories.models import Story, StoryEvent, TaggedStory
from tests.factories import StoryFactory, publishable_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    """The page cache on, with an empty store (no primed scheduling horizon)."""
    settings.NEWSROOM_PAGE_CACHE = True
    store.page_cache().clear()
    return store


def test_second_anonymous_read_is_a_hit_without_queries(
    client, seed, page_cache, django_assert_num_queries
):
    first = client.get(seed.get_absolute_url())
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(seed.get_absolute_url())
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    for header in ["Content-Type", "ETag", "Last-Modified", "Surrogate-Key", "X-Frame-Options"]:
        assert second[header] == first[header]


@pytest.mark.parametrize(
    "cookie", ["sessionid", "csrftoken"], ids=["session cookie", "CSRF cookie"]
)
def test_requests_with_a_session_or_csrf_cookie_bypass_it(client, seed, page_cache, cookie):
    client.get("/")
    client.cookies[cookie] = "x"
    assert not client.get("/").has_header("X-Page-Cache")


def test_logged_in_editors_bypass_it_and_their_pages_are_never_stored(
    editor_client, client, seed, page_cache
):
    response = editor_client.get("/")
    assert not response.has_header("X-Page-Cache")
    assert "private" in response["Cache-Control"]
    editor_client.logout()
    assert client.get("/")["X-Page-Cache"] == "miss"


def test_admin_previews_and_posts_bypass_it(client, editor, seed, page_cache):
    draft = StoryFactory(status=Story.Status.DRAFT, published_at=None, headline="Secret plan")
    preview = reverse("stories:preview", args=[draft.pk])
    for _ in range(2):
        assert not client.get(preview).has_header("X-Page-Cache")
        assert not client.get(reverse("admin:index")).has_header("X-Page-Cache")
        assert not client.post("/search/").has_header("X-Page-Cache")


def test_a_draft_never_enters_it(client, editor, seed, page_cache):
    draft = StoryFactory(status=Story.Status.DRAFT, published_at=None, headline="Secret plan")
    client.force_login(editor)
    assert b"Secret plan" in client.get(reverse("stories:preview", args=[draft.pk])).content
    client.logout()
    anonymous = client.get(draft.get_absolute_url())
    assert anonymous.status_code == 404
    assert b"Secret plan" not in anonymous.content


def test_switched_off_it_neither_stores_nor_answers(client, seed, page_cache, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    client.get("/")
    assert not client.get("/").has_header("X-Page-Cache")


def test_a_committed_publication_retires_every_cached_page(
    client, seed, editor, page_cache, commit
):
    draft = publishable_story(headline="Council votes")
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    with commit():
        publishing.publish(story=draft, user=editor)
    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert b"Council votes" in response.content


def test_a_correction_written_with_update_retires_the_story_page(
    client, seed, editor, page_cache, commit
):
    """add_correction moves revised_at with a queryset update(), which sends no signal."""
    client.get(seed.get_absolute_url())
    with commit():
        publishing.add_correction(story=seed, user=editor, kind="correction", text="Misspelt.")
    response = client.get(seed.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert b"Misspelt." in response.content


def test_a_rolled_back_change_or_a_private_write_keeps_the_pages(client, seed, page_cache, commit):
    with commit():
        pass  # the seed
    client.get("/")
    generation = store.current_generation()
    with commit() as callbacks:
        with transaction.atomic():
            Story.objects.filter(pk=seed.pk).update(headline="Never committed")
            transaction.set_rollback(True)
        # The audit trail is never shown to readers.
        StoryEvent.objects.create(story=seed, headline="x", action="published")
    assert callbacks == []
    assert store.current_generation() == generation
    assert client.get("/")["X-Page-Cache"] == "hit"


def test_an_editor_logging_in_keeps_the_pages(client, editor, seed, page_cache, commit):
    """Logging in writes the session and the user's last login, which no reader sees."""
    with commit():
        pass  # the seed
    client.get("/")
    generation = store.current_generation()
    with commit() as callbacks:
        Client().force_login(editor)
    assert callbacks == []
    assert store.current_generation() == generation


def test_each_transaction_retires_the_pages_once(seed, page_cache, commit):
    with commit() as callbacks, transaction.atomic():
        for n in range(3):
            Story.objects.filter(pk=seed.pk).update(headline=f"Take {n}")
        StoryFactory.create_batch(3)
    assert len(callbacks) == 1


def test_no_entry_outlives_a_scheduled_publication(client, seed, editor, page_cache, commit):
    at = timezone.now() + timedelta(minutes=2)
    story = publishable_story(headline="At ten past")
    with commit():
        publishing.schedule(story=story, user=editor, at=at)
    before = client.get("/")
    assert b"At ten past" not in before.content
    s_maxage = int(before["Cache-Control"].split("s-maxage=")[1].split(",")[0])
    assert s_maxage <= 120
    assert "stale-while-revalidate" not in before["Cache-Control"]
    with time_machine.travel(at - timedelta(seconds=1), tick=False):
        assert client.get("/")["X-Page-Cache"] == "hit"
    with time_machine.travel(at, tick=False):
        response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert b"At ten past" in response.content


def test_no_entry_outlives_an_embargo(client, seed, page_cache):
    lifts = timezone.now() + timedelta(minutes=5)
    StoryFactory(headline="Under embargo", embargo_until=lifts)
    assert b"Under embargo" not in client.get("/").content
    with time_machine.travel(lifts, tick=False):
        response = client.get("/")
    assert b"Under embargo" in response.content


def test_no_entry_outlives_a_breaking_banner(client, seed, page_cache):
    from tests.newsroom.helpers import arrange

    expires = timezone.now() + timedelta(minutes=5)
    arrange(banner_text="Polls have closed", banner_expires_at=expires)
    assert b"Polls have closed" in client.get("/").content
    with time_machine.travel(expires, tick=False):
        response = client.get("/")
    assert b"Polls have closed" not in response.content


def test_conditional_requests_get_a_304_from_the_cache_without_queries(
    client, seed, page_cache, django_assert_num_queries
):
    first = client.get(seed.get_absolute_url())
    assert first["ETag"].startswith('"') and not first["ETag"].startswith("W/")
    with django_assert_num_queries(0):
        by_etag = client.get(seed.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
        by_date = client.get(seed.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert by_etag.status_code == by_date.status_code == 304
    assert by_etag.content == b""
    assert by_etag["ETag"] == first["ETag"]
    other = client.get(seed.get_absolute_url(), HTTP_IF_NONE_MATCH='"something-else"')
    assert other.status_code == 200


@pytest.mark.parametrize("url", ["/", "/feeds/stories/rss/", "/sitemap.xml"])
def test_conditional_requests_get_a_304_with_the_cache_off(client, seed, url):
    first = client.get(url)
    assert first.has_header("ETag") and first.has_header("Last-Modified")
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_story_page_names_what_it_shows_in_surrogate_keys(client, seed):
    keys = set(client.get(seed.get_absolute_url())["Surrogate-Key"].split())
    assert f"story-{seed.pk}" in keys
    assert f"section-{seed.section_id}" in keys
    assert {f"tag-{tag.pk}" for tag in seed.tags.all()} <= keys
    assert {f"author-{pk}" for pk in seed.bylines.values_list("author", flat=True)} <= keys
    public = {
        f"source-{quote.source_id}" for quote in seed.quotes.all() if not quote.source.confidential
    }
    assert public and public <= keys
    assert {f"race-{pk}" for pk in seed.races.values_list("pk", flat=True)} <= keys
    assert "newsroom" in keys


def test_front_page_and_feeds_carry_their_page_keys(client, seed):
    assert {"newsroom", "front", f"story-{seed.pk}"} <= set(
        client.get("/")["Surrogate-Key"].split()
    )
    assert "feeds" in client.get("/feeds/stories/rss/")["Surrogate-Key"].split()


def test_rows_an_import_copies_in_retire_the_pages(seed, page_cache, commit):
    """On PostgreSQL the importer writes its rows with COPY, which no execute wrapper sees."""
    tag = Tag.objects.create(name="Harbour", slug="harbour")
    with commit():
        pass  # the seed and the tag
    generation = store.current_generation()
    with commit() as callbacks, transaction.atomic():
        insert_values(TaggedStory, ["content_object_id", "tag_id"], [(seed.pk, tag.pk)])
    assert len(callbacks) == 1
    assert store.current_generation() != generation

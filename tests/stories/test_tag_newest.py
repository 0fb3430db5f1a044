"""A tag's newest stories (tag page, tag feed, related stories) are read from its tag rows'
copy of each story's publication time (TaggedStory.published_at, stories.listing_times):
the same stories in the same order as the stories' own query, and the copy right after
every path that writes a story's time or its tags, so no live story goes missing."""

import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version
from taggit.models import Tag

from newsroom.bootstrap import bootstrap_site
from stories import publishing
from stories.models import Story, TaggedStory
from stories.story_facts import stale_story_facts
from stories.views import related_stories
from tests.admin_forms import form_data
from tests.factories import StoryFactory, publishable_story
from tests.importers.helpers import run

pytestmark = pytest.mark.django_db


def stories_query(tag: Tag, now=None) -> list[int]:
    """The list as it was defined before the copy: live stories with the tag, newest first."""
    stories = Story.objects.published(now=now).filter(tags=tag).latest()
    return list(stories.values_list("pk", flat=True))


def tag_page(client, slug: str) -> list[int]:
    """Every story id the tag page lists, page after page, in order."""
    ids, page = [], 1
    while True:
        response = client.get(reverse("stories:tag", kwargs={"slug": slug}), {"page": page})
        if response.status_code == 404:
            return ids
        assert response.status_code == 200
        ids += [story.pk for story in response.context["stories"]]
        if not response.context["page_obj"].has_next():
            return ids
        page += 1


def feed(client, slug: str) -> str:
    response = client.get(f"/feeds/tags/{slug}/atom/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def mixed_tag():
    """A tag on 27 live stories (two pages, with runs of equal times), on drafts with and
    without a time, a withdrawn story, a scheduled one and an embargoed one."""
    now = timezone.now()
    tie = now - timedelta(days=1)
    for _ in range(12):  # Equal times: only the id orders them.
        StoryFactory(tags=["Transit"], published_at=tie)
    for n in range(12):
        StoryFactory(tags=["Transit"], published_at=now - timedelta(hours=n + 1))
    StoryFactory(tags=["Transit"], status=Story.Status.ARCHIVED, published_at=tie)
    StoryFactory(tags=["Transit", "Budget"], published_at=tie - timedelta(days=1))
    StoryFactory(tags=["Budget"], published_at=now - timedelta(minutes=5))  # another tag
    StoryFactory(tags=["Transit"], status=Story.Status.DRAFT, published_at=None)
    StoryFactory(tags=["Transit"], status=Story.Status.DRAFT, published_at=now - timedelta(1))
    StoryFactory(tags=["Transit"], status=Story.Status.WITHDRAWN, published_at=tie)
    StoryFactory(tags=["Transit"], published_at=now + timedelta(hours=2), headline="Scheduled")
    StoryFactory(
        tags=["Transit"],
        published_at=now - timedelta(minutes=30),
        embargo_until=now + timedelta(hours=3),
        headline="Embargoed",
    )
    StoryFactory(tags=["Transit"], published_at=tie)  # the last of the tie, highest id
    return Tag.objects.get(name="Transit")


def test_the_tag_page_lists_exactly_the_stories_query_in_its_order(client, mixed_tag):
    expected = stories_query(mixed_tag)
    assert len(expected) == 27
    assert list(TaggedStory.objects.newest_live_ids(mixed_tag.pk)) == expected
    assert tag_page(client, "transit") == expected


def test_scheduled_and_embargoed_stories_join_the_tag_page_at_their_time(client, mixed_tag):
    scheduled = Story.objects.get(headline="Scheduled")
    embargoed = Story.objects.get(headline="Embargoed")
    assert scheduled.pk not in tag_page(client, "transit")
    for hours, joined in [(2, [scheduled.pk]), (3, [scheduled.pk, embargoed.pk])]:
        # No write between: the clock alone makes them live.
        with time_machine.travel(timezone.now() + timedelta(hours=hours, seconds=1)):
            listed = tag_page(client, "transit")
            assert listed == stories_query(mixed_tag)
            assert listed[: len(joined)] == joined


def test_the_tag_feed_and_related_stories_follow_the_same_order(client, mixed_tag):
    expected = stories_query(mixed_tag)
    xml = feed(client, "transit")
    positions = [xml.index(Story.objects.get(pk=pk).get_absolute_url()) for pk in expected]
    assert positions == sorted(positions)
    newest = Story.objects.get(pk=expected[0])
    # The story's only tag is Transit: its box shows the next four of the tag's list.
    assert [s.pk for s in related_stories(newest)] == expected[1:5]


def test_a_story_going_live_during_the_request_does_not_break_the_tag_page_or_feed(
    client, monkeypatch
):
    """The page's ids and its rows are two queries, each asking the clock: a scheduled
    story that goes live between them is left out of that one response, not a 500."""
    from types import SimpleNamespace

    import stories.models.taxonomy as taxonomy

    now = timezone.now()
    shown = StoryFactory(tags=["Transit"], published_at=now - timedelta(hours=1))
    StoryFactory(tags=["Transit"], published_at=now + timedelta(milliseconds=500))
    # The ids' walk reads the clock a second after the rows' query did.
    monkeypatch.setattr(
        taxonomy, "timezone", SimpleNamespace(now=lambda: now + timedelta(seconds=1))
    )
    response = client.get(reverse("stories:tag", kwargs={"slug": "transit"}))
    assert response.status_code == 200
    assert shown.get_absolute_url() in response.content.decode()
    assert shown.get_absolute_url() in feed(client, "transit")


def test_a_tag_added_from_a_shell_lists_the_story_at_once(client):
    """`story.tags.add()` outside the workflow, the admin and the importer."""
    story = StoryFactory()
    story.tags.add("Harbor")
    assert story.pk in tag_page(client, "harbor")
    assert TaggedStory.objects.get(content_object=story).published_at == story.published_at


def copies_match() -> bool:
    """Every tag row holds its story's time, and nothing else kept beside them is stale."""
    return stale_story_facts() == (0, 0, 0) and all(
        row.published_at == row.content_object.published_at
        for row in TaggedStory.objects.select_related("content_object")
    )


def test_the_workflow_moves_a_story_on_its_tag_page(client, editor):
    older = StoryFactory(tags=["City Hall"])
    story = publishable_story()
    assert tag_page(client, "city-hall") == [older.pk]

    publishing.publish(story=story, user=editor)
    assert copies_match() and tag_page(client, "city-hall") == [story.pk, older.pk]
    publishing.unpublish(story=story, user=editor)
    assert copies_match() and tag_page(client, "city-hall") == [older.pk]

    at = timezone.now() + timedelta(hours=1)
    story = Story.objects.get(pk=story.pk)
    publishing.schedule(story=story, user=editor, at=at)
    assert copies_match() and tag_page(client, "city-hall") == [older.pk]
    with time_machine.travel(at + timedelta(seconds=1)):
        assert tag_page(client, "city-hall") == [story.pk, older.pk]

    publishing.delete_story(story=story, user=editor)
    assert copies_match() and tag_page(client, "city-hall") == [older.pk]


def test_a_tag_added_in_the_admin_lists_the_story_on_that_tag_page(editor_client, client):
    story = StoryFactory(tags=["City Hall"], credit="City News Service")
    url = reverse("admin:stories_story_change", args=[story.pk])
    # taggit's manager writes the new row in save_m2m, without the story's time.
    data = form_data(editor_client.get(url), tags='"City Hall", "Bike Lanes"')
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    assert copies_match()
    assert tag_page(client, "bike-lanes") == [story.pk]


def test_restoring_a_revision_keeps_the_story_on_its_tag_page(editor_client, client, editor):
    story = publishable_story(tags=["Elections"])
    change = reverse("admin:stories_story_change", args=[story.pk])
    editor_client.get(change)  # the first revision: a draft, its tag row without a time
    publishing.publish(story=Story.objects.get(pk=story.pk), user=editor)
    draft = Version.objects.get_for_object(story).last()
    response = editor_client.post(
        reverse("admin:stories_story_revision", args=[story.pk, draft.pk])
    )
    assert response.status_code == 302
    # The revision's tag row came back with the draft's empty time; the story kept its own.
    assert Story.objects.get(pk=story.pk).status == Story.Status.PUBLISHED
    assert copies_match()
    assert tag_page(client, "elections") == [story.pk]


NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def test_imports_write_and_rewrite_the_copy_with_the_story(tmp_path, client):
    item = {
        "uri": "urn:newsml:example.com:20260310:council",
        "type": "text",
        "version": "1",
        "firstcreated": "2026-03-10T08:00:00Z",
        "headline": "Council passes budget",
        "body_html": "<p>The vote was 9-6.</p>",
        "infosources": [{"name": "City News Service"}],
        "subject": [{"name": "Metro", "scheme": "newsroom:section"}, {"name": "Budget Vote"}],
    }
    path = tmp_path / "a.json"
    path.write_text(json.dumps(item), "utf-8")
    # A new draft is not recomputed after its batch: its rows carry its time from the insert.
    run("import_story", str(path), now=NOW)
    story = Story.objects.get(import_key=item["uri"])
    assert story.published_at == datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
    assert copies_match() and tag_page(client, "budget-vote") == []
    # A new version moves the draft's time and publishes it, keeping its tag rows.
    del item["subject"][1]
    item.update(version="2", firstcreated="2026-03-09T08:00:00Z")
    path.write_text(json.dumps(item), "utf-8")
    run("import_story", str(path), "--publish", now=NOW)
    story.refresh_from_db()
    assert story.published_at == datetime(2026, 3, 9, 8, 0, tzinfo=UTC)
    assert story.is_live(NOW)
    assert copies_match() and tag_page(client, "budget-vote") == [story.pk]
    # Text files with --tag: a draft (no time) and a published story.
    (tmp_path / "b.txt").write_text("Story one\n\nDek.\n\nPASADENA (KABC) -- Body.\n", "utf-8")
    (tmp_path / "c.txt").write_text("Story two\n\nDek.\n\nPASADENA (KABC) -- Body.\n", "utf-8")
    run("import_story", str(tmp_path / "b.txt"), "--tag", "Metro Desk", now=NOW)
    publish = ["--publish", "--section", "metro"]
    run("import_story", str(tmp_path / "c.txt"), "--tag", "Metro Desk", *publish, now=NOW)
    assert copies_match()
    assert tag_page(client, "metro-desk") == [Story.objects.get(headline="Story two").pk]


def test_the_seed_story_is_on_its_tag_pages_after_bootstrap(client):
    """`make run` on a fresh database: loaddata writes the tag rows without times."""
    assert bootstrap_site()[0]
    story = Story.objects.get()
    assert copies_match()
    for slug in story.tags.values_list("slug", flat=True):
        assert tag_page(client, slug) == [story.pk]


def planted(story: Story, marker: str | None = None) -> str:
    """Plant `marker` in the story's search document, or read what is there now."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if marker:
                # The story's trigger keeps a document it is given when the text is unchanged.
                sql = "UPDATE stories_story SET search_vector = %s::tsvector WHERE id = %s"
                cursor.execute(sql, [marker, story.pk])
            cursor.execute(
                "SELECT search_vector::text FROM stories_story WHERE id = %s", [story.pk]
            )
        else:
            if marker:
                sql = "UPDATE search_story_fts SET tags = %s WHERE rowid = %s"
                cursor.execute(sql, [marker, story.pk])
            cursor.execute("SELECT tags FROM search_story_fts WHERE rowid = %s", [story.pk])
        return cursor.fetchone()[0]


def test_rewriting_the_copy_leaves_search_documents_alone_but_a_changed_tag_reindexes():
    """Every publication rewrites the copies: re-parsing the story's body for each (and
    for every story in the migration's fill) would make publishing and migrating slow."""
    story = StoryFactory(tags=["Transit"])
    planted(story, "plantedmarker")
    TaggedStory.objects.filter(content_object=story).update(published_at=timezone.now())
    assert "plantedmarker" in planted(story)
    # A tag row that changes its tag still reindexes the story: search finds the new tag.
    other = Tag.objects.create(name="Light Rail", slug="light-rail")
    TaggedStory.objects.filter(content_object=story).update(tag=other)
    document = planted(story)
    assert "plantedmarker" not in document and "light" in document.lower()

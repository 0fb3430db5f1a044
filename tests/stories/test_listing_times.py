"""Tags' and authors' maintained times (stories.listing_times) follow every change of their
stories, so the tags and authors sitemaps list exactly the public ones with the right
lastmod while reading no story."""

import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from taggit.models import Tag

from newsroom.sitemaps import SITEMAPS
from stories import publishing
from stories.listing_times import stale_listing_times
from stories.models import Author, Byline, Story, TagTimes
from stories.story_facts import facts_batch, stories_changed
from tests.admin_forms import form_data
from tests.factories import AuthorFactory, StoryFactory, publishable_story
from tests.importers.helpers import run

pytestmark = pytest.mark.django_db


def entries(client, kind: str) -> dict[str, datetime | None]:
    """{slug: lastmod} as the tags or authors sitemap lists them now.

    Read from the sitemap class: the file prints lastmod as a date only, which cannot
    tell two stories of one day apart. The file itself must list the same slugs.
    """
    sitemap = SITEMAPS[kind]()
    found = {item.slug: sitemap.lastmod(item) for item in sitemap.items()}
    page = client.get(f"/sitemap-{kind}.xml").content.decode()
    assert all(f"/{slug}/" in page for slug in found)
    return found


def stamp(moment: datetime) -> datetime:
    return moment


def latest(kind: str):
    """The index's lastmod for the tags or authors file."""
    return SITEMAPS[kind]().get_latest_lastmod()


def tag_entry(client, slug="city-hall"):
    return entries(client, "tags").get(slug)


def bylined_draft(author, **kwargs):
    story = publishable_story(**kwargs)
    Byline.objects.create(story=story, author=author, position=0)
    return story


def test_publishing_lists_a_tag_and_author_and_unpublishing_falls_back_or_removes(client, editor):
    author = AuthorFactory(slug="ana-reporter")
    older = StoryFactory(tags=["City Hall"], authors=[author])
    story = bylined_draft(author)
    assert tag_entry(client) == stamp(older.published_at)

    publishing.publish(story=story, user=editor)
    story.refresh_from_db()
    assert tag_entry(client) == stamp(story.published_at)
    assert entries(client, "authors")["ana-reporter"] == stamp(story.published_at)

    publishing.unpublish(story=story, user=editor)
    assert tag_entry(client) == stamp(older.published_at)
    publishing.unpublish(story=older, user=editor)
    assert "city-hall" not in entries(client, "tags")
    assert "ana-reporter" not in entries(client, "authors")


def test_drafts_never_make_a_tag_or_author_appear(client, editor):
    author = AuthorFactory(slug="dora-draft")
    bylined_draft(author, tags=["Secret Merger"])
    assert "secret-merger" not in entries(client, "tags")
    assert "dora-draft" not in entries(client, "authors")
    assert not TagTimes.objects.exists()
    assert Author.objects.get(pk=author.pk).public_since is None


def test_a_tag_removed_from_a_live_story_in_the_admin_leaves_the_sitemap(editor_client, client):
    story = StoryFactory(tags=["Mayor Resigns", "City Hall"], credit="City News Service")
    assert "mayor-resigns" in entries(client, "tags")
    url = f"/admin/stories/story/{story.pk}/change/"
    data = form_data(editor_client.get(url), tags='"City Hall"')
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    assert list(story.tags.names()) == ["City Hall"]
    assert "mayor-resigns" not in entries(client, "tags")
    assert "city-hall" in entries(client, "tags")
    assert stale_listing_times() == 0


def test_a_scheduled_story_moves_lastmod_at_its_time_without_any_write(client, editor):
    author = AuthorFactory(slug="sam-scheduled")
    older = StoryFactory(tags=["City Hall"], authors=[author])
    story = bylined_draft(author)
    at = timezone.now() + timedelta(hours=2)
    publishing.schedule(story=story, user=editor, at=at)
    # Before its time: the older story's publication, never the future one.
    assert tag_entry(client) == stamp(older.published_at)
    assert entries(client, "authors")["sam-scheduled"] == stamp(older.published_at)
    with time_machine.travel(at + timedelta(seconds=1), tick=False):
        assert tag_entry(client) == stamp(at)
        assert entries(client, "authors")["sam-scheduled"] == stamp(at)
        assert latest("tags") == latest("authors") == at


def test_a_tag_or_author_with_only_a_scheduled_story_appears_only_at_its_time(client, editor):
    author = AuthorFactory(slug="nina-new")
    story = bylined_draft(author, tags=["Embargoed Report"])
    at = timezone.now() + timedelta(hours=2)
    publishing.schedule(story=story, user=editor, at=at)
    assert "embargoed-report" not in entries(client, "tags")
    assert "nina-new" not in entries(client, "authors")
    assert latest("tags") is None
    with time_machine.travel(at + timedelta(seconds=1), tick=False):
        assert entries(client, "tags")["embargoed-report"] == stamp(at)
        assert entries(client, "authors")["nina-new"] == stamp(at)


def test_deleting_the_only_story_takes_its_tag_and_author_off(client, editor):
    author = AuthorFactory(slug="once-bylined")
    story = StoryFactory(tags=["One Off"], authors=[author])
    assert "one-off" in entries(client, "tags")
    publishing.delete_story(story=story, user=editor)
    assert "one-off" not in entries(client, "tags")
    assert "once-bylined" not in entries(client, "authors")


NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def test_an_import_sets_the_times_of_its_tags_and_authors_once_per_batch(tmp_path, client):
    item = {
        "uri": "urn:newsml:example.com:20260310:council",
        "type": "text",
        "version": "1",
        "firstcreated": "2026-03-10T08:00:00Z",
        "headline": "Council passes budget",
        "body_html": "<p>The vote was 9-6.</p>",
        "infosources": [{"name": "City News Service"}],
        "subject": [
            {"name": "Metro", "scheme": "newsroom:section"},
            {"name": "Budget Vote"},
        ],
        "byline": "By Ana Import",
    }
    path = tmp_path / "a.json"
    path.write_text(json.dumps(item), "utf-8")
    run("import_story", str(path), "--publish", now=NOW)
    story = Story.objects.get(import_key=item["uri"])
    tags = list(story.tags.names())
    assert tags, "the item's subject should tag the story"
    times = TagTimes.objects.get(tag__name=tags[0])
    assert times.last_published_at == story.published_at
    assert stale_listing_times() == 0
    assert entries(client, "tags")[Tag.objects.get(name=tags[0]).slug] == stamp(story.published_at)
    author = story.bylines.get().author
    assert author.public_since == author.last_published_at == story.published_at


def test_a_batch_recomputes_each_tag_once_at_its_end():
    stories = [StoryFactory(tags=["City Hall"]) for _ in range(3)]
    with facts_batch():
        for story in stories:
            # Inside a batch nothing is recomputed per story: the times stay as they were.
            Story.objects.filter(pk=story.pk).update(status=Story.Status.DRAFT)
            stories_changed([story.pk])
        assert TagTimes.objects.filter(tag__name="City Hall").exists()
    assert not TagTimes.objects.filter(tag__name="City Hall").exists()


def test_the_refresh_command_repairs_times_written_past_the_workflow(capsys):
    story = StoryFactory(tags=["City Hall"], authors=[AuthorFactory()])
    moved = timezone.now() - timedelta(days=3)
    Story.objects.filter(pk=story.pk).update(published_at=moved)
    TagTimes.objects.all().delete()
    call_command("refresh_source_times", "--dry-run")
    # The tag's row, the author's, and the story's one tag row (its copy of the time).
    assert "2 tag(s) or author(s) and 1 tag row(s)" in capsys.readouterr().out
    call_command("refresh_source_times")
    call_command("refresh_source_times", "--dry-run")
    out = capsys.readouterr().out.splitlines()[-1]
    assert "0 tag(s) or author(s) and 0 tag row(s)" in out
    assert story.tagged_items.get().published_at == moved

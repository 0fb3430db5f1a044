"""Source.public_since follows every change of a story's state and sources, and never
makes a confidential source public."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from sources.models import Source
from stories import publishing
from stories.models import Quote, Story
from stories.source_times import refresh_source_times
from stories.sources_in_stories import sources_in_the_news
from stories.story_facts import facts_batch, stories_changed
from tests.factories import QuoteFactory, SourceFactory, StoryFactory, publishable_story

pytestmark = pytest.mark.django_db


def listed(client) -> list[str]:
    return [s.slug for s in client.get(reverse("sources:list")).context["sources"]]


def quote_in(story, source):
    return Quote.objects.create(
        story=story, source=source, text="We will fix it", attribution="said", position=0
    )


def test_publishing_puts_a_draft_quoted_source_on_sources_and_unpublishing_takes_it_off(
    client, editor
):
    story = publishable_story(body="<p>“We will fix it,” she said.</p>")
    source = SourceFactory(name="Ana Draft", slug="ana-draft")
    quote_in(story, source)
    stories_changed([story.pk])  # as the admin's save does
    assert listed(client) == []

    publishing.publish(story=story, user=editor)
    assert listed(client) == ["ana-draft"]
    assert client.get("/sitemap-sources.xml").content.decode().count("ana-draft") == 1

    publishing.unpublish(story=story, user=editor)
    assert listed(client) == []
    assert "ana-draft" not in client.get("/sitemap-sources.xml").content.decode()


def test_a_scheduled_story_makes_its_sources_public_at_its_time_without_any_write(client, editor):
    story = publishable_story(body="<p>“We will fix it,” she said.</p>")
    source = SourceFactory(slug="sam-scheduled")
    quote_in(story, source)
    at = timezone.now() + timedelta(hours=2)
    publishing.schedule(story=story, user=editor, at=at)
    source.refresh_from_db()
    assert source.public_since == at
    assert listed(client) == []
    with time_machine.travel(at + timedelta(seconds=1), tick=False):
        assert listed(client) == ["sam-scheduled"]


def test_deleting_the_only_story_takes_its_sources_off(client, editor):
    quote = QuoteFactory(source=SourceFactory(slug="once-quoted"))
    assert listed(client) == ["once-quoted"]
    publishing.delete_story(story=quote.story, user=editor)
    assert listed(client) == []


def test_a_confidential_source_with_a_public_since_is_never_listed_found_or_profiled(client):
    """The column is a time, not a permission: public() still keeps the source hidden."""
    secret = SourceFactory(name="Zed Secret", slug="zed-secret", confidential=True)
    QuoteFactory(source=secret)
    secret.refresh_from_db()
    assert secret.public_since is not None  # it is in a published story…
    assert secret not in sources_in_the_news()  # …and still never public
    assert "zed-secret" not in listed(client)
    assert "zed-secret" not in client.get("/sitemap-sources.xml").content.decode()
    assert "Zed Secret" not in client.get(reverse("search"), {"q": "zed"}).content.decode()
    assert client.get("/sources/zed-secret/").status_code == 404
    # Made public later by an editor: listed at once, from the time already kept.
    Source.objects.filter(pk=secret.pk).update(confidential=False)
    assert "zed-secret" in listed(client)


def test_a_batch_recomputes_each_source_once_at_its_end(django_assert_num_queries):
    source = SourceFactory()
    stories = StoryFactory.create_batch(3)
    for story in stories:
        quote_in(story, source)
    with facts_batch():
        for story in stories:
            with django_assert_num_queries(1):  # what it shows; no UPDATE yet
                stories_changed([story.pk])
        assert Source.objects.get(pk=source.pk).public_since is None
    assert Source.objects.get(pk=source.pk).public_since == min(s.published_at for s in stories)


def test_refresh_source_times_command_repairs_rows_written_past_the_workflow(capsys):
    quote = QuoteFactory()
    Source.objects.update(public_since=None)
    Story.objects.filter(pk=quote.story_id).update(published_at=timezone.now() - timedelta(days=3))
    call_command("refresh_source_times", "--dry-run")
    out = capsys.readouterr().out
    assert "1 source(s), 0 tag(s) or author(s) and 0 tag row(s) out of date" in out
    call_command("refresh_source_times")
    assert Source.objects.get(pk=quote.source_id).public_since == Story.objects.get().published_at
    refresh_source_times()
    call_command("refresh_source_times", "--dry-run")
    out = capsys.readouterr().out
    assert "0 source(s), 0 tag(s) or author(s) and 0 tag row(s) out of date" in out

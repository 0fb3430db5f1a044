"""A scheduled story goes live by itself exactly at its time; an embargo holds it back."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from stories import publishing
from stories.models import Story
from tests.factories import SectionFactory, StoryFactory

pytestmark = pytest.mark.django_db

LA = ZoneInfo("America/Los_Angeles")
NOON = datetime(2026, 11, 3, 12, 0, tzinfo=LA)
ELECTION_NIGHT = datetime(2026, 11, 3, 20, 0, tzinfo=LA)

# What the pre-publish checks (stories/checks.py) ask for beyond the factory's defaults.
READY = {"credit": "City News Service", "tags": ["Election night"]}


def public_urls(story):
    return [
        reverse("front_page"),
        story.section.get_absolute_url(),
        reverse("stories:tag", kwargs={"slug": "election-night"}),
    ]


def test_a_scheduled_story_appears_everywhere_exactly_at_its_time(client, editor):
    with time_machine.travel(NOON, tick=False):
        story = StoryFactory(
            credit="City News Service",
            headline="Polls close across Los Angeles",
            section=SectionFactory(name="Politics"),
            status=Story.Status.REVIEW,
            published_at=None,
            tags=["Election night"],
        )
        publishing.schedule(story=story, user=editor, at=ELECTION_NIGHT)

    with time_machine.travel(ELECTION_NIGHT - timedelta(seconds=1), tick=False):
        assert client.get(story.get_absolute_url()).status_code == 404
        for url in public_urls(story):
            assert "Polls close across Los Angeles" not in client.get(url).content.decode(), url

    with time_machine.travel(ELECTION_NIGHT, tick=False):
        assert client.get(story.get_absolute_url()).status_code == 200
        for url in public_urls(story):
            assert "Polls close across Los Angeles" in client.get(url).content.decode(), url


def test_an_embargo_keeps_a_published_story_hidden_until_it_lifts(client):
    story = StoryFactory(published_at=NOON - timedelta(hours=1), embargo_until=ELECTION_NIGHT)
    assert not Story.objects.published(now=NOON).filter(pk=story.pk).exists()
    assert Story.objects.published(now=ELECTION_NIGHT).filter(pk=story.pk).exists()
    with time_machine.travel(NOON, tick=False):
        assert client.get(story.get_absolute_url()).status_code == 404


def test_publishing_or_scheduling_before_the_embargo_is_refused(editor):
    story = StoryFactory(
        **READY, status=Story.Status.REVIEW, published_at=None, embargo_until=ELECTION_NIGHT
    )
    with pytest.raises(ValidationError, match="embargoed until"):
        publishing.publish(story=story, user=editor, now=NOON)
    with pytest.raises(ValidationError, match="embargoed until"):
        publishing.schedule(
            story=story, user=editor, at=ELECTION_NIGHT - timedelta(minutes=1), now=NOON
        )
    story.refresh_from_db()
    assert story.status == Story.Status.REVIEW and story.published_at is None
    publishing.schedule(story=story, user=editor, at=ELECTION_NIGHT, now=NOON)
    assert Story.objects.published(now=ELECTION_NIGHT).filter(pk=story.pk).exists()


def test_scheduling_in_the_past_and_moving_a_live_story_are_refused(editor):
    review = StoryFactory(status=Story.Status.REVIEW, published_at=None)
    with pytest.raises(ValidationError, match="future"):
        publishing.schedule(story=review, user=editor, at=NOON - timedelta(hours=1), now=NOON)
    live = StoryFactory(published_at=NOON - timedelta(days=1))
    with pytest.raises(ValidationError, match="already live"):
        publishing.schedule(story=live, user=editor, at=ELECTION_NIGHT, now=NOON)


def test_republishing_a_withdrawn_story_keeps_its_first_publication_time(editor):
    first = NOON - timedelta(days=2)
    story = StoryFactory(**READY, published_at=first)
    publishing.unpublish(story=story, user=editor, now=NOON)
    assert not Story.objects.published(now=NOON).filter(pk=story.pk).exists()
    publishing.publish(story=story, user=editor, now=NOON + timedelta(hours=1))
    story.refresh_from_db()
    assert story.published_at == first and story.status == Story.Status.PUBLISHED


def test_archived_stories_stay_readable_and_withdrawn_ones_do_not(client, editor):
    archived = StoryFactory(headline="Old but on the record")
    withdrawn = StoryFactory(headline="Taken down")
    publishing.archive(story=archived, user=editor)
    publishing.unpublish(story=withdrawn, user=editor)
    assert client.get(archived.get_absolute_url()).status_code == 200
    assert client.get(withdrawn.get_absolute_url()).status_code == 404
    front = client.get(reverse("front_page")).content.decode()
    assert "Old but on the record" in front and "Taken down" not in front
    # Archived means frozen: even an editor cannot edit it, only correct it.
    archived.refresh_from_db()
    assert not publishing.can_edit(editor, archived)


def test_the_embargo_is_shown_prominently_in_the_admin_form(editor_client):
    story = StoryFactory(embargo_until=datetime(2099, 1, 1, tzinfo=LA))
    page = editor_client.get(
        reverse("admin:stories_story_change", args=[story.pk])
    ).content.decode()
    assert "EMBARGOED until" in page


def test_rescheduling_a_withdrawn_story_keeps_its_first_publication_time_and_feed_id(editor):
    from stories.feeds import story_guid

    first = NOON - timedelta(days=30)
    story = StoryFactory(**READY, published_at=first)
    guid = story_guid(story)
    publishing.unpublish(story=story, user=editor, now=NOON)
    tomorrow = NOON + timedelta(days=1)

    publishing.schedule(story=story, user=editor, at=tomorrow, now=NOON)

    story.refresh_from_db()
    assert story.published_at == first and story_guid(story) == guid
    published = Story.objects.published
    assert not published(now=tomorrow - timedelta(seconds=1)).filter(pk=story.pk).exists()
    assert published(now=tomorrow).filter(pk=story.pk).exists()
    event = story.events.first()  # newest first: ordered by -at, -id
    assert (event.action, event.at) == ("scheduled", NOON)
    # Once it is back, it is live like any other story: its time cannot be moved again.
    with pytest.raises(ValidationError, match="already live"):
        publishing.schedule(story=story, user=editor, at=NOON + timedelta(days=3), now=tomorrow)


def test_the_changelist_shows_when_a_rescheduled_story_comes_back(editor):
    from django.contrib import admin

    story = StoryFactory(**READY, published_at=timezone.now() - timedelta(days=30))
    publishing.unpublish(story=story, user=editor)
    back = timezone.now() + timedelta(days=1)
    publishing.schedule(story=story, user=editor, at=back)
    story.refresh_from_db()
    assert admin.site._registry[Story].scheduled_for(story) == back


def test_scheduling_an_archived_story_is_refused(editor):
    story = StoryFactory(published_at=NOON - timedelta(days=3))
    publishing.archive(story=story, user=editor, now=NOON)
    with pytest.raises(ValidationError, match="already live"):
        publishing.schedule(story=story, user=editor, at=ELECTION_NIGHT, now=NOON)

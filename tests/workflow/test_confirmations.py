"""Publish, schedule, unpublish and archive ask first, say what will happen, then say what did."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from stories.models import Story, StoryEvent
from tests.admin_forms import action_data
from tests.factories import StoryFactory, publishable_story

pytestmark = pytest.mark.django_db


def workflow_url(story):
    return reverse("admin:stories_story_workflow", args=[story.pk])


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("action", ["publish", "unpublish", "archive"])
def test_one_click_only_asks_and_changes_nothing(editor_client, action):
    live = action != "publish"
    story = publishable_story(
        status=Story.Status.PUBLISHED if live else Story.Status.REVIEW,
        published_at=timezone.now() - timedelta(hours=1) if live else None,
    )
    response = editor_client.post(workflow_url(story), {"action": action})
    assert response.status_code == 200
    assert "What will happen" in response.content.decode()
    before = story.status
    story.refresh_from_db()
    assert story.status == before
    assert not StoryEvent.objects.exists()


def test_publish_confirmation_says_where_it_will_appear(editor_client):
    story = publishable_story(status=Story.Status.REVIEW)
    text = editor_client.post(workflow_url(story), {"action": "publish"}).content.decode()
    assert f"/stories/{story.slug}/" in text
    assert "lead of the front page" in text
    assert story.section.get_absolute_url() in text and "City Hall" in text
    assert "feeds" in text


def test_publishing_says_what_happened_not_done(editor_client):
    story = publishable_story(headline="Council passes budget", slug="council-passes-budget")
    response = editor_client.post(workflow_url(story), {"action": "publish", "confirmed": "1"})
    assert messages_of(response) == [
        "Published “Council passes budget”: it is live at /stories/council-passes-budget/ "
        "and on the front page."
    ]
    assert Story.objects.published().filter(pk=story.pk).exists()


def test_unpublish_confirmation_says_what_readers_at_the_old_url_get(editor_client):
    story = StoryFactory()
    text = editor_client.post(workflow_url(story), {"action": "unpublish"}).content.decode()
    assert f"Readers at /stories/{story.slug}/ will get “not found” (404)" in text
    response = editor_client.post(workflow_url(story), {"action": "unpublish", "confirmed": "1"})
    assert "now get “not found”" in messages_of(response)[0]
    assert editor_client.get(f"/stories/{story.slug}/").status_code == 404


def test_archive_confirmation_says_it_stays_readable(editor_client):
    story = StoryFactory(published_at=timezone.now() - timedelta(days=2))
    text = editor_client.post(workflow_url(story), {"action": "archive"}).content.decode()
    assert "It stays readable" in text and "only corrections" in text


def test_schedule_confirmation_carries_the_time_through(editor_client):
    story = publishable_story()
    at = timezone.localtime() + timedelta(days=1)
    posted = {"action": "schedule", "at_0": at.strftime("%Y-%m-%d"), "at_1": "09:30:00"}
    page = editor_client.post(workflow_url(story), posted).content.decode()
    assert "goes live there by itself" in page and 'name="at_1" value="09:30:00"' in page
    response = editor_client.post(workflow_url(story), {**posted, "confirmed": "1"})
    assert messages_of(response)[0].startswith(f"Scheduled “{story}”: it goes live at /stories/")
    story.refresh_from_db()
    assert timezone.localtime(story.published_at).strftime("%H:%M") == "09:30"


def test_list_publish_asks_first_then_reports_each_story(editor_client):
    stories = [publishable_story(), publishable_story()]
    url = reverse("admin:stories_story_changelist")
    page = editor_client.post(url, action_data("publish_action", *stories))
    assert page.status_code == 200 and "Yes, publish them" in page.content.decode()
    assert not Story.objects.published().exists()
    response = editor_client.post(
        url, {**action_data("publish_action", *stories), "confirmed": "1"}
    )
    assert len([m for m in messages_of(response) if m.startswith("Published “")]) == 2
    assert Story.objects.published().count() == 2


def test_audit_lines_never_end_in_two_dots(editor):
    from stories import publishing

    story = publishable_story()
    publishing.schedule(story=story, user=editor, at=timezone.now() + timedelta(hours=3))
    event = StoryEvent.objects.get(story=story)
    assert not event.detail.endswith("..") and ".." not in event.detail


def test_a_reporter_asking_to_publish_gets_a_clear_refusal_in_the_admins_look(client, reporter):
    story = publishable_story(created_by=reporter, status=Story.Status.REVIEW)
    client.force_login(reporter)
    response = client.post(workflow_url(story), {"action": "publish"})
    text = response.content.decode()
    assert response.status_code == 403
    assert "You cannot publish" in text and 'id="site-name"' in text

"""Pre-publish checks: an incomplete story cannot go live by any path; warnings need a reason.

stories/checks.py decides; stories.publishing enforces it inside publish, schedule,
applying a proposal and imports with --publish, so every path is covered by the server.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from media.models import Image as LibraryImage
from stories import publishing
from stories.checks import ChecksFailed, is_placeholder, prepublish_checks
from stories.models import Story, StoryEvent, StoryProposal
from tests.admin_forms import action_data
from tests.factories import AuthorFactory, StoryFactory, publishable_story

pytestmark = pytest.mark.django_db


def empty_story(**kwargs):
    """The story from the issue: only the headline "TK TK placeholder"."""
    fields = {
        "headline": "TK TK placeholder",
        "slug": "tk",
        "dek": "",
        "body": "",
        "section": None,
        "dateline": "",
        "status": Story.Status.DRAFT,
        "published_at": None,
    }
    return StoryFactory(**{**fields, **kwargs})


def workflow_url(story):
    return reverse("admin:stories_story_workflow", args=[story.pk])


def failed_codes(story):
    return {check.code for check in prepublish_checks(story) if not check.passed}


@pytest.mark.parametrize(
    "headline",
    ["TK", "TKTK", "TK TK placeholder", "Council TK", "Placeholder", "Lorem ipsum dolor", "  "],
)
def test_placeholder_headlines_are_recognised(headline):
    assert is_placeholder(headline)


@pytest.mark.parametrize(
    "headline", ["Council passes budget", "Tkachenko wins the run-off", "Talks resume"]
)
def test_real_headlines_are_not_placeholders(headline):
    assert not is_placeholder(headline)


def test_the_empty_story_fails_every_required_check():
    assert failed_codes(empty_story()) >= {"headline", "body", "section", "credit", "dek", "tags"}


def test_the_seed_story_has_no_byline_but_a_credit_and_passes_the_required_checks(seed):
    assert not seed.bylines.exists() and seed.credit == "KABC"
    assert not {c.code for c in prepublish_checks(seed) if c.required and not c.passed}


def test_a_byline_stands_in_for_a_credit():
    story = publishable_story(credit="")
    assert "credit" in failed_codes(story)
    story.bylines.create(author=AuthorFactory())
    assert "credit" not in failed_codes(story)


def test_a_lead_image_without_alt_text_fails():
    story = publishable_story()
    # The library's constraint refuses such an image; one loaded without its alt text (or
    # from before the constraint) must still stop publication.
    story.lead_image = LibraryImage(
        file="images/2026/12/photo.jpg", width=60, height=40, alt_text="  "
    )
    assert failed_codes(story) == {"alt_text"}


def test_publishing_the_empty_story_on_the_workflow_page_is_refused(editor_client):
    """The issue's first failure: it went live with one click and answered "Done."."""
    story = empty_story()
    response = editor_client.post(
        workflow_url(story), {"action": "publish", "confirmed": "1", "reason": "Go"}, follow=True
    )
    story.refresh_from_db()
    assert story.status == Story.Status.DRAFT and not Story.objects.published().exists()
    text = response.content.decode()
    assert "cannot go live yet" in text and "the body is empty" in text
    assert "Done." not in text


def test_the_confirmation_shows_the_blocked_checklist_and_no_publish_button(editor_client):
    story = empty_story()
    response = editor_client.post(workflow_url(story), {"action": "publish"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "it has no section" in text and "Yes, publish it now" not in text
    story.refresh_from_db()
    assert story.status == Story.Status.DRAFT


def test_the_workflow_page_shows_the_checklist_before_the_button(editor_client):
    text = editor_client.get(workflow_url(empty_story())).content.decode()
    assert "Before it goes live" in text
    assert text.index("the body is empty") < text.index('value="publish"')


def test_every_path_that_makes_a_story_live_runs_the_checks(client, editor):
    now = timezone.now()
    with pytest.raises(ChecksFailed):
        publishing.publish(story=empty_story(slug="a"), user=editor, override_reason="x")
    with pytest.raises(ChecksFailed):
        publishing.schedule(
            story=empty_story(slug="b"),
            user=editor,
            at=now + timedelta(hours=2),
            override_reason="x",
        )
    # The change list's action, confirmed: refused per story with the reason.
    client.force_login(editor)
    story = empty_story(slug="c")
    response = client.post(
        reverse("admin:stories_story_changelist"),
        {**action_data("publish_action", story), "confirmed": "1", "reason": "Go"},
        follow=True,
    )
    assert "cannot go live yet" in response.content.decode()
    assert not Story.objects.published().exists()
    assert not StoryEvent.objects.filter(action=StoryEvent.Action.PUBLISHED).exists()


def test_applying_a_proposal_that_blanks_the_headline_is_refused(editor):
    story = publishable_story(status=Story.Status.PUBLISHED, published_at=timezone.now())
    proposal = StoryProposal.objects.create(
        story=story,
        base_version=story.version,
        headline="TK",
        dek=story.dek,
        body=story.body,
        dateline=story.dateline,
        credit=story.credit,
    )
    with pytest.raises(ChecksFailed):
        publishing.apply_proposal(proposal=proposal, user=editor)
    story.refresh_from_db()
    assert story.headline != "TK"


def test_warnings_block_until_an_editor_gives_a_reason_which_is_audited(editor):
    story = publishable_story(dek="", tags=[])
    with pytest.raises(ChecksFailed, match="give a reason"):
        publishing.publish(story=story, user=editor)
    publishing.publish(story=story, user=editor, override_reason="Breaking news, dek to follow")
    event = StoryEvent.objects.get(story=story, action=StoryEvent.Action.PUBLISHED)
    assert "it has no dek and it has no tags" in event.detail
    assert "Breaking news, dek to follow" in event.detail


def test_a_complete_story_publishes_without_a_reason(editor):
    story = publishable_story()
    publishing.publish(story=story, user=editor)
    assert Story.objects.published().filter(pk=story.pk).exists()

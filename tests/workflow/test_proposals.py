"""Reporters' changes to a published story go through an editor's review."""

import pytest
from django.urls import reverse

from stories.models import Story, StoryEvent, StoryProposal
from tests.admin_forms import form_data
from tests.factories import StoryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(reporter):
    return StoryFactory(headline="Council votes 12-3", body="<p>Old text.</p>", created_by=reporter)


def propose(client, story, **changes):
    data = {
        "headline": story.headline,
        "dek": story.dek,
        "body": story.body,
        "dateline": story.dateline,
        "credit": story.credit,
        "note": "The vote was 11-4.",
        **changes,
    }
    return client.post(reverse("admin:stories_story_propose", args=[story.pk]), data)


def test_reporter_proposal_waits_for_an_editor_and_readers_see_the_old_text(
    client, reporter, published
):
    client.force_login(reporter)
    assert propose(client, published, headline="Council votes 11-4").status_code == 302
    published.refresh_from_db()
    assert published.headline == "Council votes 12-3"
    assert StoryProposal.objects.get().status == "pending"
    assert "Council votes 12-3" in client.get(published.get_absolute_url()).content.decode()


def test_editor_sees_the_diff_and_applies_it_as_a_revision(client, reporter, editor, published):
    client.force_login(reporter)
    propose(client, published, headline="Council votes 11-4")
    proposal = StoryProposal.objects.get()
    client.force_login(editor)
    url = reverse("admin:stories_story_workflow", args=[published.pk])
    page = client.get(url).content.decode()
    assert "- Council votes 12-3" in page and "+ Council votes 11-4" in page
    assert "The vote was 11-4." in page

    client.post(url, {"proposal": proposal.pk, "action": "apply"})

    published.refresh_from_db()
    proposal.refresh_from_db()
    assert published.headline == "Council votes 11-4" and published.version == 2
    assert proposal.status == "applied" and proposal.decided_by == editor
    assert StoryEvent.objects.filter(action="proposal_applied").exists()


def test_a_proposal_made_before_another_edit_is_not_applied_over_it(
    client, reporter, editor, published
):
    client.force_login(reporter)
    propose(client, published, body="<p>Reporter's text.</p>")
    client.force_login(editor)
    url = reverse("admin:stories_story_change", args=[published.pk])
    client.post(url, form_data(client.get(url), body="<p>Editor's fix.</p>"))
    proposal = StoryProposal.objects.get()
    url = reverse("admin:stories_story_workflow", args=[published.pk])
    response = client.post(url, {"proposal": proposal.pk, "action": "apply"}, follow=True)
    assert "changed after this proposal was made" in response.content.decode()
    published.refresh_from_db()
    assert published.body == "<p>Editor's fix.</p>"
    assert StoryProposal.objects.get().status == "pending"


def test_reporters_cannot_apply_their_own_proposal_or_propose_on_others(
    client, reporter, published
):
    client.force_login(reporter)
    propose(client, published, headline="Self-approved")
    proposal = StoryProposal.objects.get()
    url = reverse("admin:stories_story_workflow", args=[published.pk])
    assert client.post(url, {"proposal": proposal.pk, "action": "apply"}).status_code == 403
    assert Story.objects.get(pk=published.pk).headline == "Council votes 12-3"
    other = StoryFactory(created_by=UserFactory(username="someone"))
    assert propose(client, other, headline="Not mine").status_code == 403
    assert StoryProposal.objects.count() == 1


def test_editor_rejects_a_proposal(client, reporter, editor, published):
    client.force_login(reporter)
    propose(client, published, headline="Wrong")
    proposal = StoryProposal.objects.get()
    client.force_login(editor)
    url = reverse("admin:stories_story_workflow", args=[published.pk])
    client.post(url, {"proposal": proposal.pk, "action": "reject"})
    assert StoryProposal.objects.get().status == "rejected"
    assert Story.objects.get(pk=published.pk).headline == "Council votes 12-3"

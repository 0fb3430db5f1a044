"""Who may do what, through HTTP requests to the admin: the whole role-by-action matrix.

Each case states whether the role may do the action; refused requests must leave the
story exactly as it was, whatever the response.
"""

from datetime import timedelta

import pytest
import reversion
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from stories.models import Correction, ShareLink, Story, StoryEvent
from tests.admin_forms import action_data, form_data, new_story_data
from tests.factories import AuthorFactory, StoryFactory, UserFactory, publishable_story
from tests.query_budget import assert_query_budget

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:stories_story_changelist"


# What the confirmation pages post back: the editor said yes (and, for stories with
# warnings, why); the pre-publish checks themselves are tests/workflow/test_prepublish_checks.py.
CONFIRMED = {"confirmed": "1", "reason": "Checked on the desk."}


def draft(**kwargs):
    return publishable_story(**kwargs)


def edit(client, story):
    url = reverse("admin:stories_story_change", args=[story.pk])
    return client.post(url, form_data(client.get(url), headline="Edited headline"))


def submit(client, story):
    return client.post(reverse(CHANGELIST), action_data("submit_for_review_action", story))


def publish(client, story):
    return client.post(reverse(CHANGELIST), {**action_data("publish_action", story), **CONFIRMED})


def publish_on_workflow_page(client, story):
    url = reverse("admin:stories_story_workflow", args=[story.pk])
    return client.post(url, {"action": "publish", **CONFIRMED})


def schedule(client, story):
    at = timezone.localtime() + timedelta(days=1)
    url = reverse("admin:stories_story_workflow", args=[story.pk])
    return client.post(
        url,
        {
            "action": "schedule",
            "at_0": at.strftime("%Y-%m-%d"),
            "at_1": at.strftime("%H:%M:%S"),
            **CONFIRMED,
        },
    )


def unpublish(client, story):
    return client.post(reverse(CHANGELIST), {**action_data("unpublish_action", story), **CONFIRMED})


def archive(client, story):
    url = reverse("admin:stories_story_workflow", args=[story.pk])
    return client.post(url, {"action": "archive", **CONFIRMED})


def clear_embargo(client, story):
    """Post the change form with the embargo emptied, as the editor's form would send it."""
    url = reverse("admin:stories_story_change", args=[story.pk])
    return client.post(url, form_data(client.get(url), embargo_until_0="", embargo_until_1=""))


def set_embargo(client, story):
    url = reverse("admin:stories_story_change", args=[story.pk])
    later = timezone.localtime() + timedelta(days=3)
    return client.post(
        url,
        form_data(
            client.get(url),
            embargo_until_0=later.strftime("%Y-%m-%d"),
            embargo_until_1=later.strftime("%H:%M:%S"),
        ),
    )


def correct(client, story):
    url = reverse("admin:stories_correction_add")
    return client.post(url, {"story": story.pk, "kind": "correction", "text": "We misspelled it."})


def delete(client, story):
    return client.post(reverse("admin:stories_story_delete", args=[story.pk]), {"post": "yes"})


def set_seo(client, story):
    url = reverse("admin:stories_story_change", args=[story.pk])
    data = form_data(
        client.get(url), seo_title="Budget vote: what it means", seo_description="In short."
    )
    return client.post(url, data)


def share(client, story):
    url = reverse("admin:stories_story_workflow", args=[story.pk])
    return client.post(url, {"action": "share"})


def revoke_share(client, story):
    url = reverse("admin:stories_story_workflow", args=[story.pk])
    return client.post(url, {"action": "revoke_share", "link": story.share_links.get().pk})


def record_then_change(story):
    with reversion.create_revision():
        reversion.add_to_revision(story)
    Story.objects.filter(pk=story.pk).update(headline="Changed since")


def restore(client, story):
    version = Version.objects.get_for_object(story).first()
    url = reverse("admin:stories_story_revision", args=[story.pk, version.pk])
    return client.post(url)


def state(story):
    """Everything a refused request must leave alone."""
    if not Story.objects.filter(pk=story.pk).exists():
        return "deleted"
    story.refresh_from_db()
    return (
        story.headline,
        story.status,
        story.published_at,
        story.embargo_until,
        story.version,
        story.seo_title,
        story.seo_description,
        Correction.objects.filter(story=story).count(),
        list(ShareLink.objects.filter(story=story).values_list("pk", "revoked_at")),
    )


# (role, whose story, story state, action, allowed)
MATRIX = [
    ("reporter", "own", "draft", edit, True),
    ("reporter", "own", "review", edit, True),
    ("reporter", "other", "draft", edit, False),
    ("reporter", "own", "published", edit, False),
    ("reporter", "bylined", "draft", edit, True),
    ("reporter", "own", "draft", submit, True),
    ("reporter", "other", "draft", submit, False),
    ("reporter", "own", "draft", publish, False),
    ("reporter", "own", "review", publish_on_workflow_page, False),
    ("reporter", "own", "review", schedule, False),
    ("reporter", "own", "published", unpublish, False),
    ("reporter", "own", "published", archive, False),
    ("reporter", "own", "published", correct, False),
    ("reporter", "own", "draft", delete, False),
    ("reporter", "own", "draft", clear_embargo, False),
    ("reporter", "own", "draft", set_embargo, False),
    ("reporter", "own", "draft", restore, False),
    ("reporter", "own", "draft", set_seo, True),
    ("reporter", "other", "draft", set_seo, False),
    ("reporter", "own", "published", set_seo, False),
    ("reporter", "own", "draft", share, True),
    ("reporter", "bylined", "published", share, True),
    ("reporter", "other", "draft", share, False),
    ("reporter", "own", "draft", revoke_share, True),
    ("reporter", "other", "draft", revoke_share, False),
    ("editor", "other", "draft", edit, True),
    ("editor", "other", "published", edit, True),
    ("editor", "other", "draft", submit, True),
    ("editor", "other", "review", publish, True),
    ("editor", "other", "review", publish_on_workflow_page, True),
    ("editor", "other", "review", schedule, True),
    ("editor", "other", "published", unpublish, True),
    ("editor", "other", "published", archive, True),
    ("editor", "other", "published", correct, True),
    ("editor", "other", "draft", delete, True),
    ("editor", "other", "draft", clear_embargo, True),
    ("editor", "other", "draft", set_embargo, True),
    ("editor", "other", "draft", restore, True),
    ("editor", "other", "published", set_seo, True),
    ("editor", "other", "draft", share, True),
    ("editor", "other", "draft", revoke_share, True),
]


@pytest.mark.parametrize(
    ("role", "whose", "status", "action", "allowed"),
    MATRIX,
    ids=[f"{r}-{w}-{s}-{a.__name__}-{'yes' if ok else 'no'}" for r, w, s, a, ok in MATRIX],
)
def test_role_action_matrix(client, role, whose, status, action, allowed):
    user = UserFactory(username=role, groups=["Reporters" if role == "reporter" else "Editors"])
    someone = UserFactory(username="someone-else", groups=["Reporters"])
    if status == "published":
        story = StoryFactory(created_by=user if whose == "own" else someone)
    else:
        story = draft(created_by=user if whose == "own" else someone, status=status)
    if whose == "bylined":
        author = AuthorFactory(user=user)
        story.bylines.create(author=author)
    if action is restore:
        record_then_change(story)
    if action is revoke_share:
        # A link someone else made: revoking is about the story, not the link's maker.
        ShareLink.objects.create(
            story=story, created_by=someone, expires_at=timezone.now() + timedelta(days=1)
        )
    if action is clear_embargo:
        Story.objects.filter(pk=story.pk).update(embargo_until=timezone.now() + timedelta(days=1))
    client.force_login(user)
    before = state(story)

    response = action(client, story)

    # Refusals are a 403, or the page again / a redirect carrying the error message.
    assert response.status_code in (200, 302, 403)
    if allowed:
        assert state(story) != before, response.content.decode()[:3000]
    else:
        assert state(story) == before


def test_reporter_forging_a_publication_time_gets_403_and_nothing_changes(client, reporter):
    story = draft(created_by=reporter)
    client.force_login(reporter)
    now = timezone.localtime()
    url = reverse("admin:stories_story_change", args=[story.pk])
    data = form_data(
        client.get(url),
        headline="Sneaky",
        status="published",
        published_at_0=now.strftime("%Y-%m-%d"),
        published_at_1=now.strftime("%H:%M:%S"),
    )
    response = client.post(url, data)
    assert response.status_code == 403
    story.refresh_from_db()
    assert (story.headline, story.status, story.published_at) != ("Sneaky", "published", None)
    assert story.status == Story.Status.DRAFT and story.published_at is None


def test_reporter_posting_a_status_gets_403_and_nothing_changes(client, reporter):
    story = draft(created_by=reporter)
    client.force_login(reporter)
    url = reverse("admin:stories_story_change", args=[story.pk])
    data = form_data(client.get(url), headline="Sneaky", status="published")
    response = client.post(url, data)
    assert response.status_code == 403
    story.refresh_from_db()
    assert story.status == Story.Status.DRAFT and story.headline != "Sneaky"
    assert not Story.objects.published().exists()


def test_reporter_creating_a_published_story_gets_403(client, reporter):
    client.force_login(reporter)
    data = new_story_data(client, status="published")
    response = client.post(reverse("admin:stories_story_add"), data)
    assert response.status_code == 403
    assert not Story.objects.exists()


def test_reporter_does_not_see_publishing_actions_or_recover(client, reporter):
    draft(created_by=reporter)
    client.force_login(reporter)
    response = client.get(reverse(CHANGELIST))
    actions = [value for value, _ in response.context["action_form"].fields["action"].choices]
    assert "submit_for_review_action" in actions
    assert not {"publish_action", "schedule_action", "unpublish_action"} & set(actions)
    assert "Recover deleted" not in response.content.decode()
    assert client.get(reverse("admin:stories_story_recoverlist")).status_code == 403


def test_changelist_shows_state_scheduled_time_and_last_editor(editor_client, editor):
    later = timezone.now() + timedelta(days=2)
    StoryFactory(headline="Tomorrow's budget", published_at=later, updated_by=editor)
    StoryFactory(headline="Embargoed report", embargo_until=later)
    content = editor_client.get(reverse(CHANGELIST)).content.decode()
    assert "Scheduled" in content and "Published · embargoed" in content
    assert "ed" in content


def test_every_state_change_is_in_the_audit_trail(editor_client, editor):
    story = draft(status=Story.Status.REVIEW)
    publish(editor_client, story)
    unpublish(editor_client, story)
    actions = list(StoryEvent.objects.filter(story=story).values_list("action", "user__username"))
    assert actions == [("unpublished", "ed"), ("published", "ed")]
    page = editor_client.get(reverse("admin:stories_storyevent_changelist")).content.decode()
    assert "Unpublished" in page and story.headline in page


def test_workflow_page_offers_each_role_only_what_it_may_do(client, editor, reporter):
    story = draft(created_by=reporter)
    url = reverse("admin:stories_story_workflow", args=[story.pk])
    client.force_login(reporter)
    page = client.get(url).content.decode()
    assert "Submit for review" in page
    assert "Publish now" not in page and 'value="schedule"' not in page
    client.force_login(editor)
    page = client.get(url).content.decode()
    assert "Publish now" in page and 'value="schedule"' in page and "Share link" in page


def test_workflow_page_offers_archive_only_for_a_story_whose_time_has_come(editor_client):
    """A scheduled story cannot be archived (publishing.archive refuses): no button for it."""
    scheduled = StoryFactory(published_at=timezone.now() + timedelta(days=1))
    live = StoryFactory()
    page = editor_client.get(reverse("admin:stories_story_workflow", args=[scheduled.pk]))
    assert 'value="unpublish"' in page.content.decode()
    assert 'value="archive"' not in page.content.decode()
    page = editor_client.get(reverse("admin:stories_story_workflow", args=[live.pk]))
    assert 'value="archive"' in page.content.decode()


def test_history_and_workflow_pages_load_for_editors(editor_client):
    story = StoryFactory()
    for name in ["history", "workflow", "change"]:
        url = reverse(f"admin:stories_story_{name}", args=[story.pk])
        assert editor_client.get(url).status_code == 200, url


def test_anonymous_requests_to_the_workflow_change_nothing(client):
    story = draft(status=Story.Status.REVIEW)
    before = state(story)
    for response in (
        client.post(
            reverse("admin:stories_story_workflow", args=[story.pk]), {"action": "publish"}
        ),
        publish(client, story),
        correct(client, StoryFactory()),
    ):
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert state(story) == before and not Correction.objects.exists()


def test_changelist_query_count_does_not_grow_with_stories(editor_client, editor):
    def bylined_stories(size):
        author = AuthorFactory()
        for _ in range(size):
            StoryFactory(authors=[author], updated_by=editor, tags=["Budget"])

    # session, user, permissions, one count (never the whole table beside it), rows,
    # bylines with their authors' names, filter choices: fixed, not per row
    assert_query_budget(
        build=bylined_stories, act=lambda _: editor_client.get(reverse(CHANGELIST)), budget=11
    )

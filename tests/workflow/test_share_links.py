"""Share links as the newsroom and an outside reviewer meet them: made on the Workflow
page, opened without an account, listed, revoked, expired, cleaned up."""

import re
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core import signing
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from stories.models import SHARE_LINK_LIFETIME, ShareLink, Story, StoryEvent
from stories.sharing import create_share_link
from tests.factories import AuthorFactory, StoryFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def draft(reporter):
    return StoryFactory(
        headline="Council secretly weighs tax",
        body="<p>The draft's confidential paragraph.</p>",
        status=Story.Status.DRAFT,
        published_at=None,
        created_by=reporter,
    )


def workflow_url(story):
    return reverse("admin:stories_story_workflow", args=[story.pk])


def make_link(client, story) -> str:
    """Press "Create a share link" and return the link the message hands out."""
    response = client.post(workflow_url(story), {"action": "share"}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    match = re.search(r"Share link created: (http://testserver/preview/shared/[\w-]+/)", page)
    assert match, page[:2000]
    return match.group(1)


def reviewer_opens(url):
    """An outside reviewer: a fresh browser, no account, no cookies."""
    return Client().get(url)


def test_an_editor_makes_a_link_an_outsider_opens_without_an_account(editor_client, draft):
    url = make_link(editor_client, draft)

    response = reviewer_opens(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Council secretly weighs tax" in page and "confidential paragraph" in page
    assert "Preview — Draft" in page
    # Never in a search engine, never in a shared cache.
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert ShareLink.objects.get().last_used_at == NOW


def test_the_workflow_page_lists_links_with_who_when_and_a_revoke_button(editor_client, draft):
    url = make_link(editor_client, draft)
    page = editor_client.get(workflow_url(draft)).content.decode()
    link = ShareLink.objects.get()
    assert f'value="{url}"' in page
    assert "ed" in page  # who made it
    assert 'value="revoke_share"' in page and f'name="link" value="{link.pk}"' in page
    expires = NOW + SHARE_LINK_LIFETIME
    assert link.expires_at == expires
    # The audit trail on the same page says who made a link and until when it works.
    assert "Share link created" in page
    assert StoryEvent.objects.filter(action="shared", story=draft, user__username="ed").exists()


def test_a_revoked_link_says_so_and_never_shows_the_draft(editor_client, draft):
    url = make_link(editor_client, draft)
    link = ShareLink.objects.get()
    response = editor_client.post(
        workflow_url(draft), {"action": "revoke_share", "link": link.pk}, follow=True
    )
    assert "Share link revoked" in response.content.decode()

    answer = reviewer_opens(url)
    page = answer.content.decode()
    assert answer.status_code == 410
    assert "This preview link was revoked" in page
    assert "Council secretly weighs tax" not in page and "confidential paragraph" not in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert "no-store" in answer["Cache-Control"]
    event = StoryEvent.objects.get(action="share_revoked")
    assert (event.story, event.user.username) == (draft, "ed")
    # The list keeps it, marked revoked, with no button.
    listing = editor_client.get(workflow_url(draft)).content.decode()
    assert "Revoked by ed" in listing and 'value="revoke_share"' not in listing


def test_revoking_twice_says_it_was_already_revoked_and_records_once(editor_client, draft):
    make_link(editor_client, draft)
    link = ShareLink.objects.get()
    data = {"action": "revoke_share", "link": link.pk}
    editor_client.post(workflow_url(draft), data)
    response = editor_client.post(workflow_url(draft), data, follow=True)
    assert "already revoked" in response.content.decode()
    assert StoryEvent.objects.filter(action="share_revoked").count() == 1


def test_a_link_works_until_it_expires_then_says_it_expired(editor_client, draft):
    url = make_link(editor_client, draft)
    with time_machine.travel(NOW + SHARE_LINK_LIFETIME - timedelta(minutes=1), tick=False):
        assert reviewer_opens(url).status_code == 200
    with time_machine.travel(NOW + SHARE_LINK_LIFETIME, tick=False):
        answer = reviewer_opens(url)
        page = answer.content.decode()
        listing = editor_client.get(workflow_url(draft)).content.decode()
    assert answer.status_code == 410
    assert "This preview link has expired" in page and "confidential paragraph" not in page
    assert "Expired" in listing and 'value="revoke_share"' not in listing


def test_an_unknown_or_old_signed_link_answers_a_page_saying_it_does_not_work(draft):
    # The signed links made before share links were rows stop working at the deploy.
    old = signing.TimestampSigner(salt="stories.preview").sign(str(draft.pk))
    for token in [old, "not-a-link", "x" * 300]:
        answer = reviewer_opens(reverse("stories:shared_preview", args=[token]))
        page = answer.content.decode()
        assert answer.status_code == 404
        assert "This preview link does not work" in page
        assert "Council secretly weighs tax" not in page


def test_deleting_the_story_deletes_its_links(editor_client, editor, draft):
    url = create_share_link(story=draft, user=editor).get_absolute_url()
    draft.delete()
    assert ShareLink.objects.count() == 0
    assert reviewer_opens(url).status_code == 404


def test_a_reporter_shares_and_revokes_links_on_their_own_story(client, reporter, editor, draft):
    editors_link = create_share_link(story=draft, user=editor)
    client.force_login(reporter)
    make_link(client, draft)
    client.post(workflow_url(draft), {"action": "revoke_share", "link": editors_link.pk})
    editors_link.refresh_from_db()
    assert editors_link.revoked_by == reporter
    assert ShareLink.objects.active().count() == 1


def test_a_colleagues_draft_shows_no_share_links_and_refuses_them(client, editor, draft):
    create_share_link(story=draft, user=editor)
    colleague = UserFactory(username="otto", groups=["Reporters"])
    client.force_login(colleague)
    page = client.get(workflow_url(draft)).content.decode()
    assert "preview/shared/" not in page and 'value="share"' not in page
    link = ShareLink.objects.get()
    response = client.post(workflow_url(draft), {"action": "revoke_share", "link": link.pk})
    assert response.status_code == 403
    assert ShareLink.objects.active().count() == 1


def test_a_forged_link_id_is_a_404_not_a_500(editor_client, draft, editor):
    other = create_share_link(story=StoryFactory(), user=editor)
    for value in ["abc", "", str(other.pk)]:  # the last: another story's link
        response = editor_client.post(
            workflow_url(draft), {"action": "revoke_share", "link": value}
        )
        assert response.status_code == 404
    assert ShareLink.objects.active().count() == 1


def test_editors_list_every_share_link_and_revoke_from_the_list(editor_client, editor, draft):
    other = StoryFactory(headline="Harbor plan")
    links = [create_share_link(story=s, user=editor) for s in (draft, other)]
    changelist = reverse("admin:stories_sharelink_changelist")
    page = editor_client.get(changelist).content.decode()
    assert "Council secretly weighs tax" in page and "Harbor plan" in page
    editor_client.post(
        changelist,
        {"action": "revoke_action", "_selected_action": [str(links[0].pk)], "index": "0"},
    )
    assert [link.pk for link in ShareLink.objects.active()] == [links[1].pk]
    active = editor_client.get(changelist, {"state": "active"}).content.decode()
    assert "Harbor plan" in active and "Council secretly weighs tax" not in active
    revoked = editor_client.get(changelist, {"state": "revoked"}).content.decode()
    assert "Council secretly weighs tax" in revoked and "Harbor plan" not in revoked
    assert StoryEvent.objects.filter(action="share_revoked", story=draft).count() == 1


def test_reporters_have_no_share_link_list(client, reporter):
    client.force_login(reporter)
    assert client.get(reverse("admin:stories_sharelink_changelist")).status_code == 403
    assert "sharelink" not in client.get(reverse("admin:index")).content.decode()


def test_the_cleanup_command_deletes_expired_links_only(editor, draft):
    fresh = create_share_link(story=draft, user=editor)
    with time_machine.travel(NOW - SHARE_LINK_LIFETIME - timedelta(hours=1), tick=False):
        create_share_link(story=draft, user=editor)
    revoked_and_expired = ShareLink.objects.create(
        story=draft, expires_at=NOW - timedelta(seconds=1), revoked_at=NOW - timedelta(hours=2)
    )
    out = StringIO()
    call_command("delete_expired_share_links", "--dry-run", stdout=out)
    assert "Would delete 2 expired share link(s)." in out.getvalue()
    assert ShareLink.objects.count() == 3

    call_command("delete_expired_share_links", stdout=out)
    assert "Deleted 2 expired share link(s)." in out.getvalue()
    assert list(ShareLink.objects.all()) == [fresh]
    assert not ShareLink.objects.filter(pk=revoked_and_expired.pk).exists()
    # The audit trail keeps the record of both links made.
    assert StoryEvent.objects.filter(action="shared").count() == 2


def test_the_workflow_page_and_the_list_cost_the_same_queries_for_3_or_30_links(
    editor_client, editor
):
    from tests.query_budget import assert_queries_do_not_grow

    def story_with_links(size):
        story = StoryFactory(status=Story.Status.DRAFT, published_at=None)
        for number in range(size):
            maker = UserFactory(username=f"maker{number}", groups=["Editors"])
            link = create_share_link(story=story, user=maker)
            if number % 2:
                ShareLink.objects.filter(pk=link.pk).update(revoked_at=NOW, revoked_by=maker)
        return story

    assert_queries_do_not_grow(
        build=story_with_links, act=lambda story: editor_client.get(workflow_url(story))
    )
    assert_queries_do_not_grow(
        build=story_with_links,
        act=lambda story: editor_client.get(reverse("admin:stories_sharelink_changelist")),
    )


def test_a_share_link_preview_costs_a_fixed_number_of_queries(editor):
    """The link, the note of its use, then the 10 of every preview: the story with its
    section, bylines, tags, corrections, the navigation, quotes, mentioned sources, races
    and the related stories (the first tag's newest, then the section's). More bylines or
    more links to the story cost nothing more."""
    from tests.query_budget import assert_query_budget

    def draft_with_bylines_and_links(size):
        story = StoryFactory(status=Story.Status.DRAFT, published_at=None, tags=["Port"])
        for number in range(size):
            story.bylines.create(author=AuthorFactory(), position=number)
            create_share_link(story=story, user=editor)
        return create_share_link(story=story, user=editor).get_absolute_url()

    assert_query_budget(
        build=draft_with_bylines_and_links, act=lambda url: Client().get(url), budget=12
    )


def test_an_editor_deletes_a_story_with_share_links_in_the_admin(editor_client, editor, draft):
    link = create_share_link(story=draft, user=editor)
    url = reverse("admin:stories_story_delete", args=[draft.pk])
    assert editor_client.post(url, {"post": "yes"}).status_code == 302
    assert not Story.objects.filter(pk=draft.pk).exists()
    assert reviewer_opens(link.get_absolute_url()).status_code == 404


def test_a_link_is_never_deleted_on_its_own_in_the_admin(editor_client, editor, draft):
    link = create_share_link(story=draft, user=editor)
    page = editor_client.get(reverse("admin:stories_sharelink_change", args=[link.pk]))
    assert page.status_code == 200 and "deletelink" not in page.content.decode()
    delete = reverse("admin:stories_sharelink_delete", args=[link.pk])
    assert editor_client.post(delete, {"post": "yes"}).status_code == 403
    assert ShareLink.objects.filter(pk=link.pk).exists()


def change_page(client, story) -> str:
    response = client.get(reverse("admin:stories_story_change", args=[story.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_story_form_says_which_share_links_still_open_the_preview(editor, draft, client):
    client.force_login(editor)
    assert "story-share-links" not in change_page(client, draft)
    live = create_share_link(story=draft, user=editor)
    revoked = create_share_link(story=draft, user=editor)
    ShareLink.objects.filter(pk=revoked.pk).update(revoked_at=NOW, revoked_by=editor)
    ShareLink.objects.create(
        story=draft, created_by=editor, created_at=NOW - timedelta(days=3), expires_at=NOW
    )

    page = change_page(client, draft)

    box = re.search(r'<div class="story-share-links".*?</div>', page, re.DOTALL).group(0)
    assert "1 share link can open this story's preview outside the newsroom" in box
    assert box.count("<li>") == 1 and "made by ed" in box and "never opened" in box
    assert workflow_url(draft) in box
    # The token is the link itself: it is handed out on the Workflow page only.
    assert live.token not in page


def test_a_reporter_sees_the_links_to_their_own_story_only(reporter, editor, draft, client):
    someone_elses = StoryFactory(status=Story.Status.DRAFT, published_at=None)
    create_share_link(story=someone_elses, user=editor)
    create_share_link(story=draft, user=editor)  # the reporter's own story
    client.force_login(reporter)
    assert "1 share link can open" in change_page(client, draft)
    response = client.get(reverse("admin:stories_story_change", args=[someone_elses.pk]))
    assert "story-share-links" not in response.content.decode()

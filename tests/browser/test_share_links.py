"""A share link in Chromium: an editor makes one on the Workflow page, an outside reviewer
opens it in a browser of their own, the editor revokes it and the link stops working."""

import pytest
from django.urls import reverse

from stories.models import Story
from tests.browser.test_story_editor import editor_user, log_in
from tests.factories import StoryFactory

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_an_editor_shares_a_draft_then_revokes_the_link(page, browser, live_server):
    story = StoryFactory(
        headline="Port deal nears approval",
        body="<p>Draft paragraph for the lawyers.</p>",
        status=Story.Status.DRAFT,
        published_at=None,
    )
    log_in(page, live_server, editor_user("ed", "Ed"))
    workflow = live_server.url + reverse("admin:stories_story_workflow", args=[story.pk])
    page.goto(workflow)
    with page.expect_navigation():  # the POST, then the page again with the new link
        page.get_by_role("button", name="Create a share link").click()
    link = page.locator("table.share-links input[readonly]").first.input_value()
    assert "/preview/shared/" in link
    # Whoever edits the story sees that a link is out, and goes to the Workflow page from it.
    change = live_server.url + reverse("admin:stories_story_change", args=[story.pk])
    page.goto(change)
    note = page.locator(".story-share-links")
    assert "1 share link can open this story's preview" in note.inner_text()
    note.get_by_role("link", name="Copy or revoke them on the Workflow page").click()
    page.wait_for_url(workflow)

    # The reviewer: a fresh browser context, no cookies, no account.
    reviewer = browser.new_context()
    try:
        outside = reviewer.new_page()
        outside.goto(link)
        assert outside.locator("h1").inner_text() == "Port deal nears approval"
        assert "Draft paragraph for the lawyers." in outside.content()

        page.goto(workflow)
        with page.expect_navigation():
            page.locator("table.share-links").get_by_role("button", name="Revoke").click()
        assert "Share link revoked" in page.locator(".messagelist").inner_text()
        assert "Revoked by ed" in page.locator("table.share-links").inner_text()
        page.goto(change)
        assert page.locator(".story-share-links").count() == 0

        answer = outside.goto(link)
        assert answer.status == 410
        assert outside.locator("h1").inner_text() == "This preview link was revoked"
        assert "Draft paragraph" not in outside.content()
    finally:
        reviewer.close()

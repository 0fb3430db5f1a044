"""The story change list in Chromium: rows drawn by stories.admin.list_rows still select,
act and link as Django's did, pass axe, and are valid HTML."""

import pytest
from django.urls import reverse

from tests.browser.test_accessibility import describe, record_problems
from tests.browser.test_html_validity import vnu_errors
from tests.browser.test_story_editor import axe_violations, editor_user, log_in
from tests.factories import AuthorFactory, ImageFactory, SourceFactory, StoryFactory

pytestmark = pytest.mark.browser

CHANGELIST = reverse("admin:stories_story_changelist")


@pytest.fixture
def stories(db):
    author = AuthorFactory(name="Ana Reyes")
    return [
        StoryFactory(headline=f"Council story {n} & <more>", authors=[author]) for n in range(3)
    ]


@pytest.mark.django_db(transaction=True)
def test_an_editor_selects_rows_and_opens_a_story_from_the_list(page, live_server, stories):
    log_in(page, live_server, editor_user("ed", "Ed"))
    problems = record_problems(page)
    page.goto(live_server.url + CHANGELIST + "?status__exact=published")
    counter = page.locator(".action-counter")
    assert counter.inner_text() == "0 of 3 selected"

    page.check(f"input.action-select[value='{stories[0].pk}']")
    assert counter.inner_text() == "1 of 3 selected"
    # Django's actions.js marks the row, which only works on the row's own checkbox.
    assert page.locator("#result_list tbody tr.selected").count() == 1
    page.check("#action-toggle")
    assert counter.inner_text() == "3 of 3 selected"
    assert page.locator("#result_list tbody tr.selected").count() == 3

    # The whole page: the rows, their checkboxes and the actions, and Django's search box
    # and filters (labelled and sized by templates/admin/search_form.html, admin-a11y.css).
    violations = axe_violations(page)
    assert not violations, f"axe on the story list:\n{describe(violations)}"

    page.click(f"th.field-headline a:text-is('{stories[1].headline}')")
    page.wait_for_url(f"**/{stories[1].pk}/change/**")
    # The story's page leads back to the same filtered list.
    assert "_changelist_filters=status__exact%3Dpublished" in page.url
    assert problems == []


@pytest.mark.django_db
def test_the_story_list_is_valid_html(admin_client, stories, tmp_path):
    html = admin_client.get(CHANGELIST, {"q": "council"}).content.decode()
    assert "Council story 2 &amp; &lt;more&gt;" in html
    assert vnu_errors({"story-list": html}, tmp_path) == {}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "changelist", ["admin:media_image_changelist", "admin:sources_source_changelist"]
)
def test_the_library_and_source_lists_pass_axe(page, live_server, changelist):
    """Django's own lists with their search box and filters, as editors use them daily."""
    ImageFactory(alt_text="The council chamber")
    SourceFactory(name="Ana Reyes")
    log_in(page, live_server, editor_user("ed", "Ed"))
    page.goto(live_server.url + reverse(changelist))
    page.wait_for_selector("#changelist-filter")
    violations = axe_violations(page)
    assert not violations, f"axe on {changelist}:\n{describe(violations)}"

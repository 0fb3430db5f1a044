"""The search and social headline and description: what search engines and link previews
show, where editors type them, and everything that carries a story's text."""

import json
import re

import pytest
import reversion
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Version

from newsroom.search import search_stories
from stories.checks import failing, prepublish_checks
from stories.models import Story, StoryProposal
from tests.admin_forms import form_data
from tests.factories import StoryFactory, publishable_story

pytestmark = pytest.mark.django_db

JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def head(response) -> dict:
    """What a search engine or a social network reads from the page's head."""
    page = response.content.decode()

    def meta(attribute, name):
        match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', page)
        return match and match[1]

    [article] = [json.loads(block) for block in JSONLD.findall(page)]
    return {
        "title": re.search(r"<title>(.*?)</title>", page, re.S)[1],
        "description": meta("name", "description"),
        "og:title": meta("property", "og:title"),
        "og:description": meta("property", "og:description"),
        "twitter:title": meta("name", "twitter:title"),
        "twitter:description": meta("name", "twitter:description"),
        "jsonld": article,
        "h1": re.search(r'<h1 id="story-headline">(.*?)</h1>', page)[1],
    }


def test_search_and_social_show_the_seo_title_and_description(client):
    story = StoryFactory(
        headline="After 14 hours and three recesses, council passes the budget at last",
        dek="A 12-3 vote.",
        seo_title="Council passes LA budget",
        seo_description="What the $13 billion plan funds.",
    )
    seen = head(client.get(story.get_absolute_url()))
    assert seen["title"] == "Council passes LA budget — Newsroom"
    assert seen["og:title"] == seen["twitter:title"] == "Council passes LA budget"
    assert seen["description"] == seen["og:description"] == "What the $13 billion plan funds."
    assert seen["twitter:description"] == "What the $13 billion plan funds."
    assert seen["jsonld"]["headline"] == "Council passes LA budget"
    assert seen["jsonld"]["description"] == "What the $13 billion plan funds."
    assert seen["jsonld"]["alternativeHeadline"] == story.headline
    # Readers of the page still read the headline the desk wrote for them.
    assert seen["h1"] == story.headline


def test_without_them_the_headline_and_dek_stand_in(client):
    story = StoryFactory(headline="Council passes budget", dek="A 12-3 vote.")
    seen = head(client.get(story.get_absolute_url()))
    assert seen["title"] == "Council passes budget — Newsroom"
    assert seen["og:title"] == seen["jsonld"]["headline"] == "Council passes budget"
    assert seen["description"] == seen["jsonld"]["description"] == "A 12-3 vote."
    assert "alternativeHeadline" not in seen["jsonld"]


def test_hostile_seo_text_is_escaped_in_every_tag(client):
    story = StoryFactory(seo_title='"><script>alert(1)</script>', seo_description="</script><!--&")
    page = client.get(story.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page and "</script><!--" not in page
    assert head(client.get(story.get_absolute_url()))["jsonld"]["description"] == "</script><!--&"


def test_the_length_warning_judges_the_title_search_results_show():
    long = "After 14 hours and three recesses, the council finally passes the city budget"
    assert len(long) > 70
    with_seo = publishable_story(headline=long, seo_title="Council passes LA budget")
    assert "headline_length" not in {c.code for c in failing(prepublish_checks(with_seo))}

    short = publishable_story(headline="Budget passes", seo_title=long)
    [warning] = [c for c in failing(prepublish_checks(short)) if c.code == "headline_length"]
    assert warning.problem.startswith("the search and social headline is 77 characters")


def test_the_form_has_a_collapsed_search_and_social_fieldset_saving_them(editor_client):
    story = StoryFactory()
    url = reverse("admin:stories_story_change", args=[story.pk])
    page = editor_client.get(url).content.decode()
    fieldset = page[page.index("Search and social") - 300 : page.index("Search and social")]
    assert "collapse" in fieldset
    assert "Shown in search results, the browser tab and link previews" in page
    assert 'maxlength="110"' in page
    data = form_data(
        editor_client.get(url), seo_title="Short title", seo_description="Short summary."
    )
    assert editor_client.post(url, data).status_code == 302
    story.refresh_from_db()
    assert (story.seo_title, story.seo_description) == ("Short title", "Short summary.")


def test_history_compares_the_seo_fields_too(editor_client):
    story = StoryFactory(seo_title="Old search title")
    with reversion.create_revision():
        reversion.add_to_revision(story)
    url = reverse("admin:stories_story_change", args=[story.pk])
    editor_client.post(url, form_data(editor_client.get(url), seo_title="New search title"))
    newest, oldest = Version.objects.get_for_object(story)[:2]
    page = editor_client.get(
        reverse("admin:stories_story_compare", args=[story.pk]),
        {"from": oldest.pk, "to": newest.pk},
    ).content.decode()
    assert "<h3>Search and social headline</h3>" in page
    assert "- Old search title" in page and "+ New search title" in page


def test_a_reporter_proposes_an_seo_title_for_a_published_story(client, reporter, editor):
    story = StoryFactory(headline="Council votes", created_by=reporter)
    client.force_login(reporter)
    url = reverse("admin:stories_story_propose", args=[story.pk])
    data = form_data(client.get(url), form_id="proposal_form", seo_title="Council vote: 12-3")
    assert client.post(url, data).status_code == 302
    assert StoryProposal.objects.get().seo_title == "Council vote: 12-3"

    client.force_login(editor)
    workflow = reverse("admin:stories_story_workflow", args=[story.pk])
    assert "+ Council vote: 12-3" in client.get(workflow).content.decode()
    client.post(workflow, {"proposal": StoryProposal.objects.get().pk, "action": "apply"})
    story.refresh_from_db()
    assert story.seo_title == "Council vote: 12-3"


@pytest.mark.django_db(transaction=True)
def test_migrating_through_0017_rebuilds_no_story_table_and_search_still_works():
    """A rebuild copies every row (slow at 100,000 stories): 0017 must be plain ADD COLUMNs."""
    StoryFactory(headline="Harbor dredging begins", seo_title="Dredging starts")
    # Back to the migration just before 0017 (0013-0016 rebuild the table themselves).
    call_command("migrate", "stories", "0016", verbosity=0)
    with CaptureQueriesContext(connection) as queries:
        call_command("migrate", verbosity=0)
    sql = [q["sql"] for q in queries]
    assert any('ADD COLUMN "seo_title"' in statement for statement in sql)
    assert not [s for s in sql if 'CREATE TABLE "new__stories_story"' in s]
    assert [s.headline for s in search_stories(["dredging"])] == ["Harbor dredging begins"]
    StoryFactory(headline="Dredging paused")
    assert len(search_stories(["dredging"])) == 2
    # Migrating back dropped the columns, and what they held: forward again, they are empty.
    assert Story.objects.get(headline="Harbor dredging begins").seo_title == ""

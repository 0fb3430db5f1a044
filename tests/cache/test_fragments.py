"""Boxes and navigation kept in the fragment cache change with the first render after any
committed change that could alter them, and never show a draft or a confidential source.

The page cache stays off here (tests/conftest.py), so every request renders the page and
what a test sees is the fragment cache's doing.
"""

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from elections.models import Race
from elections.results import call_race
from newsroom.cache import fragments
from sources.models import Source
from stories import publishing
from stories.models import Story
from tests.elections.factories import CandidacyFactory, ContestFactory, RaceFactory
from tests.factories import (
    QuoteFactory,
    SectionFactory,
    SourceFactory,
    StoryFactory,
    publishable_story,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def fragment_cache(settings):
    settings.NEWSROOM_FRAGMENT_CACHE = True
    return fragments.fragment_cache()


def box(html: str, css_class: str) -> str:
    """The <aside class="css_class"> of a page, or "" when the page has none."""
    found = re.search(rf'<aside class="{css_class}".*?</aside>', html, re.DOTALL)
    return found.group(0) if found else ""


def navigation(html: str) -> str:
    return re.search(r'<nav class="site-nav site-nav--bar".*?</nav>', html, re.DOTALL).group(0)


def render(client, url) -> tuple[str, list[str]]:
    """The page's HTML and the SQL it ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in queries]


def test_a_second_render_reads_the_boxes_and_navigation_from_the_cache(
    client, seed, fragment_cache
):
    url = seed.get_absolute_url()
    first, first_sql = render(client, url)
    second, second_sql = render(client, url)
    assert second == first
    # The story's row, the head, the article, the boxes and the navigation are all kept.
    assert first_sql
    assert second_sql == []


def test_a_kept_story_row_leaves_with_unpublishing(client, editor, seed, fragment_cache, commit):
    url = seed.get_absolute_url()
    assert client.get(url).status_code == 200
    with commit():
        publishing.unpublish(story=Story.objects.get(pk=seed.pk), user=editor)
    assert client.get(url).status_code == 404


def test_a_kept_story_row_shows_an_edit_at_once(client, seed, fragment_cache, commit):
    url = seed.get_absolute_url()
    client.get(url)
    with commit():
        Story.objects.filter(pk=seed.pk).update(seo_title="A title for search engines")
    assert "<title>A title for search engines" in client.get(url).content.decode()


def test_a_scheduled_story_is_not_found_until_its_time(client, fragment_cache, commit):
    at = timezone.now() + timedelta(minutes=10)
    with commit():
        story = StoryFactory(headline="Rain is coming", published_at=at)
    url = story.get_absolute_url()
    assert client.get(url).status_code == 404
    assert client.get(url).status_code == 404
    with time_machine.travel(at + timedelta(seconds=1)):
        assert "Rain is coming" in client.get(url).content.decode()


def test_the_navigation_marks_the_current_page_on_every_kind_of_page(client, seed, fragment_cache):
    other = SectionFactory(name="Weather")
    for _ in range(2):  # the second time from the cache
        elections = navigation(client.get(reverse("elections:index")).content.decode())
        assert re.search(r'href="/elections/" aria-current="page"', elections)
        section = navigation(client.get(other.get_absolute_url()).content.decode())
        assert re.search(rf'href="{other.get_absolute_url()}" aria-current="page"', section)
        assert 'href="/elections/" aria-current' not in section
        story = navigation(client.get(seed.get_absolute_url()).content.decode())
        assert "aria-current" not in story


def test_a_correction_and_a_headline_change_reach_the_article_and_the_head(
    client, seed, fragment_cache, commit
):
    url = seed.get_absolute_url()
    client.get(url)
    with commit():
        Story.objects.filter(pk=seed.pk).update(headline="A headline changed with update()")
        seed.corrections.create(kind="correction", text="An earlier version misspelt a name.")
    page = client.get(url).content.decode()
    head, article = page.split("</head>")
    assert '<meta property="og:title" content="A headline changed with update()">' in head
    assert "An earlier version misspelt a name." in head  # the JSON-LD
    assert "An earlier version misspelt a name." in article


def test_the_head_is_kept_per_host_for_its_absolute_addresses(client, seed, fragment_cache):
    url = seed.get_absolute_url()
    assert f'content="http://localhost{url}"' in client.get(url, HTTP_HOST="localhost").text
    page = client.get(url, HTTP_HOST="127.0.0.1").text
    assert f'content="http://127.0.0.1{url}"' in page
    assert "localhost" not in page


def test_a_cached_box_still_names_what_it_shows_in_surrogate_keys(client, seed, fragment_cache):
    url = seed.get_absolute_url()
    first = set(client.get(url)["Surrogate-Key"].split())
    second = set(client.get(url)["Surrogate-Key"].split())
    assert second == first
    races = {f"race-{pk}" for pk in seed.races.values_list("pk", flat=True)}
    sources = {f"source-{q.source_id}" for q in seed.quotes.filter(source__confidential=False)}
    assert races and sources and races | sources <= second


def test_a_source_made_confidential_leaves_the_people_box_at_once(client, fragment_cache, commit):
    quote = QuoteFactory(source=SourceFactory(name="Dana Whistle"), attribution="a staffer")
    url = quote.story.get_absolute_url()
    assert "Dana Whistle" in box(client.get(url).content.decode(), "story-people")
    with commit():
        Source.objects.filter(pk=quote.source_id).update(confidential=True)
    people = box(client.get(url).content.decode(), "story-people")
    assert "Dana Whistle" not in people
    assert "Also quoted: a staffer" in people


def test_a_source_edit_changes_the_people_box(client, fragment_cache, commit):
    quote = QuoteFactory(source=SourceFactory(name="Lee Planner", title="planner"))
    url = quote.story.get_absolute_url()
    assert "planner" in box(client.get(url).content.decode(), "story-people")
    with commit():
        quote.source.title = "chief planner"
        quote.source.save()
    assert "chief planner" in box(client.get(url).content.decode(), "story-people")


def test_race_box_follows_edits_and_unpublishing(client, fragment_cache, commit):
    story = StoryFactory()
    race = RaceFactory(title="Race for mayor")
    story.races.add(race)
    url = story.get_absolute_url()
    assert "Race for mayor" in box(client.get(url).content.decode(), "race-box")
    with commit():
        Race.objects.filter(pk=race.pk).update(title="Race for mayor of Los Angeles")
    assert "Race for mayor of Los Angeles" in box(client.get(url).content.decode(), "race-box")
    with commit():
        Race.objects.filter(pk=race.pk).update(is_published=False)
    assert box(client.get(url).content.decode(), "race-box") == ""


def test_a_race_result_renders_the_race_box_anew(client, editor, fragment_cache, commit):
    story = StoryFactory()
    contest = ContestFactory()
    winner = CandidacyFactory(contest=contest)
    story.races.add(contest.race)
    url = story.get_absolute_url()
    client.get(url)
    with commit():
        call_race(contest=contest, winners=[winner], called_by=editor)
    _, sql = render(client, url)
    assert [query for query in sql if "elections_race" in query]


def test_a_section_rename_changes_the_navigation_of_every_page(
    client, seed, fragment_cache, commit
):
    pages = ["/", seed.get_absolute_url(), reverse("sources:list")]
    for url in pages:
        assert seed.section.name in navigation(client.get(url).content.decode())
    with commit():
        seed.section.name = "City and State"
        seed.section.save()
    for url in pages:
        assert "City and State" in navigation(client.get(url).content.decode())
    with commit():
        SectionFactory(name="Weather")
    assert "Weather" in navigation(client.get("/").content.decode())


def test_related_stories_follow_publishing_and_unpublishing(client, editor, fragment_cache, commit):
    story = StoryFactory(tags=["Water"])
    url = story.get_absolute_url()
    draft = publishable_story(headline="Reservoirs are full", tags=["Water"])
    assert "Reservoirs are full" not in client.get(url).content.decode()
    with commit():
        publishing.publish(story=draft, user=editor)
    assert "Reservoirs are full" in box(client.get(url).content.decode(), "related")
    with commit():
        publishing.unpublish(story=Story.objects.get(pk=draft.pk), user=editor)
    assert "Reservoirs are full" not in client.get(url).content.decode()


def test_a_scheduled_related_story_appears_at_its_time_without_any_write(
    client, fragment_cache, commit
):
    story = StoryFactory(tags=["Water"])
    url = story.get_absolute_url()
    at = timezone.now() + timedelta(minutes=10)
    with commit():
        # Scheduled: published, with a publication time still to come.
        StoryFactory(headline="Rain is coming", tags=["Water"], published_at=at)
    assert "Rain is coming" not in client.get(url).content.decode()
    with time_machine.travel(at + timedelta(seconds=1)):
        assert "Rain is coming" in box(client.get(url).content.decode(), "related")


def test_previews_and_editors_screens_never_fill_it(editor_client, fragment_cache):
    draft = StoryFactory(status=Story.Status.DRAFT, published_at=None, tags=["Water"])
    draft.races.add(RaceFactory())
    assert editor_client.get(reverse("stories:preview", args=[draft.pk])).status_code == 200
    assert editor_client.get(reverse("admin:index")).status_code == 200
    assert not fragment_cache._cache


def test_switched_off_it_keeps_nothing(client, seed, settings):
    settings.NEWSROOM_FRAGMENT_CACHE = False
    url = seed.get_absolute_url()
    _, first = render(client, url)
    _, second = render(client, url)
    assert len(second) == len(first) > 4
    assert not fragments.fragment_cache()._cache

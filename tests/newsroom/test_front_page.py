"""What readers see on the front page and section fronts editors arrange."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from stories.models import Story
from tests.elections.factories import RaceFactory
from tests.factories import SectionFactory, StoryFactory
from tests.newsroom.helpers import arrange

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 3, 18, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def headlines(response, css_class):
    """Headlines of the cards with `css_class`, in page order."""
    html = response.content.decode()
    found = []
    for chunk in html.split(f'class="{css_class}')[1:]:
        link_text = chunk.split('<a href="/stories/', 1)[1].split(">", 1)[1].split("</a>", 1)[0]
        found.append(link_text)
    return found


def lead_headline(response):
    return response.context["front"].lead.headline


def test_the_editors_lead_leads_even_when_newer_stories_exist(client):
    chosen = StoryFactory(headline="Chosen lead", published_at=NOW - timedelta(days=2))
    StoryFactory.create_batch(3, published_at=NOW - timedelta(hours=1))
    arrange(lead=chosen)
    response = client.get("/")
    assert lead_headline(response) == "Chosen lead"
    assert "story-card--lead" in response.content.decode()


def test_without_an_arrangement_the_newest_story_leads_and_the_page_is_never_empty(client):
    StoryFactory(headline="Older", published_at=NOW - timedelta(hours=5))
    StoryFactory(headline="Newest", published_at=NOW - timedelta(hours=1))
    response = client.get("/")
    assert lead_headline(response) == "Newest"
    assert [s.headline for s in response.context["front"].top] == ["Older"]


def test_a_scheduled_story_in_the_lead_slot_appears_when_it_goes_live(client):
    StoryFactory(headline="Fallback", published_at=NOW - timedelta(hours=1))
    scheduled = StoryFactory(headline="Polls close", published_at=NOW + timedelta(hours=2))
    arrange(lead=scheduled)
    response = client.get("/")
    assert lead_headline(response) == "Fallback"
    assert "Polls close" not in response.content.decode()
    with time_machine.travel(NOW + timedelta(hours=2, minutes=1), tick=False):
        assert lead_headline(client.get("/")) == "Polls close"


@pytest.mark.parametrize(
    "change",
    [
        {"status": Story.Status.WITHDRAWN},
        {"status": Story.Status.DRAFT},
        {"embargo_until": NOW + timedelta(days=1)},
    ],
    ids=["withdrawn", "back-to-draft", "embargoed"],
)
def test_a_story_that_is_not_live_vanishes_from_its_slot_and_the_slot_is_filled(client, change):
    StoryFactory(headline="Fallback", published_at=NOW - timedelta(hours=3))
    placed = StoryFactory(headline="Placed story", published_at=NOW - timedelta(hours=9))
    top = StoryFactory(headline="Placed top", published_at=NOW - timedelta(hours=9))
    arrange(lead=placed, top=[top])
    Story.objects.filter(pk__in=[placed.pk, top.pk]).update(**change)
    response = client.get("/")
    assert "Placed" not in response.content.decode()
    assert lead_headline(response) == "Fallback"


def test_top_stories_keep_the_editors_order_then_fill_with_the_newest(client):
    newest = StoryFactory(headline="Newest", published_at=NOW - timedelta(minutes=5))
    second = StoryFactory(headline="Second pick", published_at=NOW - timedelta(days=3))
    first = StoryFactory(headline="First pick", published_at=NOW - timedelta(days=4))
    arrange(top=[first, second])
    front = client.get("/").context["front"]
    assert front.lead == newest
    assert [s.headline for s in front.top] == ["First pick", "Second pick"]


def test_the_latest_list_does_not_repeat_stories_shown_above(client):
    StoryFactory.create_batch(8)
    response = client.get("/")
    shown = response.context["front"].story_ids
    latest = {story.pk for story in response.context["latest"]}
    assert latest and not shown & latest
    assert shown | latest == set(Story.objects.values_list("pk", flat=True))


def test_a_draft_arrangement_is_not_what_readers_see(client):
    StoryFactory(headline="Newest", published_at=NOW - timedelta(hours=1))
    arrange(lead=StoryFactory(headline="Draft lead"), live=False)
    assert lead_headline(client.get("/")) == "Newest"


def test_section_rails_show_their_newest_stories_under_the_section_name(client):
    crime, schools = SectionFactory(name="Crime"), SectionFactory(name="Schools")
    for n in range(6):
        StoryFactory(section=crime, headline=f"Crime {n}", published_at=NOW - timedelta(days=n + 1))
    StoryFactory(section=schools, headline="Schools 0", published_at=NOW - timedelta(days=1))
    lead = StoryFactory(headline="Lead")
    StoryFactory.create_batch(
        4, published_at=NOW - timedelta(hours=1)
    )  # newer than the sections' stories: they fill the top zone
    arrange(lead=lead, rails=[schools, crime])
    response = client.get("/")
    rails = response.context["front"].rails
    assert [rail.section.name for rail in rails] == ["Schools", "Crime"]
    shown_above = {lead.pk, *(s.pk for s in response.context["front"].top)}
    crime_rail = [s.headline for s in rails[1].stories]
    assert len(crime_rail) <= 4
    assert all(s.pk not in shown_above for s in rails[1].stories)
    assert crime_rail == sorted(crime_rail)  # newest first
    html = response.content.decode()
    assert (
        '<h2 id="rail-crime" class="section-heading"><a href="/sections/crime/">Crime</a></h2>'
        in html
    )


def test_the_elections_module_lists_only_published_races(client):
    StoryFactory()
    shown = RaceFactory(title="Mayor of Springfield", is_published=True)
    hidden = RaceFactory(title="Unannounced race", is_published=False)
    arrange(races=[shown, hidden])
    html = client.get("/").content.decode()
    assert f'<a href="{shown.get_absolute_url()}">Mayor of Springfield</a>' in html
    assert "Unannounced race" not in html


def test_the_breaking_banner_shows_until_it_expires(client):
    story = StoryFactory(headline="Polls close")
    arrange(
        banner_text="Polls have closed <b>now</b>",
        banner_story=story,
        banner_expires_at=NOW + timedelta(hours=1),
    )
    html = client.get("/").content.decode()
    assert 'aria-label="Breaking news"' in html
    # Escaped, and linked to the story while it is live.
    assert (
        f'<a href="{story.get_absolute_url()}">Polls have closed &lt;b&gt;now&lt;/b&gt;</a>' in html
    )
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        assert "Breaking news" not in client.get("/").content.decode()


def test_the_banner_does_not_link_to_a_story_readers_cannot_see(client):
    StoryFactory()
    scheduled = StoryFactory(slug="secret-scoop", published_at=NOW + timedelta(days=1))
    arrange(
        banner_text="Big news", banner_story=scheduled, banner_expires_at=NOW + timedelta(hours=1)
    )
    html = client.get("/").content.decode()
    assert "Big news" in html
    assert "secret-scoop" not in html


def test_cards_show_relative_times_with_a_machine_readable_time(client):
    StoryFactory(published_at=NOW - timedelta(hours=2, minutes=10))
    StoryFactory(published_at=NOW - timedelta(minutes=1, seconds=5))
    StoryFactory(published_at=NOW - timedelta(days=40))
    html = client.get("/").content.decode()
    assert '<time datetime="2026-11-03T15:50:00+0000"' not in html  # rendered in local time
    assert ">2 hours ago</time>" in html
    assert ">1 minute ago</time>" in html
    assert ">Sept. 24, 2026</time>" in html


def test_the_lead_shows_its_dek_and_top_stories_do_not(client):
    StoryFactory(dek="Top dek text.", published_at=NOW - timedelta(hours=3))
    StoryFactory(dek="Lead dek text.", published_at=NOW - timedelta(hours=1))
    html = client.get("/").content.decode()
    assert "Lead dek text." in html
    assert "Top dek text." not in html


def test_page_two_of_the_front_page_is_the_plain_list(client, settings):
    StoryFactory.create_batch(settings.NEWSROOM_STORIES_PER_PAGE + 1)
    response = client.get(reverse("front_page") + "?page=2")
    assert response.status_code == 200
    assert "front" not in response.context
    assert len(response.context["stories"]) == 1


def test_a_section_front_leads_with_the_sections_arranged_lead(client):
    section = SectionFactory(name="Crime")
    chosen = StoryFactory(section=section, headline="Chosen", published_at=NOW - timedelta(days=3))
    StoryFactory(section=section, headline="Newer", published_at=NOW - timedelta(hours=1))
    StoryFactory(headline="Another section's", published_at=NOW - timedelta(minutes=1))
    arrange(lead=chosen, section=section)
    arrange(lead=StoryFactory(headline="Front page lead"))
    response = client.get(section.get_absolute_url())
    assert lead_headline(response) == "Chosen"
    assert [s.headline for s in response.context["front"].top] == ["Newer"]
    assert "Another section" not in response.content.decode()
    assert 'aria-current="page"' in response.content.decode()


def test_a_section_front_without_an_arrangement_leads_with_its_newest_story(client):
    section = SectionFactory(name="Crime")
    StoryFactory(section=section, headline="Old", published_at=NOW - timedelta(days=3))
    StoryFactory(section=section, headline="New", published_at=NOW - timedelta(hours=1))
    response = client.get(section.get_absolute_url())
    assert lead_headline(response) == "New"
    assert client.get("/sections/no-such-section/").status_code == 404

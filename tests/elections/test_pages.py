"""Public election pages: the index, race pages and the race box on story pages."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from elections.models import Candidacy, ContestTally
from stories.models import Story
from tests.elections.factories import (
    CandidacyFactory,
    ContestFactory,
    ElectionFactory,
    EndorsementFactory,
    RaceFactory,
    SourceFactory,
)
from tests.factories import StoryFactory

pytestmark = pytest.mark.django_db


def text(response):
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_seed_race_page_shows_finalists_endorsements_key_dates_and_coverage(client, seed):
    page = text(client.get("/elections/la-mayor-2022/"))
    assert "Mayor of Los Angeles" in page and "Nonpartisan office" in page
    # Both stages with their dates.
    assert "Top-two primary" in page and "June 7, 2022" in page
    assert "General election" in page and "November 8, 2022" in page
    # Both finalists advanced from the primary and link to their public profiles.
    assert page.count('href="/sources/karen-bass/"') == 2
    assert page.count('href="/sources/rick-caruso/"') == 2
    assert page.count("Advanced") == 2
    assert "Party registration: Democratic (not shown on the ballot)" in page
    # The seed's two endorsements, grouped under Bass, linked to the seed story.
    endorsements = page[page.index("Endorsements: Karen Bass") :]
    assert "Joe Biden" in endorsements and "Kamala Harris" in endorsements
    assert "President of the United States at the time" in endorsements
    assert endorsements.count(f'href="{seed.get_absolute_url()}">Our report') == 2
    assert "August 2, 2022" in endorsements
    assert "Endorsements: Rick Caruso" not in page
    # Key dates and coverage; the seed has no vote counts.
    assert "Registration deadline" in page and "Oct 24, 2022" in page
    coverage = page[page.index("Our coverage") :]
    assert seed.headline in coverage
    assert page.count("No results yet.") == 2


def test_race_page_lists_only_published_coverage(client, seed):
    race = seed.races.get()
    draft = StoryFactory(headline="Draft about the race", status=Story.Status.DRAFT)
    scheduled = StoryFactory(
        headline="Scheduled about the race", published_at=timezone.now() + datetime.timedelta(1)
    )
    race.stories.add(draft, scheduled)
    page = text(client.get(race.get_absolute_url()))
    assert seed.headline in page
    assert "Draft about the race" not in page
    assert "Scheduled about the race" not in page


def test_endorsement_reported_only_by_a_draft_links_no_story(client):
    endorsement = EndorsementFactory(source_url="https://example.org/statement")
    draft = StoryFactory(status=Story.Status.DRAFT)
    draft.reported_endorsements.add(endorsement)
    page = text(client.get(endorsement.candidacy.contest.race.get_absolute_url()))
    assert draft.get_absolute_url() not in page
    assert 'href="https://example.org/statement"' in page


def test_unpublished_race_is_a_404(client):
    race = RaceFactory(is_published=False)
    assert client.get(race.get_absolute_url()).status_code == 404
    assert client.get("/elections/no-such-race/").status_code == 404


def test_confidential_sources_never_appear_on_a_race_page(client):
    candidacy = CandidacyFactory()
    secret = SourceFactory(name="Deep Throat", slug="deep-throat", confidential=True)
    EndorsementFactory(candidacy=candidacy, endorser=secret)
    # Bypassing validation, as a bulk import might: the page must still hold.
    Candidacy.objects.create(
        contest=candidacy.contest,
        source=SourceFactory(name="Hidden Runner", confidential=True),
        ballot_name="Hidden Runner",
    )
    page = text(client.get(candidacy.contest.race.get_absolute_url()))
    assert candidacy.ballot_name in page
    assert "Deep Throat" not in page and "deep-throat" not in page
    assert "Hidden Runner" not in page


def test_results_table_derives_shares_and_marks_the_called_winner(client):
    contest = ContestFactory()
    winner = CandidacyFactory(
        contest=contest,
        votes=3,
        outcome="won",
        called_at=datetime.datetime(2022, 11, 16, 17, 5, tzinfo=datetime.UTC),
    )
    CandidacyFactory(contest=contest, votes=1, outcome="lost")
    page = text(client.get(contest.race.get_absolute_url()))
    table = page[page.index('<table class="results">') :]
    assert table.index(winner.ballot_name) < table.index("75.0%") < table.index("25.0%")
    assert "Winner" in table and "called" in table and "Nov. 16" in table
    assert 'style="width: 75.0%"' in table
    assert "No results yet" not in page


@pytest.mark.parametrize(
    ("figures", "shown", "not_shown"),
    [
        ({"precincts_total": 100}, "100 precincts in all", "0 of 100"),
        (
            {"precincts_reporting": 0, "precincts_total": 100},
            "0 of 100 precincts reporting (0.0%)",
            "",
        ),
        ({"precincts_reporting": 12}, "12 precincts reporting", " of "),
        ({"ballots_cast": 0}, "0 ballots cast", "precincts"),
        ({}, "", "precincts"),
    ],
)
def test_a_tally_with_figures_missing_shows_only_the_figures_it_has(
    client, figures, shown, not_shown
):
    """Results files often leave columns blank: the race page never prints "None"."""
    contest = ContestFactory()
    CandidacyFactory(contest=contest, votes=5)
    ContestTally.objects.create(contest=contest, updated_at=timezone.now(), **figures)
    page = text(client.get(contest.race.get_absolute_url()))
    tally = page[page.index('<p class="tally meta">') :]
    tally = tally[: tally.index("</p>")]
    assert "None" not in tally
    assert shown in tally
    if not_shown:
        assert not_shown not in tally


def test_party_on_the_ballot_is_shown_as_the_ballot_shows_it(client):
    candidacy = CandidacyFactory(party_on_ballot=True, incumbent=True, designation="Mayor")
    page = text(client.get(candidacy.contest.race.get_absolute_url()))
    assert "Democratic" in page and "Party registration" not in page
    assert "Incumbent" in page and "Ballot designation: Mayor" in page


def test_editor_typed_text_is_escaped(client):
    race = RaceFactory(dek="<script>alert(1)</script>")
    CandidacyFactory(contest=ContestFactory(race=race), display_name="<b>Bold</b>")
    content = client.get(race.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in content and "&lt;script&gt;" in content
    assert "<b>Bold</b>" not in content


def test_index_lists_upcoming_and_past_elections_with_their_races(client):
    today = timezone.localdate()
    upcoming = ContestFactory(
        election=ElectionFactory(date=today + datetime.timedelta(days=30), name="Next vote")
    )
    past = ContestFactory(election=ElectionFactory(date=datetime.date(2020, 3, 3), name="Old vote"))
    hidden = ContestFactory(race__is_published=False, race__title="Secret race")
    page = text(client.get(reverse("elections:index")))
    upcoming_part = page.split('id="past-heading"')[0]
    assert "Next vote" in upcoming_part and upcoming.race.title in upcoming_part
    # One year a page: the next election's year first, with links to the others.
    assert "Old vote" not in page
    assert 'href="?year=2020"' in page
    old_year = text(client.get(reverse("elections:index"), {"year": "2020"}))
    assert "Old vote" in old_year.split('id="past-heading"')[1] and past.race.title in old_year
    assert "Next vote" not in old_year
    assert '<link rel="canonical" href="http://testserver/elections/?year=2020">' in old_year
    for shown in (page, old_year):
        assert "Secret race" not in shown and hidden.election.name not in shown
    # A year without published races, or no year at all, is the default year's page.
    assert "Next vote" in text(client.get(reverse("elections:index"), {"year": "1999"}))


def test_story_page_shows_a_box_linking_to_its_published_races(client, seed):
    hidden = RaceFactory(is_published=False, title="Unannounced race")
    seed.races.add(hidden)
    page = text(client.get(seed.get_absolute_url()))
    box = page[page.index('class="race-box"') :]
    assert 'href="/elections/la-mayor-2022/"' in box
    assert "Unannounced race" not in page


def test_story_without_races_has_no_box(client):
    story = StoryFactory()
    assert 'class="race-box"' not in client.get(story.get_absolute_url()).content.decode()

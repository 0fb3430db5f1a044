"""Election pages cost the same number of queries whatever the number of candidates,
endorsements, key dates and stories. Each page is measured at two sizes
(tests/query_budget.py)."""

import pytest
from django.urls import reverse

from tests.elections.factories import (
    CandidacyFactory,
    ContestFactory,
    EndorsementFactory,
    KeyDateFactory,
    RaceFactory,
)
from tests.factories import StoryFactory
from tests.query_budget import assert_query_budget

pytestmark = pytest.mark.django_db

# A race costs size² endorsements: smaller sizes than the other pages.
SIZES = (2, 12)


def build(size):
    """A race with a primary and a general of `size` candidates, each endorsed `size` times."""
    race = RaceFactory()
    general = ContestFactory(race=race)
    primary = ContestFactory(
        race=race,
        election__date=general.election.date.replace(month=6),
        stage="primary_top_two",
        number_advancing=2,
        advances_to=general,
    )
    for contest in (primary, general):
        KeyDateFactory.create_batch(size, election=contest.election)
        for n in range(size):
            candidacy = CandidacyFactory(contest=contest, votes=n * 10)
            for endorsement in EndorsementFactory.create_batch(size, candidacy=candidacy):
                StoryFactory().reported_endorsements.add(endorsement)
    stories = StoryFactory.create_batch(size)
    race.stories.add(*stories)
    for other in RaceFactory.create_batch(size):
        ContestFactory(race=other)
    return race, stories[0]


def test_race_page_query_budget(client):
    # race (+office, division), contests (+election, tally, next stage), key dates,
    # candidacies (+source, party), endorsements (+endorser), their reports, coverage,
    # navigation
    responses = assert_query_budget(
        build=build,
        act=lambda data: client.get(data[0].get_absolute_url()),
        budget=8,
        sizes=SIZES,
    )
    candidates = [r.content.decode().count('class="candidate"') for r in responses]
    assert candidates == [2 * n for n in SIZES]


def test_elections_index_query_budget(client):
    # the years with published races, that year's elections (+division), their published
    # contests (+race, office), navigation
    assert_query_budget(
        build=build, act=lambda _: client.get(reverse("elections:index")), budget=4, sizes=SIZES
    )


def story_covering_races(size):
    _, story = build(size)
    story.races.add(*RaceFactory.create_batch(size))
    return story


def test_story_page_with_races_query_budget(client):
    # the first render after a change (no fragment cached): story, bylines, tags, quotes,
    # mentioned sources, corrections, races for the box, related stories (by tag, by
    # section), navigation
    responses = assert_query_budget(
        build=story_covering_races,
        act=lambda story: client.get(story.get_absolute_url()),
        budget=10,
        sizes=SIZES,
    )
    for size, response in zip(SIZES, responses, strict=True):
        assert response.content.decode().count("/elections/") >= size

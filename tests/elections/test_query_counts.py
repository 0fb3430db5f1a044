"""Election pages cost the same number of queries whatever the number of candidates,
endorsements, key dates and stories. Each page is measured at two sizes."""

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

pytestmark = pytest.mark.django_db


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


@pytest.mark.parametrize("size", [2, 12])
def test_race_page_query_budget(client, django_assert_num_queries, size):
    race, _ = build(size)
    # race (+office, division), contests (+election, tally, next stage), key dates,
    # candidacies (+source, party), endorsements (+endorser), their reports, coverage,
    # navigation
    with django_assert_num_queries(8):
        response = client.get(race.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('class="candidate"') == 2 * size


@pytest.mark.parametrize("size", [2, 12])
def test_elections_index_query_budget(client, django_assert_num_queries, size):
    build(size)
    # elections (+division), their published contests (+race, office), navigation
    with django_assert_num_queries(3):
        response = client.get(reverse("elections:index"))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [2, 12])
def test_story_page_with_races_query_budget(client, django_assert_num_queries, size):
    _, story = build(size)
    story.races.add(*RaceFactory.create_batch(size))
    # story, bylines, tags, quotes, mentioned sources, corrections, races for the box,
    # related stories (none share a section here, so no byline/tag prefetch), navigation
    with django_assert_num_queries(9):
        response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count("/elections/") >= size

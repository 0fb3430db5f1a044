"""Election rules hold in the database (constraints) and in forms (clean)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from elections.models import Candidacy, ContestTally, Division, Endorsement
from tests.elections.factories import (
    CandidacyFactory,
    ContestFactory,
    ElectionFactory,
    EndorsementFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def refused_by_database(func):
    with pytest.raises(IntegrityError), transaction.atomic():
        func()


def test_votes_cannot_be_negative_in_the_database():
    candidacy = CandidacyFactory()
    refused_by_database(lambda: Candidacy.objects.filter(pk=candidacy.pk).update(votes=-1))


def test_precincts_reporting_cannot_exceed_the_total():
    contest = ContestFactory()
    refused_by_database(
        lambda: ContestTally.objects.create(
            contest=contest,
            precincts_reporting=101,
            precincts_total=100,
            updated_at=datetime.datetime(2022, 11, 8, 22, tzinfo=datetime.UTC),
        )
    )
    tally = ContestTally(
        contest=contest,
        precincts_reporting=101,
        precincts_total=100,
        updated_at=datetime.datetime(2022, 11, 8, 22, tzinfo=datetime.UTC),
    )
    with pytest.raises(ValidationError, match="cannot be more than the precincts in all"):
        tally.full_clean()


def test_a_contest_elects_at_least_one():
    contest = ContestFactory()
    refused_by_database(
        lambda: type(contest).objects.filter(pk=contest.pk).update(number_elected=0)
    )


def test_an_endorsement_is_unique_per_endorser_candidacy_and_stance():
    endorsement = EndorsementFactory()
    refused_by_database(
        lambda: Endorsement.objects.create(
            endorser=endorsement.endorser,
            candidacy=endorsement.candidacy,
            stance="endorse",
            announced_on=datetime.date(2022, 9, 1),
        )
    )
    # Rescinding it later is a different, explicit record.
    Endorsement.objects.create(
        endorser=endorsement.endorser,
        candidacy=endorsement.candidacy,
        stance="rescinded",
        announced_on=datetime.date(2022, 9, 1),
    )


def test_one_candidacy_per_person_per_contest():
    candidacy = CandidacyFactory()
    refused_by_database(
        lambda: Candidacy.objects.create(
            contest=candidacy.contest, source=candidacy.source, ballot_name="Other spelling"
        )
    )


def test_the_next_stage_must_come_later_and_belong_to_the_same_race():
    general = ContestFactory()
    primary = ContestFactory(
        race=general.race,
        election=ElectionFactory(date=datetime.date(2022, 12, 1)),
        number_advancing=2,
        advances_to=general,
    )
    with pytest.raises(ValidationError, match="must be after this one"):
        primary.full_clean()
    primary.election.date = datetime.date(2022, 6, 7)
    primary.election.save()
    primary.full_clean()

    primary.advances_to = ContestFactory()
    with pytest.raises(ValidationError, match="same race"):
        primary.full_clean()


def test_a_contest_that_advances_says_how_many():
    general = ContestFactory()
    primary = ContestFactory(
        race=general.race,
        election=ElectionFactory(date=datetime.date(2022, 6, 7)),
        advances_to=general,
    )
    with pytest.raises(ValidationError, match="how many candidates advance"):
        primary.full_clean()


def test_no_more_winners_than_seats():
    contest = ContestFactory()
    CandidacyFactory(contest=contest, outcome="won")
    second = CandidacyFactory.build(
        contest=contest, source=SourceFactory(), ballot_name="Second Person", outcome="won"
    )
    with pytest.raises(ValidationError, match="This contest elects 1"):
        second.full_clean()
    contest.number_elected = 2
    contest.save()
    second.full_clean()


@pytest.mark.parametrize(
    "ocd_id",
    [
        "ocd-division/country:us/state:CA",
        "ocd-division/state:ca",
        "division/country:us",
        "ocd-division/country:us/state ca",
    ],
)
def test_bad_ocd_ids_are_refused(ocd_id):
    with pytest.raises(ValidationError, match="Open Civic Data"):
        Division(name="X", ocd_id=ocd_id).full_clean()


def test_good_ocd_id_is_accepted_and_unique():
    ocd_id = "ocd-division/country:us/state:ca/place:los_angeles"
    Division(name="Los Angeles", ocd_id=ocd_id).full_clean()
    Division.objects.create(name="Los Angeles", ocd_id=ocd_id)
    refused_by_database(lambda: Division.objects.create(name="LA again", ocd_id=ocd_id))
    # Divisions without an id do not collide with each other.
    Division.objects.create(name="Unnamed A")
    Division.objects.create(name="Unnamed B")


def test_confidential_sources_cannot_be_candidates_or_endorsers():
    secret = SourceFactory(confidential=True)
    candidacy = CandidacyFactory.build(contest=ContestFactory(), source=secret, ballot_name="S")
    with pytest.raises(ValidationError, match="confidential source cannot be named as a candidate"):
        candidacy.full_clean()
    endorsement = EndorsementFactory.build(candidacy=CandidacyFactory(), endorser=secret)
    with pytest.raises(ValidationError, match="confidential source cannot be named as an endorser"):
        endorsement.full_clean()

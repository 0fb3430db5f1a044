"""Factories for the elections app: a race with one contest and two candidates in a line."""

import datetime

import factory
from django.utils.text import slugify

from elections.models import (
    Candidacy,
    Contest,
    Division,
    Election,
    Endorsement,
    KeyDate,
    Office,
    Party,
    Race,
)
from tests.factories import SourceFactory


class DivisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Division

    name = factory.Sequence(lambda n: f"City {n}")
    ocd_id = factory.Sequence(lambda n: f"ocd-division/country:us/state:ca/place:city_{n}")


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office

    name = factory.Sequence(lambda n: f"Mayor {n}")
    division = factory.SubFactory(DivisionFactory)


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party
        django_get_or_create = ["name"]

    name = "Democratic"


class ElectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Election

    name = factory.Sequence(lambda n: f"Municipal election {n}")
    date = datetime.date(2022, 11, 8)
    division = factory.SubFactory(DivisionFactory)
    kind = Election.Kind.GENERAL


class RaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Race

    office = factory.SubFactory(OfficeFactory)
    cycle = 2022
    title = factory.Sequence(lambda n: f"Race for mayor {n}")
    slug = factory.LazyAttribute(lambda r: slugify(r.title))
    dek = "Who will run the city."
    is_published = True


class ContestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contest

    race = factory.SubFactory(RaceFactory)
    election = factory.SubFactory(
        ElectionFactory, division=factory.SelfAttribute("..race.office.division")
    )
    slug = factory.Sequence(lambda n: f"contest-{n}")
    stage = Contest.Stage.GENERAL


class CandidacyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidacy

    contest = factory.SubFactory(ContestFactory)
    source = factory.SubFactory(SourceFactory)
    ballot_name = factory.LazyAttribute(lambda c: c.source.name)
    party = factory.SubFactory(PartyFactory)


class EndorsementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Endorsement

    endorser = factory.SubFactory(SourceFactory, name=factory.Sequence(lambda n: f"Endorser {n}"))
    candidacy = factory.SubFactory(CandidacyFactory)
    announced_on = datetime.date(2022, 8, 2)
    endorser_title = "Council member"


class KeyDateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyDate

    election = factory.SubFactory(ElectionFactory)
    kind = KeyDate.Kind.REGISTRATION_DEADLINE
    date = datetime.date(2022, 10, 24)
    source_name = "County registrar"

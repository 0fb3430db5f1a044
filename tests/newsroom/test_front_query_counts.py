"""Arranged fronts cost the same number of queries whatever the size of the archive."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.elections.factories import RaceFactory
from tests.factories import AuthorFactory, SectionFactory, StoryFactory
from tests.newsroom.helpers import arrange
from tests.query_budget import assert_query_budget

pytestmark = pytest.mark.django_db


def build(size):
    """Two sections of `size` stories each (two bylines, two tags), arranged fronts for both."""
    politics, crime = SectionFactory(name="Politics"), SectionFactory(name="Crime")
    SectionFactory.create_batch(size)  # navigation grows too
    authors = AuthorFactory.create_batch(2)
    stories = [
        StoryFactory(section=section, authors=authors, tags=[f"Topic {n}", "City Hall"])
        for n in range(size)
        for section in (politics, crime)
    ]
    races = [RaceFactory(is_published=True) for _ in range(2)]
    arrange(
        lead=stories[-1],
        top=stories[-4:-1],
        rails=[politics, crime],
        races=races,
        banner_text="Polls have closed",
        banner_story=stories[0],
        banner_expires_at=timezone.now() + timedelta(hours=1),
    )
    arrange(lead=stories[-2], top=stories[-6:-4:2], section=politics)
    return politics


def test_arranged_front_page_query_budget(client):
    # navigation + count + list + live arrangement (with the banner's story) + slots
    # + races + newest + rails + rail stories + bylines + tags
    responses = assert_query_budget(build=build, act=lambda _: client.get("/"), budget=11)
    for response in responses:
        front = response.context["front"]
        assert front.lead and len(front.top) == 4 and front.rails and front.banner


def test_arranged_section_front_query_budget(client):
    # section + navigation + count + list + live arrangement + slots + races + newest
    # + bylines + tags
    responses = assert_query_budget(
        build=build, act=lambda politics: client.get(politics.get_absolute_url()), budget=10
    )
    assert all(response.context["front"].lead for response in responses)

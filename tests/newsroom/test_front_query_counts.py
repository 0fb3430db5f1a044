"""Arranged fronts cost the same number of queries whatever the size of the archive."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.elections.factories import RaceFactory
from tests.factories import AuthorFactory, SectionFactory, StoryFactory
from tests.newsroom.helpers import arrange

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


@pytest.mark.parametrize("size", [3, 30])
def test_arranged_front_page_query_budget(client, django_assert_num_queries, size):
    build(size)
    # navigation + count + list + live arrangement + slots + races + newest + rails
    # + rail stories + the banner's story + bylines + tags
    with django_assert_num_queries(12):
        response = client.get("/")
    assert response.status_code == 200
    front = response.context["front"]
    assert front.lead and len(front.top) == 4 and front.rails and front.banner


@pytest.mark.parametrize("size", [3, 30])
def test_arranged_section_front_query_budget(client, django_assert_num_queries, size):
    politics = build(size)
    # section + navigation + count + list + live arrangement + slots + races + newest
    # + bylines + tags
    with django_assert_num_queries(10):
        response = client.get(politics.get_absolute_url())
    assert response.status_code == 200
    assert response.context["front"].lead

"""Every public page costs the same number of queries whatever the amount of data.

Each page is measured at two sizes; the budget is the same number at both.
"""

import pytest
from django.urls import reverse

from tests.factories import AuthorFactory, SectionFactory, StoryFactory

pytestmark = pytest.mark.django_db


def build(size):
    """`size` stories in one section, each with two bylines and three tags."""
    section = SectionFactory(name="Politics")
    SectionFactory.create_batch(size)  # navigation grows too
    authors = AuthorFactory.create_batch(2)
    stories = [
        StoryFactory(
            section=section, authors=authors, tags=["City Hall", f"Topic {n}", f"Topic {n + 1}"]
        )
        for n in range(size)
    ]
    return section, authors[0], stories


def page_urls(section, author, stories):
    return {
        # session-less anonymous reader: navigation + count + stories + bylines + tags
        # + the live arrangement + the newest stories for the lead and top zones (fronts
        # fetch bylines and tags once for the zones and the list: newsroom/fronts.py)
        "front": (reverse("front_page"), 7),
        # the same + the section
        "section": (section.get_absolute_url(), 8),
        "tag": (reverse("stories:tag", kwargs={"slug": "city-hall"}), 6),
        "author": (author.get_absolute_url(), 6),
        # story + bylines + tags + quotes with sources + mentioned sources + corrections
        # + races (the elections box), related (+ bylines + tags), navigation
        "story": (stories[0].get_absolute_url(), 11),
    }


@pytest.mark.parametrize("page", ["front", "section", "tag", "author", "story"])
@pytest.mark.parametrize("size", [3, 30])
def test_public_page_query_budget(client, django_assert_num_queries, page, size):
    urls = page_urls(*build(size))
    url, budget = urls[page]
    with django_assert_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200

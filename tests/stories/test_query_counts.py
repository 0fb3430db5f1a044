"""Every public page costs the same number of queries whatever the amount of data.

Each page is measured at two sizes; the budget is the same number at both
(tests/query_budget.py).
"""

import pytest
from django.urls import reverse

from tests.factories import AuthorFactory, SectionFactory, StoryFactory
from tests.query_budget import assert_query_budget

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


PAGES = {
    # session-less anonymous reader: navigation + count + stories + bylines + tags
    "front": (lambda section, author, stories: reverse("front_page"), 5),
    "section": (lambda section, author, stories: section.get_absolute_url(), 6),
    "tag": (lambda section, author, stories: reverse("stories:tag", args=["city-hall"]), 6),
    "author": (lambda section, author, stories: author.get_absolute_url(), 6),
    # story + bylines + tags + quotes with sources + mentioned sources + corrections
    # + races (the elections box), related (+ bylines + tags), navigation
    "story": (lambda section, author, stories: stories[0].get_absolute_url(), 11),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_public_page_query_budget(client, page):
    url, budget = PAGES[page]
    assert_query_budget(build=build, act=lambda data: client.get(url(*data)), budget=budget)

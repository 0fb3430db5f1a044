"""Every public page costs the same number of queries whatever the amount of data.

Each page is measured at two sizes; the budget is the same number at both
(tests/query_budget.py).
"""

import time

import pytest
from django.urls import reverse

from newsroom.cache import store
from tests.factories import AuthorFactory, ImageFactory, SectionFactory, StoryFactory
from tests.query_budget import assert_query_budget

pytestmark = pytest.mark.django_db


def build(size):
    """`size` stories in one section, each with its own library lead image, two bylines
    (authors with library photos) and three tags."""
    section = SectionFactory(name="Politics")
    SectionFactory.create_batch(size)  # navigation grows too
    authors = [AuthorFactory(photo=ImageFactory()) for _ in range(2)]
    stories = [
        StoryFactory(
            section=section,
            authors=authors,
            tags=["City Hall", f"Topic {n}", f"Topic {n + 1}"],
            # The image is joined to the story in the same query (select_related).
            lead_image=ImageFactory(),
        )
        for n in range(size)
    ]
    return section, authors[0], stories


PAGES = {
    # An anonymous reader's page rendered without the page cache, the navigation read from
    # the fragment cache (docs/caching.md): count + stories + bylines + tags + the live
    # arrangement + the newest stories for the lead and top zones (fronts fetch bylines and
    # tags once for the zones and the list: newsroom/fronts.py). No count: the page fetches
    # one story more than it shows to know there is an older page, reading the page's ids
    # first and then those rows (stories/paging.py).
    "front": (lambda section, author, stories: reverse("front_page"), 6),
    # the same + the section
    "section": (lambda section, author, stories: section.get_absolute_url(), 7),
    # the tag or author + the page's ids + those stories + bylines + tags
    "tag": (lambda section, author, stories: reverse("stories:tag", args=["city-hall"]), 5),
    "author": (lambda section, author, stories: author.get_absolute_url(), 5),
    # nothing: the story's row (with its section and lead image) is kept under the
    # generation like the fragments, and the head and the article (bylines, tags,
    # corrections), the people, race and related boxes come from the fragment cache
    "story": (lambda section, author, stories: stories[0].get_absolute_url(), 0),
}


@pytest.fixture
def after_a_change(settings):
    """The fragment cache on; a function that starts a new generation, as a commit does.

    Tests never commit, so the data each size builds would otherwise be shown through
    fragments cached for the previous size.
    """
    settings.NEWSROOM_FRAGMENT_CACHE = True

    def changed():
        store.bump_generation()
        # The horizon is computed once per change, not per page (conftest.py).
        store.remember_horizon(store.current_generation(), time.time() + 86400)

    return changed


@pytest.mark.parametrize("page", list(PAGES))
def test_public_page_query_budget(client, after_a_change, page):
    """A page rendered again within one generation (the page cache off, an editor's
    request, a tracking parameter) fetches only what is not in a cached fragment."""
    url, budget = PAGES[page]

    def build_and_render_once(size):
        address = url(*build(size))
        after_a_change()
        client.get(address)  # the first reader after the change fills the fragments
        return address

    assert_query_budget(build=build_and_render_once, act=client.get, budget=budget)


def test_story_page_after_a_change_query_budget(client, after_a_change):
    """The first render after a change fills every fragment, still in fixed queries."""

    def build_after_a_change(size):
        address = build(size)[2][0].get_absolute_url()
        after_a_change()
        return address

    # story with its section + bylines + tags + corrections + navigation + quotes with
    # sources + mentioned sources + races (the elections box) + related stories (the first
    # tag's newest and the section's newest, each from an index)
    assert_query_budget(build=build_after_a_change, act=client.get, budget=10)

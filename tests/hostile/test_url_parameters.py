"""Every URL parameter and path segment readers, crawlers and editors can send: a page or a
404/400, never a 500."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from tests.conftest import SEED_SLUG
from tests.hostile.helpers import assert_clear_answer
from tests.hostile.payloads import PARAMETERS

pytestmark = pytest.mark.django_db

VALUES = list(PARAMETERS.items())

QUERY_PAGES = [
    ("/", "page"),
    ("/sections/politics/", "page"),
    ("/tags/karen-bass/", "page"),
    ("/search/", "q"),
    ("/search/", "page"),
    ("/sources/", "letter"),
    ("/sources/", "page"),
    ("/corrections/", "page"),
    ("/feeds/stories/rss/", "page"),
    ("/sitemap-stories.xml", "p"),
    ("/sitemap.xml", "p"),
]
PATH_PAGES = [
    "/stories/{}/",
    "/sections/{}/",
    "/tags/{}/",
    "/authors/{}/",
    "/sources/{}/",
    "/elections/{}/",
    "/feeds/tags/{}/rss/",
    "/feeds/sections/{}/atom/",
    "/feeds/sources/{}/rss/",
    "/feeds/races/{}/rss/",
    "/sitemap-{}.xml",
    "/preview/shared/{}/",
]


# One test per page, every value inside it: loading the seed per value took minutes.
@pytest.mark.parametrize(("page", "parameter"), QUERY_PAGES)
def test_query_parameters(client, seed, page, parameter):
    for name, value in VALUES:
        response = client.get(page, {parameter: value})
        assert response.status_code < 500, (name, response.status_code)
        assert_clear_answer(response)


@pytest.mark.parametrize("pattern", PATH_PAGES)
def test_path_segments(client, seed, pattern):
    for name, value in VALUES:
        response = client.get(pattern.format(quote(value or " ", safe="%")))
        # 400: a NUL in the address is refused before any query (newsroom/request_guards.py).
        assert response.status_code in (200, 301, 302, 400, 404), (name, response.status_code)
        assert_clear_answer(response)


ADMIN_ID_PAGES = [
    "admin:stories_story_change",
    "admin:stories_story_workflow",
    "admin:stories_story_propose",
    "admin:stories_story_compare",
    "admin:stories_story_history",
    "admin:stories_story_delete",
    "admin:stories_correction_change",
    "admin:sources_source_change",
    "admin:elections_contest_change",
]


NOT_IDS = ["abc", "1.5", "-1", "9" * 30, "%00", "1%20OR%201=1", "東京"]


@pytest.mark.parametrize("url_name", ADMIN_ID_PAGES)
def test_admin_pages_with_ids_that_are_not_ids(editor_client, seed, url_name):
    for object_id in NOT_IDS:
        url = reverse(url_name, args=["0"]).replace("/0/", f"/{quote(object_id, safe='%')}/", 1)
        response = editor_client.get(url)
        assert response.status_code in (302, 400, 403, 404), (object_id, response.status_code)
        assert_clear_answer(response)


def test_revision_compare_parameters(editor_client, seed):
    url = reverse("admin:stories_story_compare", args=[seed.pk])
    for parameter in ("from", "to"):
        for name, value in VALUES:
            response = editor_client.get(url, {parameter: value})
            assert response.status_code < 500, (parameter, name)
            assert_clear_answer(response)


def test_admin_changelist_filters_search_and_ordering(editor_client, seed):
    for name, value in VALUES:
        for params in ({"q": value}, {"status__exact": value}, {"o": value}, {"p": value}):
            response = editor_client.get(reverse("admin:stories_story_changelist"), params)
            assert response.status_code < 500, (params, name)
            assert_clear_answer(response)


def test_the_seed_story_itself_still_answers(client, seed):
    assert client.get(reverse("stories:detail", args=[SEED_SLUG])).status_code == 200

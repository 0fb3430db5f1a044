"""Lists of stories say "Page N" with Newer and Older links, and never count the archive."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import StoryFactory

pytestmark = pytest.mark.django_db


def test_a_tag_page_links_older_and_newer_pages_without_counting(client, settings):
    settings.NEWSROOM_STORIES_PER_PAGE = 20
    stories = [StoryFactory(tags=["Harbor"]) for _ in range(21)]  # newest first
    with CaptureQueriesContext(connection) as queries:
        first = client.get("/tags/harbor/").content.decode()
    assert not any("COUNT(" in query["sql"].upper() for query in queries.captured_queries)
    assert "<span>Page 1</span>" in first and " of " not in first.split("<span>Page 1")[1][:10]
    assert 'rel="next" href="?page=2"' in first and 'rel="prev"' not in first
    assert stories[19].headline in first and stories[20].headline not in first

    second = client.get("/tags/harbor/", {"page": 2}).content.decode()
    assert "<span>Page 2</span>" in second
    assert 'rel="prev" href="?page=1"' in second and 'rel="next"' not in second
    assert stories[20].headline in second and stories[0].headline not in second

    assert client.get("/tags/harbor/", {"page": 3}).status_code == 404
    assert client.get("/tags/harbor/", {"page": "last"}).status_code == 404

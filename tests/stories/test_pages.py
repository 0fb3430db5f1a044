import re
from datetime import datetime

import pytest
from django.urls import reverse

from tests.factories import AuthorFactory, SectionFactory, StoryFactory

pytestmark = pytest.mark.django_db


def test_story_page_shows_the_parts_of_a_story(client):
    section = SectionFactory(name="Politics")
    first, second = AuthorFactory(name="Ana Reyes"), AuthorFactory(name="Bo Chen")
    story = StoryFactory(
        headline="Council passes the budget",
        dek="A 12-3 vote.",
        dateline="LOS ANGELES",
        credit="KABC",
        section=section,
        tags=["Budget", "City Hall"],
        authors=[first, second],
    )
    content = client.get(story.get_absolute_url()).content.decode()
    assert len(re.findall(r"<h1\b", content)) == 1
    assert "<h1" in content and "Council passes the budget</h1>" in content
    assert "A 12-3 vote." in content
    assert "LOS ANGELES (KABC) —" in content
    assert content.index("Ana Reyes") < content.index("Bo Chen")
    assert f'href="{first.get_absolute_url()}"' in content
    # HTML allows at most three digits of a second: the attribute is whole seconds.
    stamp = re.search(r'<time datetime="([^"]+)"', content).group(1)
    assert datetime.fromisoformat(stamp) == story.published_at.replace(microsecond=0)
    assert 'href="/tags/budget/"' in content and 'href="/tags/city-hall/"' in content
    assert f'href="{section.get_absolute_url()}"' in content


def test_every_page_has_title_description_canonical_and_lang(client):
    story = StoryFactory(tags=["Budget"], authors=[AuthorFactory()])
    urls = [
        reverse("front_page"),
        story.get_absolute_url(),
        story.section.get_absolute_url(),
        "/tags/budget/",
        story.authors.get().get_absolute_url(),
    ]
    for url in urls:
        content = client.get(url).content.decode()
        assert '<html lang="en">' in content, url
        assert re.search(r"<title>[^<]+</title>", content), url
        assert re.search(r'<meta name="description" content="[^"]+">', content), url
        assert f'<link rel="canonical" href="http://testserver{url}">' in content, url


def test_front_page_paginates_with_lead_story_first(client, settings):
    settings.NEWSROOM_STORIES_PER_PAGE = 20
    stories = StoryFactory.create_batch(25)  # newest first: stories[0]
    page_one = client.get("/").content.decode()
    assert "story-card--lead" in page_one
    lead = page_one.index("story-card--lead")
    assert page_one.index(stories[0].headline) > lead
    assert stories[24].headline not in page_one
    page_two = client.get("/?page=2")
    assert stories[24].headline in page_two.content.decode()
    assert "story-card--lead" not in page_two.content.decode()
    assert 'rel="canonical" href="http://testserver/?page=2"' in page_two.content.decode()
    assert client.get("/?page=99").status_code == 404


def test_navigation_lists_sections_in_order(client):
    SectionFactory(name="Sports", position=2)
    SectionFactory(name="Politics", position=1)
    content = client.get("/").content.decode()
    assert content.index(">Politics<") < content.index(">Sports<")


def test_custom_404_page(client, db):
    response = client.get("/stories/does-not-exist/")
    assert response.status_code == 404
    assert "We couldn’t find that page" in response.content.decode()


def test_custom_500_page_renders_without_a_database(client):
    from django.views.defaults import server_error

    response = server_error(client.get("/").wsgi_request)
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_health_check(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "down": [], "database": "ok", "cache": "ok"}


def test_canonical_url_keeps_only_what_chooses_the_listing(rf):
    from newsroom.context_processors import canonical_url

    request = rf.get("/sources/", {"utm_source": "x", "page": "2", "letter": "B"})
    assert canonical_url(request) == "http://testserver/sources/?letter=B&page=2"
    assert canonical_url(rf.get("/", {"page": "1", "fbclid": "y"})) == "http://testserver/"


def test_a_tracking_parameter_does_not_change_the_canonical_link(client):
    story = StoryFactory()
    content = client.get(story.get_absolute_url(), {"utm_campaign": "x"}).content.decode()
    assert f'<link rel="canonical" href="http://testserver{story.get_absolute_url()}">' in content

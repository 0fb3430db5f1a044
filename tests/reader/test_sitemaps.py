"""Sitemaps and robots.txt: valid XML listing public URLs only."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from elections.models import Race
from newsroom.sitemaps import SITEMAPS
from sources.models import Source
from stories.models import Story
from tests.factories import AuthorFactory, StoryFactory, mention
from tests.query_budget import assert_query_budget

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(response.content)  # noqa: S314 - our own output


def locations(client, url):
    return [loc.text for loc in xml(client, url).iterfind("sm:url/sm:loc", NS)]


def public_and_hidden_stories():
    author = AuthorFactory(name="Dana Wu")
    public = StoryFactory(
        headline="Bridge reopens",
        authors=[author],
        tags=["Bridges"],
        published_at=timezone.now() - timedelta(hours=1),
    )
    draft = StoryFactory(headline="Draft exposé", status="draft", tags=["Secret probe"])
    scheduled = StoryFactory(
        headline="Embargoed report",
        published_at=timezone.now() + timedelta(days=1),
        tags=["Embargoed topic"],
        authors=[AuthorFactory(name="Only Scheduled")],
    )
    return public, draft, scheduled


def test_sitemap_index_lists_every_sitemap_with_lastmod(client, seed):
    index = xml(client, reverse("sitemap_index"))
    entries = {
        sitemap.find("sm:loc", NS).text: sitemap.find("sm:lastmod", NS)
        for sitemap in index.iterfind("sm:sitemap", NS)
    }
    names = ["stories", "sections", "tags", "sources"]
    for name in names:
        url = f"http://testserver/sitemap-{name}.xml"
        assert url in entries
        assert entries[url].text.startswith("2022-08-02T12:00:00")
    assert "http://testserver/sitemap-authors.xml" in entries
    assert "http://testserver/sitemap-races.xml" in entries
    race_urls = locations(client, "/sitemap-races.xml")
    assert [url.removeprefix("http://testserver") for url in race_urls] == [
        race.get_absolute_url() for race in Race.objects.published()
    ]
    assert race_urls, "the seed's race is published"
    for url in entries:
        xml(client, url.removeprefix("http://testserver"))  # each one parses


def test_sitemaps_list_the_seed_and_its_public_pages(client, seed):
    assert locations(client, "/sitemap-stories.xml") == [
        f"http://testserver{seed.get_absolute_url()}"
    ]
    assert "http://testserver/sections/politics/" in locations(client, "/sitemap-sections.xml")
    assert "http://testserver/tags/homelessness/" in locations(client, "/sitemap-tags.xml")
    sources = locations(client, "/sitemap-sources.xml")
    assert "http://testserver/sources/rick-caruso/" in sources
    assert len(sources) == 6


def test_nothing_unpublished_or_confidential_is_listed(client):
    public, draft, scheduled = public_and_hidden_stories()
    Source.objects.create(name="Deep Throat", slug="deep-throat", confidential=True)
    mention(public, Source.objects.create(name="Jane Doe", slug="jane-doe"))
    mention(draft, Source.objects.create(name="Jo Roe", slug="only-in-a-draft"))
    everything = " ".join(
        loc
        for name in ["stories", "sections", "tags", "authors", "sources", "races"]
        for loc in locations(client, f"/sitemap-{name}.xml")
    )
    assert public.get_absolute_url() in everything
    assert "/tags/bridges/" in everything
    assert "/authors/dana-wu/" in everything
    assert "/sources/jane-doe/" in everything
    for hidden in [
        draft.get_absolute_url(),
        scheduled.get_absolute_url(),
        "secret-probe",
        "embargoed-topic",
        "only-scheduled",
        "deep-throat",
        "only-in-a-draft",
    ]:
        assert hidden not in everything


def test_news_sitemap_lists_the_last_48_hours_with_news_fields(client, seed):
    public, draft, scheduled = public_and_hidden_stories()
    old = StoryFactory(headline="Last week", published_at=timezone.now() - timedelta(days=3))
    sponsored = StoryFactory(
        headline="Brought to you by", kind="sponsored", published_at=timezone.now()
    )
    root = xml(client, reverse("sitemap_news"))
    [url] = root.findall("sm:url", NS)
    assert url.find("sm:loc", NS).text == f"http://testserver{public.get_absolute_url()}"
    news = url.find("news:news", NS)
    assert news.find("news:publication/news:name", NS).text == "Newsroom"
    assert news.find("news:publication/news:language", NS).text == "en"
    assert news.find("news:title", NS).text == "Bridge reopens"
    published = news.find("news:publication_date", NS).text
    assert published == timezone.localtime(public.published_at).isoformat()
    text = ElementTree.tostring(root, encoding="unicode")
    for hidden in (draft, scheduled, old, seed, sponsored):
        assert hidden.get_absolute_url() not in text


def test_robots_txt_points_to_both_sitemaps(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemap-news.xml" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /preview/" in lines


def tagged_bylined_stories(size):
    for n in range(size):
        StoryFactory(tags=[f"Topic {n}"], authors=[AuthorFactory()])


@pytest.mark.parametrize(
    ("url", "budget"),
    # index: a page count and a latest lastmod per sitemap (races: a count only; stories:
    # the id bounds and the newest publication and update, each read from an index);
    # stories: id bounds + one range of ids; tags and authors: count + items, each lastmod
    # read with the item from its maintained times (stories.listing_times)
    [
        ("/sitemap.xml", 12),
        ("/sitemap-stories.xml", 2),
        ("/sitemap-tags.xml", 2),
        ("/sitemap-authors.xml", 2),
    ],
)
def test_sitemap_query_budget(client, url, budget):
    assert_query_budget(build=tagged_bylined_stories, act=lambda _: client.get(url), budget=budget)


def test_stories_sitemap_pages_by_id_ranges_and_the_index_lists_each_page(client, settings):
    """1,000 ids a file: stories past the first thousand ids are on page 2, never lost."""
    first = StoryFactory()
    later = StoryFactory()
    Story.objects.filter(pk=later.pk).update(id=first.pk + 1500)
    draft = StoryFactory(status=Story.Status.DRAFT, published_at=None)
    index = client.get(reverse("sitemap_index")).content.decode()
    assert "sitemap-stories.xml?p=2" in index
    assert "sitemap-stories.xml?p=3" not in index
    page1 = locations(client, "/sitemap-stories.xml")
    page2 = locations(client, "/sitemap-stories.xml?p=2")
    assert page1 == [f"http://testserver{first.get_absolute_url()}"]
    assert page2 == [f"http://testserver{later.get_absolute_url()}"]
    assert all(draft.slug not in url for url in page1 + page2)
    assert client.get("/sitemap-stories.xml?p=3").status_code == 404


def test_the_index_stories_lastmod_is_the_newest_change_to_a_live_story():
    """Drafts, scheduled and embargoed stories saved since are passed over; a live story's
    edit counts, and without one the newest publication does."""
    now = timezone.now()
    live = StoryFactory(published_at=now - timedelta(days=2))
    older = StoryFactory(published_at=now - timedelta(days=3))
    StoryFactory(status=Story.Status.DRAFT, published_at=None)
    StoryFactory(published_at=now + timedelta(days=1))
    StoryFactory(published_at=now - timedelta(hours=1), embargo_until=now + timedelta(hours=5))
    # The three hidden ones were saved just now (auto_now); the live ones earlier.
    Story.objects.filter(pk=older.pk).update(updated_at=now - timedelta(days=5))
    Story.objects.filter(pk=live.pk).update(updated_at=now - timedelta(days=1))
    assert SITEMAPS["stories"]().get_latest_lastmod() == now - timedelta(days=1)

    Story.objects.filter(pk=live.pk).update(updated_at=now - timedelta(days=4))
    assert SITEMAPS["stories"]().get_latest_lastmod() == live.published_at

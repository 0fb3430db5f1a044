"""RSS and Atom feeds: they parse as feed readers parse them and carry only public stories."""

from datetime import timedelta

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from stories.models import Story
from tests.factories import AuthorFactory, SectionFactory, StoryFactory
from tests.query_budget import assert_query_budget

pytestmark = pytest.mark.django_db

SEED_FEEDS = [
    ("feeds:stories-rss", {}),
    ("feeds:stories-atom", {}),
    ("feeds:section-rss", {"slug": "politics"}),
    ("feeds:section-atom", {"slug": "politics"}),
    ("feeds:tag-rss", {"slug": "homelessness"}),
    ("feeds:tag-atom", {"slug": "homelessness"}),
]


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


@pytest.mark.parametrize(("name", "kwargs"), SEED_FEEDS)
def test_every_feed_parses_with_the_seed_story_in_it(client, seed, name, kwargs):
    feed = parse(client, reverse(name, kwargs=kwargs))
    [entry] = feed.entries
    assert entry.title == seed.headline
    assert entry.link.endswith(seed.get_absolute_url())
    assert entry.summary == seed.dek
    assert entry.author == "KABC"  # no byline: the credited organisation
    assert entry.id.startswith("tag:") and entry.id.endswith(f":story:{seed.pk}")
    categories = {tag.term for tag in entry.tags}
    assert {"Politics", "Homelessness", "Rick Caruso"} <= categories
    assert entry.published_parsed[:3] == (2022, 8, 2)


def test_rss_guid_is_not_a_permalink(client, seed):
    body = client.get(reverse("feeds:stories-rss")).content.decode()
    assert '<guid isPermaLink="false">tag:' in body


def test_guid_survives_a_new_headline_and_slug(client, seed):
    before = parse(client, reverse("feeds:stories-atom")).entries[0].id
    Story.objects.filter(pk=seed.pk).update(headline="Biden backs Bass", slug="biden-backs-bass")
    after = parse(client, reverse("feeds:stories-atom")).entries[0]
    assert after.title == "Biden backs Bass"
    assert after.id == before


def test_author_feed_lists_the_authors_stories_with_bylines(client):
    first, second = AuthorFactory(name="Ana Ruiz"), AuthorFactory(name="Ben Cho")
    StoryFactory(headline="Council passes budget", authors=[first, second])
    StoryFactory(headline="Someone else's story", authors=[second])
    feed = parse(client, reverse("feeds:author-rss", kwargs={"slug": first.slug}))
    assert [e.title for e in feed.entries] == ["Council passes budget"]
    assert feed.entries[0].author == "Ana Ruiz and Ben Cho"


def test_drafts_and_scheduled_stories_never_appear(client):
    section = SectionFactory(name="Crime")
    StoryFactory(headline="Public story", section=section, tags=["Courts"])
    StoryFactory(headline="Secret draft", section=section, tags=["Courts"], status="draft")
    StoryFactory(
        headline="Embargoed story",
        section=section,
        tags=["Courts"],
        published_at=timezone.now() + timedelta(hours=2),
    )
    for name, kwargs in [
        ("feeds:stories-rss", {}),
        ("feeds:stories-atom", {}),
        ("feeds:section-rss", {"slug": section.slug}),
        ("feeds:tag-atom", {"slug": "courts"}),
    ]:
        titles = [e.title for e in parse(client, reverse(name, kwargs=kwargs)).entries]
        assert titles == ["Public story"], name


def test_a_tag_used_only_on_a_draft_has_no_feed(client):
    StoryFactory(headline="Mayor to resign", status="draft", tags=["Mayor resigns"])
    response = client.get(reverse("feeds:tag-rss", kwargs={"slug": "mayor-resigns"}))
    assert response.status_code == 404
    assert b"Mayor resigns" not in response.content


def test_pages_announce_their_feeds(client, seed):
    front = client.get("/").content.decode()
    assert (
        f'type="application/rss+xml" title="Newsroom (RSS)" href="{reverse("feeds:stories-rss")}"'
        in front
    )
    section = client.get(seed.section.get_absolute_url()).content.decode()
    assert f'href="{reverse("feeds:section-atom", kwargs={"slug": "politics"})}"' in section
    tag = client.get(reverse("stories:tag", kwargs={"slug": "homelessness"})).content.decode()
    assert f'href="{reverse("feeds:tag-rss", kwargs={"slug": "homelessness"})}"' in tag


def section_and_author_with_stories(size):
    section = SectionFactory()
    author = AuthorFactory()
    for n in range(size):
        StoryFactory(section=section, authors=[author], tags=[f"Topic {n}", "City Hall"])
    return section, author


@pytest.mark.parametrize("name", ["feeds:stories-rss", "feeds:section-atom", "feeds:author-rss"])
def test_feed_query_budget(client, name):
    def feed(data):
        section, author = data
        kwargs = {
            "feeds:stories-rss": {},
            "feeds:section-atom": {"slug": section.slug},
            "feeds:author-rss": {"slug": author.slug},
        }[name]
        return client.get(reverse(name, kwargs=kwargs))

    # (the feed's object) + the stories' ids, newest first + those stories + bylines with
    # authors + tags (stories.paging.ids_first)
    budget = 4 if name == "feeds:stories-rss" else 5
    assert_query_budget(build=section_and_author_with_stories, act=feed, budget=budget)


RACE_AND_SOURCE_FEEDS = [
    ("feeds:race-rss", "race"),
    ("feeds:race-atom", "race"),
    ("feeds:source-rss", "rick-caruso"),
    ("feeds:source-atom", "simon-wiesenthal-center"),  # mentioned, not quoted
]


@pytest.mark.parametrize(("name", "slug"), RACE_AND_SOURCE_FEEDS)
def test_race_and_source_feeds_carry_the_seed_story(client, seed, name, slug):

    if slug == "race":
        slug = seed.races.get().slug
    feed = parse(client, reverse(name, kwargs={"slug": slug}))
    assert [entry.title for entry in feed.entries] == [seed.headline]


def test_pages_announce_their_race_source_and_corrections_feeds(client, seed):
    race = seed.races.get()
    pages = {
        race.get_absolute_url(): reverse("feeds:race-rss", kwargs={"slug": race.slug}),
        "/sources/rick-caruso/": reverse("feeds:source-rss", kwargs={"slug": "rick-caruso"}),
        reverse("stories:corrections"): reverse("feeds:corrections-rss"),
    }
    for page, feed_url in pages.items():
        content = client.get(page).content.decode()
        assert 'type="application/rss+xml"' in content and f'href="{feed_url}"' in content, page


def test_confidential_source_has_no_feed(client, seed):
    from sources.models import Source

    Source.objects.filter(slug="rick-caruso").update(confidential=True)
    url = reverse("feeds:source-rss", kwargs={"slug": "rick-caruso"})
    assert client.get(url).status_code == 404


def test_corrections_feed_lists_corrections_on_public_stories_only(client, seed, editor):
    from stories import publishing

    publishing.add_correction(story=seed, user=editor, kind="correction", text="Fixed a name.")
    hidden = StoryFactory(published_at=timezone.now() + timedelta(days=1))
    from stories.models import Correction

    Correction.objects.create(story=hidden, kind="update", text="Not yet public.")
    feed = parse(client, reverse("feeds:corrections-rss"))
    assert [entry.summary for entry in feed.entries] == ["Fixed a name."]
    correction = seed.corrections.get()
    assert feed.entries[0].link.endswith(f"{seed.get_absolute_url()}#correction-{correction.pk}")

"""Readers see published stories whose time has come, and nothing else, by any URL."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from stories.models import Story
from tests.factories import AuthorFactory, SectionFactory, StoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden_stories():
    section = SectionFactory(name="Politics")
    author = AuthorFactory(name="Ana Reyes")
    draft = StoryFactory(
        headline="Draft story about the budget",
        status=Story.Status.DRAFT,
        published_at=None,
        section=section,
        tags=["budget"],
        authors=[author],
    )
    scheduled = StoryFactory(
        headline="Scheduled story about the budget",
        published_at=timezone.now() + timedelta(hours=2),
        section=section,
        tags=["budget"],
        authors=[author],
    )
    visible = StoryFactory(
        headline="Public story about the budget", section=section, tags=["budget"], authors=[author]
    )
    return draft, scheduled, visible, section, author


def listing_urls(section, author):
    return [
        reverse("front_page"),
        section.get_absolute_url(),
        reverse("stories:tag", kwargs={"slug": "budget"}),
        author.get_absolute_url(),
    ]


def test_draft_and_scheduled_stories_are_404_by_slug(client, hidden_stories):
    draft, scheduled, visible, *_ = hidden_stories
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(scheduled.get_absolute_url()).status_code == 404
    assert client.get(visible.get_absolute_url()).status_code == 200


def test_listings_show_only_public_stories(client, hidden_stories):
    draft, scheduled, visible, section, author = hidden_stories
    for url in listing_urls(section, author):
        content = client.get(url).content.decode()
        assert visible.headline in content, url
        assert draft.headline not in content, url
        assert scheduled.headline not in content, url


def test_related_stories_never_include_hidden_ones(client, hidden_stories):
    draft, scheduled, visible, *_ = hidden_stories
    other = StoryFactory(headline="Another budget story", tags=["budget"])
    content = client.get(other.get_absolute_url()).content.decode()
    assert visible.headline in content
    assert draft.headline not in content
    assert scheduled.headline not in content


def test_a_scheduled_story_appears_when_its_time_comes(client):
    """published() takes an injectable clock; the public query needs no cron job."""
    now = timezone.now()
    story = StoryFactory(published_at=now + timedelta(minutes=30))
    assert story not in Story.objects.published(now=now)
    assert story in Story.objects.published(now=now + timedelta(minutes=31))


def test_staff_do_not_see_drafts_on_public_pages(client, hidden_stories, editor):
    """Being logged in as an editor does not turn the public site into a preview."""
    client.force_login(editor)
    draft = hidden_stories[0]
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_unknown_section_tag_and_author_are_404(client, db):
    for url in ["/sections/nope/", "/tags/nope/", "/authors/nope/", "/stories/nope/"]:
        assert client.get(url).status_code == 404


def test_a_tag_used_only_on_hidden_stories_is_404_not_a_named_empty_page(client):
    """A tag like "Mayor resigns" on a draft must not show up as a page with its name."""
    StoryFactory(status=Story.Status.DRAFT, published_at=None, tags=["Mayor resigns"])
    StoryFactory(published_at=timezone.now() + timedelta(hours=1), tags=["Merger talks"])
    for slug in ["mayor-resigns", "merger-talks"]:
        response = client.get(reverse("stories:tag", kwargs={"slug": slug}))
        assert response.status_code == 404
        assert "Mayor resigns" not in response.content.decode()
        assert client.get(f"/feeds/tags/{slug}/rss/").status_code == 404


# Every status, with no time, an hour ago, exactly now and in an hour, except what the
# database refuses (a published or archived story without a publication time).
STATES = [
    (status, published, embargo)
    for status in Story.Status.values
    for published in (None, -1, 0, 1)
    for embargo in (None, -1, 0, 1)
    if not (status in ("published", "archived") and published is None)
]


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "published", "embargo"), STATES)
def test_is_live_and_the_published_queryset_always_agree(status, published, embargo):
    """Story.is_live(now) and Story.objects.published(now=) are one rule (live_q)."""
    now = timezone.now()

    def at(hours):
        return None if hours is None else now + timedelta(hours=hours)

    story = StoryFactory(status=status, published_at=at(published), embargo_until=at(embargo))
    in_queryset = Story.objects.published(now=now).filter(pk=story.pk).exists()
    assert story.is_live(now) == in_queryset
    expected = (
        status in ("published", "archived")
        and published is not None
        and published <= 0
        and (embargo is None or embargo <= 0)
    )
    assert in_queryset == expected

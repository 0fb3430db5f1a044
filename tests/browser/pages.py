"""The public page types every browser check visits: one entry per kind of page.

A new public page type (a source profile, a race, corrections, search) is one more line
in PAGES: axe, the Nu Html Checker and, with `screenshot=True`, the phone and desktop
screenshots then cover it. `url` runs inside the test's database after `browser_site`
has loaded the seed fixture and the extra author story, so it may query.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from newsroom.models import Front
from stories.models import SHARE_LINK_LIFETIME, Author, ShareLink, Story
from tests.conftest import SEED_SLUG

# What `browser_site` creates besides the seed: an author with a byline on a published
# analysis, and a section with one story more than a page holds.
AUTHOR_SLUG = "maya-ortiz"
ANALYSIS_SLUG = "council-delays-the-vote-on-the-homelessness-budget"
PAGED_SECTION_SLUG = "city-hall"
# The arrangements `browser_site` creates: the live front page (lead, rails, races and a
# breaking banner), a live City Hall front and a draft of the front page for the preview.
DRAFT_FRONT_NAME = "Draft for tomorrow"


@dataclass(frozen=True)
class PageType:
    name: str
    url: Callable[[], str]
    status: int = 200
    screenshot: bool = False
    # Staff pages (the arrangement preview) are opened logged in as an editor.
    staff: bool = False


def _seed() -> Story:
    return Story.objects.published().get(slug=SEED_SLUG)


def _share_link(*, revoked: bool = False) -> ShareLink:
    from django.utils import timezone

    now = timezone.now()
    return ShareLink.objects.create(
        story=Story.objects.get(slug=ANALYSIS_SLUG),
        expires_at=now + SHARE_LINK_LIFETIME,
        revoked_at=now if revoked else None,
    )


PAGES = [
    PageType("front", lambda: reverse("front_page"), screenshot=True),
    PageType("story", lambda: _seed().get_absolute_url(), screenshot=True),
    PageType(
        "story-analysis", lambda: reverse("stories:detail", args=[ANALYSIS_SLUG]), screenshot=True
    ),
    PageType("section", lambda: _seed().section.get_absolute_url(), screenshot=True),
    PageType(
        "section-front-banner",
        lambda: reverse("stories:section", args=[PAGED_SECTION_SLUG]),
        screenshot=True,
    ),
    PageType(
        "front-preview",
        lambda: Front.objects.get(name=DRAFT_FRONT_NAME).get_preview_url(),
        screenshot=True,
        staff=True,
    ),
    PageType(
        "section-page-2", lambda: f"{reverse('stories:section', args=[PAGED_SECTION_SLUG])}?page=2"
    ),
    PageType("tag", lambda: reverse("stories:tag", args=[_seed().tags.order_by("slug")[0].slug])),
    PageType("author", lambda: Author.objects.get(slug=AUTHOR_SLUG).get_absolute_url()),
    PageType("sources", lambda: reverse("sources:list")),
    PageType("source", lambda: reverse("sources:detail", args=["rick-caruso"]), screenshot=True),
    PageType("elections", lambda: reverse("elections:index")),
    PageType("race", lambda: _seed().races.get().get_absolute_url(), screenshot=True),
    PageType("corrections", lambda: reverse("stories:corrections")),
    PageType("search", lambda: f"{reverse('search')}?q=Caruso"),
    PageType("search-empty", lambda: f"{reverse('search')}?q="),
    PageType("standards", lambda: reverse("standards")),
    PageType("404", lambda: "/stories/no-story-has-this-address/", status=404),
    # What an outside reviewer opens: a share link, and one that was revoked.
    PageType("share-link", lambda: _share_link().get_absolute_url()),
    PageType(
        "share-link-revoked", lambda: _share_link(revoked=True).get_absolute_url(), status=410
    ),
]

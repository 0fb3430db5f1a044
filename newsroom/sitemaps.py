"""Sitemaps: /sitemap.xml indexes one sitemap per kind of public page.

Every sitemap starts from the public QuerySets (`Story.objects.published()`,
`public_sources()`), so nothing a reader may not see is ever listed. A new kind of
page (races) is one class here and one entry in SITEMAPS.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, Page, PageNotAnInteger
from django.db.models import Case, Exists, F, Max, OuterRef, Q, Subquery, When
from django.utils import timezone
from django.utils.functional import cached_property
from taggit.models import Tag

from elections.models import Race
from stories.models import Author, Section, Story
from stories.sources_in_stories import sources_in_the_news

from .sitemap_views import SlugLocations


def latest_publication(*, now=None, **story_filter):
    """A subquery: the newest publication time among the matching published stories."""
    return Subquery(
        Story.objects.published(now=now)
        .filter(**story_filter)
        .order_by("-published_at")
        .values("published_at")[:1]
    )


def latest_publication_overall(**story_filter):
    """For the sitemap index: the newest publication, read from the newest-first index."""
    stories = Story.objects.published().filter(**story_filter)
    return stories.order_by("-published_at").values_list("published_at", flat=True).first()


# Every sitemap file lists at most this many URLs: rendering one costs about a millisecond
# per URL, so a file of 5,000 sources or stories took seconds whatever its queries.
URLS_PER_FILE = 1000


class SlugSitemap(Sitemap):
    """Items whose page is `url_name` with their slug: the URL is reversed once per file,
    not once per item (1,000 reverse() calls a file, each resolving the pattern anew)."""

    limit = URLS_PER_FILE
    url_name = ""

    @cached_property
    def _locations(self):
        return SlugLocations(self.url_name)

    def location(self, item):
        return self._locations(item.slug)


class IdRangePaginator:
    """Pages of a sitemap by ranges of ids: page p holds the items with ids in the p-th
    range of `per_page` ids, so neither the index nor a page counts or skips rows.

    Django's Paginator counts every item for the index and reads a page with OFFSET,
    which at 100,000 stories scanned the archive per request. A page may hold fewer
    URLs than `per_page` (drafts and deleted stories leave gaps), never more.
    """

    def __init__(self, items, per_page: int, *, bounds):
        self.items = items
        self.per_page = per_page
        # (lowest id, highest id) of the rows that may appear: read from the primary key.
        self.low, self.high = bounds

    @property
    def num_pages(self) -> int:
        if self.low is None:
            return 1
        return (self.high - self.low) // self.per_page + 1

    def page(self, number) -> Page:
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer") from None
        if number < 1 or number > self.num_pages:
            raise EmptyPage("That page contains no results")
        if self.low is None:
            return Page([], number, self)
        start = self.low + (number - 1) * self.per_page
        rows = self.items.filter(pk__gte=start, pk__lt=start + self.per_page).order_by("pk")
        return Page(list(rows), number, self)


class StorySitemap(SlugSitemap):
    url_name = "stories:detail"

    def items(self):
        return Story.objects.published().only("slug", "published_at", "updated_at")

    @property
    def paginator(self):
        # Two index seeks in one query: SQLite answers MIN and MAX together by reading a
        # whole index (10 to 20 ms at 100,000 stories), each alone from one end of it.
        ids = Story.objects.order_by().values("pk")
        bounds = (
            Story.objects.order_by()
            .values_list(Subquery(ids.order_by("pk")[:1]), Subquery(ids.order_by("-pk")[:1]))
            .first()
        )
        return IdRangePaginator(self.items(), self.limit, bounds=bounds or (None, None))

    def lastmod(self, story):
        # A story scheduled before it was last saved changed, for readers, when it went out.
        return max(story.updated_at, story.published_at)

    def get_latest_lastmod(self):
        # Each read walks an index newest first and stops at the first live story.
        published = Story.objects.published()
        newest = published.order_by("-published_at").values_list("published_at", flat=True)
        # Filtering the walked rows by liveness let both databases pick story_public_idx
        # and sort every live story by updated_at (160 ms on SQLite, 80 ms on PostgreSQL
        # at 100,000 stories); probing each row's liveness by id instead keeps the walk
        # on story_updated_idx, and it stops at the first live row.
        updated = (
            Story.objects.filter(Exists(published.filter(pk=OuterRef("pk"))))
            .order_by("-updated_at")
            .values_list("updated_at", flat=True)
        )
        return max(filter(None, [newest.first(), updated.first()]), default=None)


class SectionSitemap(Sitemap):
    limit = URLS_PER_FILE

    def items(self):
        return Section.objects.annotate(lastmod=latest_publication(section=OuterRef("pk")))

    def lastmod(self, section):
        return section.lastmod

    def get_latest_lastmod(self):
        return latest_publication_overall(section__isnull=False)


def with_lastmod(rows, *, times: str, story_filter: str, now):
    """Tags or authors listed at `now`, each with its `lastmod`, from maintained times.

    `times` is where the row's times are ("times__" for tags, "" for authors), kept by
    stories.listing_times: listed once its first story is live, `lastmod` the newest
    publication that was live when the row was computed. Only a row with a scheduled
    story gone live since (CASE evaluates the subquery for that row alone) asks its live
    stories, so the value is never in the future nor a pending story's.
    """
    moved = Q(**{f"{times}next_live_at__lte": now})
    return rows.filter(**{f"{times}public_since__lte": now}).annotate(
        lastmod=Case(
            When(moved, then=latest_publication(now=now, **{story_filter: OuterRef("pk")})),
            default=F(f"{times}last_published_at"),
        )
    )


class ListingSitemap(SlugSitemap):
    """Tags or authors: rows with maintained times, never every story of each."""

    times = ""
    story_filter = ""

    def __init__(self, *, now=None):
        self.now = now

    def rows(self):
        raise NotImplementedError

    def listed(self):
        return with_lastmod(
            self.rows(),
            times=self.times,
            story_filter=self.story_filter,
            now=self.now or timezone.now(),
        )

    def items(self):
        return self.listed().only("name", "slug").order_by("name")

    def lastmod(self, item):
        return item.lastmod

    def get_latest_lastmod(self):
        return self.listed().aggregate(latest=Max("lastmod"))["latest"]


class TagSitemap(ListingSitemap):
    url_name = "stories:tag"
    times = "times__"
    story_filter = "tags"

    def rows(self):
        return Tag.objects.all()


class AuthorSitemap(ListingSitemap):
    url_name = "stories:author"
    story_filter = "bylines__author"

    def rows(self):
        return Author.objects.all()


class SourceSitemap(SlugSitemap):
    """Public sources that appear in a published story: the profiles /sources/ lists.

    A profile made ahead of any published story is noindex, so it is not offered here.
    """

    url_name = "sources:detail"

    def sources(self):
        return sources_in_the_news()

    def items(self):
        return self.sources().only("slug", "updated_at").order_by("sort_name", "pk")

    def lastmod(self, source):
        return source.updated_at

    def get_latest_lastmod(self):
        return self.sources().aggregate(latest=Max("updated_at"))["latest"]


class RaceSitemap(Sitemap):
    limit = URLS_PER_FILE

    """Published race pages; results change often while votes are counted."""

    changefreq = "daily"

    def items(self):
        return Race.objects.published().only("slug").order_by("-cycle", "title")


class NewsSitemap(Sitemap):
    """Google News: stories published in the last 48 hours, with the news: fields.

    Rendered with templates/sitemaps/news_sitemap.xml.
    """

    limit = 1000  # Google News reads at most 1,000 URLs per news sitemap.

    def __init__(self, *, now=None):
        self.now = now

    def items(self):
        now = self.now or timezone.now()
        return (
            Story.objects.published(now=now)
            .filter(published_at__gte=now - timedelta(hours=48))
            # Google News takes journalism only: paid-for content stays out.
            .exclude(kind=Story.Kind.SPONSORED)
            .latest()
            .only("slug", "headline", "published_at", "updated_at")
        )

    def lastmod(self, story):
        return max(story.updated_at, story.published_at)

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            url["publication_name"] = settings.NEWSROOM_NAME
            url["publication_language"] = settings.NEWSROOM_LANGUAGE
        return urls


SITEMAPS = {
    "stories": StorySitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
    "sources": SourceSitemap,
    "races": RaceSitemap,
}

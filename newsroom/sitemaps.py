"""Sitemaps: /sitemap.xml indexes one sitemap per kind of public page.

Every sitemap starts from the public QuerySets (`Story.objects.published()`,
`public_sources()`), so nothing a reader may not see is ever listed. A new kind of
page (races) is one class here and one entry in SITEMAPS.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from elections.models import Race
from stories.models import Author, Section, Story, public_tags
from stories.sources_in_stories import sources_in_the_news


def latest_publication(**story_filter):
    """A subquery: the newest publication time among the matching published stories."""
    return Subquery(
        Story.objects.published()
        .filter(**story_filter)
        .order_by("-published_at")
        .values("published_at")[:1]
    )


def latest_publication_overall(**story_filter):
    """For the sitemap index: one aggregate instead of loading every item for its lastmod."""
    stories = Story.objects.published().filter(**story_filter)
    return stories.aggregate(latest=Max("published_at"))["latest"]


class StorySitemap(Sitemap):
    limit = 5000

    def items(self):
        return Story.objects.published().latest().only("slug", "published_at", "updated_at")

    def lastmod(self, story):
        # A story scheduled before it was last saved changed, for readers, when it went out.
        return max(story.updated_at, story.published_at)

    def get_latest_lastmod(self):
        latest = Story.objects.published().aggregate(
            published=Max("published_at"), updated=Max("updated_at")
        )
        return max(filter(None, latest.values()), default=None)


class SectionSitemap(Sitemap):
    def items(self):
        return Section.objects.annotate(lastmod=latest_publication(section=OuterRef("pk")))

    def lastmod(self, section):
        return section.lastmod

    def get_latest_lastmod(self):
        return latest_publication_overall(section__isnull=False)


class TagSitemap(Sitemap):
    def items(self):
        return (
            public_tags().annotate(lastmod=latest_publication(tags=OuterRef("pk"))).order_by("name")
        )

    def location(self, tag):
        return reverse("stories:tag", kwargs={"slug": tag.slug})

    def lastmod(self, tag):
        return tag.lastmod

    def get_latest_lastmod(self):
        return latest_publication_overall(tags__isnull=False)


class AuthorSitemap(Sitemap):
    def items(self):
        return (
            Author.objects.filter(pk__in=Story.objects.published().values("bylines__author"))
            .annotate(lastmod=latest_publication(bylines__author=OuterRef("pk")))
            .order_by("name")
        )

    def lastmod(self, author):
        return author.lastmod

    def get_latest_lastmod(self):
        return latest_publication_overall(bylines__isnull=False)


class SourceSitemap(Sitemap):
    """Public sources that appear in a published story: the profiles /sources/ lists.

    A profile made ahead of any published story is noindex, so it is not offered here.
    """

    def sources(self):
        return sources_in_the_news()

    def items(self):
        return self.sources().only("slug", "updated_at").order_by("sort_name", "pk")

    def lastmod(self, source):
        return source.updated_at

    def get_latest_lastmod(self):
        return self.sources().aggregate(latest=Max("updated_at"))["latest"]


class RaceSitemap(Sitemap):
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

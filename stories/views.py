from functools import partial

from django.conf import settings
from django.db.models import Prefetch, Subquery, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.utils.functional import SimpleLazyObject
from django.views.generic import DetailView, ListView

from .models import (
    Author,
    Byline,
    Correction,
    Section,
    Story,
    StoryQuerySet,
    TaggedStory,
    public_tags,
)
from .paging import UncountedPagination
from .redirects import FollowsRedirects
from .sources_in_stories import story_sources, story_sources_prefetches


class StoryListView(UncountedPagination, ListView):
    """A paginated list of published stories; subclasses narrow it to one section, tag or author."""

    paginate_by = settings.NEWSROOM_STORIES_PER_PAGE
    # "Page N" with Newer/Older links (UncountedPagination): no COUNT(*) per request.
    context_object_name = "stories"

    def get_queryset(self):
        return Story.objects.published().with_card_relations().latest()

    def get_paginator(self, queryset, per_page, **kwargs):
        # Ids, then rows: a busy tag's page sorts 30,000 ids, not 30,000 bodies.
        return self.paginator_class(queryset, per_page, ids_first=True, **kwargs)


def story_details() -> list:
    """What the story page's head and article show besides the story row: bylines with
    their authors, tags and corrections (the box and the JSON-LD share one prefetch)."""
    return [
        Prefetch("bylines", queryset=Byline.objects.select_related("author")),
        "tags",
        "corrections",
    ]


def story_page_queryset(stories: StoryQuerySet) -> StoryQuerySet:
    """`stories` with everything the story page shows of the story, in four queries: the
    story with its section (a lead image joined to the story belongs in the same
    `select_related`), then `story_details()`. For previews, which render every part."""
    return stories.select_related("section", "lead_image").prefetch_related(*story_details())


def story_boxes(story: Story) -> dict:
    """The story page's parts that change rarely, each fetched only when first shown.

    The template renders them inside `{% cachedfragment %}`: a cached part runs no query.
    `story_details` is the story itself, its bylines, tags and corrections fetched the
    first time the head or the article renders (the public view fetches only the row).
    The public page and the previews (which outside reviewers open through share links)
    both use this, so a preview never shows more than the published page would:
    confidential sources and unpublished races stay out of both.
    """

    def details():
        # Nothing to fetch when the queryset prefetched them already (previews).
        prefetch_related_objects([story], *story_details())
        return story

    def people():
        prefetch_related_objects([story], *story_sources_prefetches())
        return story_sources(story)

    return {
        "story_details": SimpleLazyObject(details),
        "story_people": SimpleLazyObject(people),
        "story_races": SimpleLazyObject(lambda: list(story.races.published())),
        "related_stories": SimpleLazyObject(lambda: related_stories(story)),
    }


def related_stories(story: Story, *, limit: int = 4) -> list[Story]:
    """The newest published stories with the story's first tag, then from its section.

    Each list is read newest first from an index and stops after `limit` rows. Ranking
    by the number of shared tags grouped every story of every tag the story has (a
    quarter of a second per story page at 100,000 stories).
    """
    candidates = (
        Story.objects.published()
        .exclude(pk=story.pk)
        .latest()
        # The box shows a headline, a link and a date.
        .only("headline", "slug", "published_at")
    )
    # The first tag the story was given: the newsroom's primary topic for it.
    first_tag = Subquery(
        TaggedStory.objects.filter(content_object=story).order_by("id").values("tag_id")[:1]
    )
    # The tag's newest from its own index (newest_live_ids), in the same query: the
    # stories' order sorted all of a popular tag's stories for four of them.
    newest_tagged = TaggedStory.objects.newest_live_ids(first_tag).exclude(
        content_object_id=story.pk
    )
    # Both lists are always read (two queries, whatever the story): the section's fills
    # the box when the tag has fewer than `limit` other stories.
    tagged = list(candidates.filter(pk__in=newest_tagged[:limit]))
    in_section = candidates.filter(section_id=story.section_id) if story.section_id else []
    section = list(in_section[:limit])
    seen = {s.pk for s in tagged}
    return (tagged + [s for s in section if s.pk not in seen])[:limit]


class StoryDetailView(FollowsRedirects, DetailView):
    # Never `model = Story`: that would serve drafts to anyone who guesses a slug.
    context_object_name = "story"

    def get_queryset(self):
        # The row and its section: the head and the article, which show the rest, are
        # cached fragments, fetched through `story_details` when they are not.
        return Story.objects.published().select_related("section", "lead_image")

    def get_object(self, queryset=None):
        """The live story, read once per cache generation like the fragments that show it.

        Every change a reader could see replaces the generation, and nothing is kept past
        the next scheduled change (newsroom/cache/fragments.py), so a kept row is as fresh
        as a fetched one; a repeat render then runs no query at all. A slug with no live
        story raises Http404 and keeps nothing. `cached_part` is set by the page cache's
        middleware; without it (a view called outside that stack) the row is fetched.
        """
        fetch = partial(super().get_object, queryset)
        cached_part = getattr(self.request, "cached_part", None)
        if queryset is not None or cached_part is None:
            return fetch()
        story = cached_part("story-row", [self.kwargs[self.slug_url_kwarg]], fetch)
        # Belt and braces, no query: a kept row is shown only while it is live by its own
        # times (a row kept a moment before its embargo was set cannot outlive the generation
        # anyway, but this costs nothing).
        return story if story.is_live() else fetch()

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **story_boxes(self.object)}


class SectionStoryListView(FollowsRedirects, StoryListView):
    template_name = "stories/section_detail.html"

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return super().get_queryset().filter(section=self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class TagStoryListView(FollowsRedirects, StoryListView):
    template_name = "stories/tag_detail.html"

    def get_queryset(self):
        self.tag = get_object_or_404(public_tags(), slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_paginator(self, queryset, per_page, **kwargs):
        # The page's ids from the tag's own index, newest first (newest_live_ids): the
        # stories' query sorted every story of a popular tag to show 20 of them.
        ids = TaggedStory.objects.newest_live_ids(self.tag.pk)
        return self.paginator_class(queryset, per_page, ids=ids, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class AuthorStoryListView(FollowsRedirects, StoryListView):
    template_name = "stories/author_detail.html"

    def get_queryset(self):
        self.author = get_object_or_404(
            Author.objects.select_related("photo"), slug=self.kwargs["slug"]
        )
        # distinct(): an author with two roles on one story is still one story.
        return super().get_queryset().filter(bylines__author=self.author).distinct()

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


class CorrectionListView(UncountedPagination, ListView):
    """Every correction and update on a published story, newest first."""

    template_name = "stories/correction_list.html"
    context_object_name = "corrections"
    paginate_by = settings.NEWSROOM_STORIES_PER_PAGE

    def get_queryset(self):
        return Correction.objects.public().select_related("story").order_by("-created_at", "-id")

"""RSS 2.0 and Atom feeds of published stories.

`StoryFeed` is the base: a feed is a queryset of published stories plus a title and a
link. A feed for anything else that has stories (a race, a public source) subclasses it,
sets `get_object()` and overrides `stories()`, and `feed_paths()` gives it both formats:

    class RaceFeed(StoryFeed):
        def get_object(self, request, slug):
            return get_object_or_404(Race.objects.published(), slug=slug)

        def stories(self, race):
            return super().stories(race).filter(races=race)

    urlpatterns += feed_paths("races/<slug:slug>/", RaceFeed, "race")
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from elections.models import Race
from sources.models import public_sources

from .models import Author, Correction, Section, Story, TaggedStory, public_tags
from .paging import ids_first
from .sources_in_stories import quoting_or_naming


def story_guid(story: Story) -> str:
    """A tag: URI (RFC 4151) for the story that survives edits to its headline or slug.

    Built from the primary key and the first publication date; the authority is the
    newsroom's own domain (NEWSROOM_DOMAIN), not the request's host, so the same story
    keeps the same id whichever address a feed reader used.
    """
    return f"tag:{settings.NEWSROOM_DOMAIN},{story.published_at:%Y-%m-%d}:story:{story.pk}"


class StoryFeed(Feed):
    """The latest published stories as RSS 2.0; subclasses narrow `stories()`."""

    feed_type = Rss201rev2Feed
    limit = 30

    # Feed-level attributes: subclasses with an object override the methods below.
    def title(self, obj=None):
        return f"{settings.NEWSROOM_NAME}: latest stories"

    def link(self, obj=None):
        return obj.get_absolute_url() if obj is not None else "/"

    def description(self, obj=None):
        return settings.NEWSROOM_TAGLINE

    def stories(self, obj):
        """The published stories this feed is about; the one place public visibility is set."""
        return Story.objects.published()

    def story_ids(self, obj):
        """A cheaper query for the ids of `stories()` newest first, or None (see ids_first)."""
        return None

    def items(self, obj):
        # Ids, then rows (stories.paging.ids_first).
        stories = self.stories(obj).with_card_relations().latest()
        return ids_first(stories, 0, self.limit, ids=self.story_ids(obj))

    def item_title(self, story):
        return story.headline

    def item_description(self, story):
        return story.dek or story.headline

    def item_link(self, story):
        return story.get_absolute_url()

    def item_guid(self, story):
        return story_guid(story)

    item_guid_is_permalink = False

    def item_pubdate(self, story):
        return story.published_at

    def item_updateddate(self, story):
        return story.modified_at

    def item_author_name(self, story):
        # Prefetched bylines: .all(), never a fresh query per item.
        names = list(dict.fromkeys(byline.author.name for byline in story.bylines.all()))
        if not names:
            return story.credit or settings.NEWSROOM_NAME
        if len(names) == 1:
            return names[0]
        return ", ".join(names[:-1]) + " and " + names[-1]

    def item_categories(self, story):
        categories = [story.section.name] if story.section else []
        return categories + [tag.name for tag in story.tags.all()]


class SectionFeed(StoryFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def title(self, section):
        return f"{settings.NEWSROOM_NAME}: {section.name}"

    def description(self, section):
        return section.description or f"Latest {section.name} stories."

    def stories(self, section):
        return super().stories(section).filter(section=section)


class TagFeed(StoryFeed):
    def get_object(self, request, slug):
        return get_object_or_404(public_tags(), slug=slug)

    def title(self, tag):
        return f"{settings.NEWSROOM_NAME}: stories about {tag.name}"

    def link(self, tag):
        return reverse("stories:tag", kwargs={"slug": tag.slug})

    def description(self, tag):
        return f"Stories tagged {tag.name}."

    def stories(self, tag):
        return super().stories(tag).filter(tags=tag)

    def story_ids(self, tag):
        # The tag's own index, newest first: a busy tag's feed reads 30 rows, not all.
        return TaggedStory.objects.newest_live_ids(tag.pk)


class AuthorFeed(StoryFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def title(self, author):
        return f"{settings.NEWSROOM_NAME}: stories by {author.name}"

    def description(self, author):
        return author.bio or f"Stories by {author.name}."

    def stories(self, author):
        # distinct(): two roles on one story are still one item.
        return super().stories(author).filter(bylines__author=author).distinct()


class RaceFeed(StoryFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Race.objects.published(), slug=slug)

    def title(self, race):
        return f"{settings.NEWSROOM_NAME}: coverage of {race.title}"

    def description(self, race):
        return race.dek or f"Stories about {race.title}."

    def stories(self, race):
        return super().stories(race).filter(races=race)


class SourceFeed(StoryFeed):
    """Stories that quote or mention a public source; a confidential one is a 404."""

    def get_object(self, request, slug):
        return get_object_or_404(public_sources(), slug=slug)

    def title(self, source):
        return f"{settings.NEWSROOM_NAME}: stories quoting or naming {source.name}"

    def description(self, source):
        return f"Stories in which {source.name} is quoted or named."

    def stories(self, source):
        return quoting_or_naming(super().stories(source), source)


class CorrectionFeed(StoryFeed):
    """Every correction, clarification and update on a published story, newest first."""

    def title(self, obj=None):
        return f"{settings.NEWSROOM_NAME}: corrections and updates"

    def link(self, obj=None):
        return reverse("stories:corrections")

    def description(self, obj=None):
        return "Corrections, clarifications, editor's notes and updates to published stories."

    def items(self, obj):
        return Correction.objects.public().select_related("story")[: self.limit]

    def item_title(self, correction):
        return f"{correction.get_kind_display()}: {correction.story.headline}"

    def item_description(self, correction):
        return correction.text

    def item_link(self, correction):
        return correction.get_absolute_url()

    def item_guid(self, correction):
        return f"{story_guid(correction.story)}:correction:{correction.pk}"

    def item_pubdate(self, correction):
        return correction.created_at

    def item_updateddate(self, correction):
        return correction.created_at

    def item_author_name(self, correction):
        return settings.NEWSROOM_NAME

    def item_categories(self, correction):
        return [correction.get_kind_display()]


class AtomMixin:
    feed_type = Atom1Feed

    def subtitle(self, obj=None):
        return self.description(obj)


def feed_paths(prefix: str, feed_class: type[Feed], name: str) -> list:
    """URL patterns for one feed in both formats: `<prefix>rss/` and `<prefix>atom/`.

    URL names are `<name>-rss` and `<name>-atom` in the `feeds` namespace.
    """
    atom_class = type(f"{feed_class.__name__}Atom", (AtomMixin, feed_class), {})
    return [
        path(f"{prefix}rss/", feed_class(), name=f"{name}-rss"),
        path(f"{prefix}atom/", atom_class(), name=f"{name}-atom"),
    ]

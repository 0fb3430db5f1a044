"""Facts kept beside the stories for readers' lists, recomputed when stories change.

Three kinds are kept, because asking the stories on every request walked the archive:

- `Source.public_since` (stories.source_times): when a source first appears in a story
  readers can see, for /sources/, its sitemap and search;
- the tags' and authors' listing times (stories.listing_times), for their sitemaps;
- each tag row's copy of its story's publication time (stories.listing_times), for a
  tag's newest stories (tag page, tag feed, related stories).

They follow a story's state and what it shows: its quoted and named sources, its tags and
its bylines. Every path that changes those — the workflow (stories.state, restoring and
deleting in stories.publishing), the admin's save, the importer — says here which stories
it changed and what they showed before; the facts of what they show before and after are
recomputed, at once or, inside `facts_batch()`, once at the end of the batch.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Value

from .listing_times import (
    refresh_author_times,
    refresh_tag_times,
    refresh_tagged_times,
    stale_listing_times,
    stale_tagged_times,
)
from .models import Byline, Quote, Story, TaggedStory
from .source_times import refresh_source_times, stale_source_times


@dataclass
class Shown:
    """Some stories and the sources, tags and authors they show: whose facts may have moved."""

    sources: set[int] = field(default_factory=set)
    tags: set[int] = field(default_factory=set)
    authors: set[int] = field(default_factory=set)
    # The stories themselves: their tag rows copy their publication time.
    stories: set[int] = field(default_factory=set)

    def __or__(self, other: "Shown") -> "Shown":
        return Shown(
            self.sources | other.sources,
            self.tags | other.tags,
            self.authors | other.authors,
            self.stories | other.stories,
        )

    def update(self, other: "Shown") -> None:
        self.sources |= other.sources
        self.tags |= other.tags
        self.authors |= other.authors
        self.stories |= other.stories


# What the stories changed inside the innermost facts_batch() show, or None outside one.
_pending: ContextVar[Shown | None] = ContextVar("story_facts_pending", default=None)


def shown_by(story_ids: Iterable[int]) -> Shown:
    """These stories with their sources, tags and authors, in one query."""
    ids = list(story_ids)
    shown = Shown(stories=set(ids))
    if not ids:
        return shown
    parts = [
        Quote.objects.filter(story_id__in=ids).values_list(Value("source"), "source_id"),
        Story.mentioned_sources.through.objects.filter(story_id__in=ids).values_list(
            Value("source"), "source_id"
        ),
        TaggedStory.objects.filter(content_object_id__in=ids).values_list(Value("tag"), "tag_id"),
        Byline.objects.filter(story_id__in=ids).values_list(Value("author"), "author_id"),
    ]
    first, *others = [part.order_by() for part in parts]
    kinds = {"source": shown.sources, "tag": shown.tags, "author": shown.authors}
    for kind, pk in first.union(*others):
        kinds[kind].add(pk)
    return shown


def refresh_story_facts(shown: Shown | None = None) -> None:
    """Recompute the facts of these stories, sources, tags and authors, or of all when None."""
    if shown is None:
        refresh_tagged_times(None)
        refresh_source_times(None)
        refresh_tag_times(None)
        refresh_author_times(None)
        return
    # Stories that show no tag, before or after, have no tag rows to rewrite: no query.
    refresh_tagged_times(shown.stories if shown.tags else ())
    refresh_source_times(shown.sources)
    refresh_tag_times(shown.tags)
    refresh_author_times(shown.authors)


def stale_story_facts() -> tuple[int, int, int]:
    """How many sources, how many tags and authors, and how many tag rows hold facts the
    stories contradict."""
    return stale_source_times(), stale_listing_times(), stale_tagged_times()


def facts_changed(shown: Shown) -> None:
    """What these sources, tags and authors show changed: recompute now, or once per batch."""
    pending = _pending.get()
    if pending is not None:
        pending.update(shown)
    else:
        refresh_story_facts(shown)


def stories_changed(story_ids: Iterable[int], *, before: Shown | None = None) -> None:
    """These stories' state or what they show changed; `before` is what they showed until now
    (a source an edit stops quoting, a tag it drops: their facts move too)."""
    facts_changed(shown_by(story_ids) | (before or Shown()))


@contextmanager
def facts_batch() -> Iterator[None]:
    """Collect what the stories changed inside the block show; recompute each once at its end."""
    if _pending.get() is not None:  # Nested: the outer batch recomputes.
        yield
        return
    pending = Shown()
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    # Not after a rollback was asked for (a dry run): nothing the batch wrote will stay.
    if not transaction.get_connection().needs_rollback:
        refresh_story_facts(pending)

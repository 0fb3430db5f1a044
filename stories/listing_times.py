"""When each tag's and author's stories go live, for the tags and authors sitemaps.

The sitemaps list the tags and authors of live stories with the newest publication as
`lastmod`. Asking that of the stories grouped every live story of every tag or author
per request (250 to 340 ms at 100,000 stories); the answer only changes when a story's
state, tags or bylines change, so it is kept beside them, like `Source.public_since`
(stories.source_times), and recomputed with it (stories.story_facts).

Three times per tag (`TagTimes`) and per author (columns on `Author`), over its
published and archived stories, as of the moment R they were last recomputed:

- `public_since`: the earliest moment one of them is live. The tag or author is listed
  from then on, so a scheduled story makes it public at its time without any write, and
  one with only drafts or scheduled stories is never listed early.
- `last_published_at`: the newest `published_at` among those live at R: the sitemap's
  `lastmod` (never in the future, never a pending story's).
- `next_live_at`: the earliest moment after R one of them goes live. Until then nothing
  has changed and `lastmod` is exact; once a scheduled story has gone live, the sitemap
  asks the live stories for that row alone (see newsroom.sitemaps) until the row is next
  recomputed (any change to its stories, or the command below).

Beside them, each tag row (`TaggedStory.published_at`) keeps a copy of its story's
publication time, so a tag's newest stories are read from one index (tag page, tag feed,
related stories) instead of sorting all of the tag's stories. It must always equal the
story's own time, drafts included (NULL for a story without one): every path that
changes a story's time or writes tag rows says so through stories.story_facts, which
rewrites the copies of those stories' rows; a tag row written with its story's time
(the importer, the archive generator) is already right and is left alone.

`manage.py refresh_source_times` rebuilds these too.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, Max, Min, OuterRef, Q, Subquery
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils import timezone

from .models import Author, Byline, Story, TaggedStory, TagTimes
from .source_times import limited_to, live_from


def _public(rows, story: str):
    # A story without a publication time is never live, whatever its status.
    return rows.filter(
        **{f"{story}__status__in": Story.PUBLIC_STATUSES, f"{story}__published_at__isnull": False}
    )


def expected_tag_times(tag_ids: set[int] | None = None, *, now=None) -> dict[int, tuple]:
    """{tag id: (public_since, last_published_at, next_live_at)} from the stories at `now`."""
    now = now or timezone.now()
    rows = _public(TaggedStory.objects.all(), "content_object")
    if tag_ids is not None:
        rows = rows.filter(tag_id__in=tag_ids)
    live = live_from("content_object__")
    rows = (
        rows.order_by()
        .values("tag_id")
        .annotate(
            first=Min(live),
            published=Max("content_object__published_at", filter=LessThanOrEqual(live, now)),
            next=Min(live, filter=GreaterThan(live, now)),
        )
    )
    return {row["tag_id"]: (row["first"], row["published"], row["next"]) for row in rows}


def refresh_tag_times(tag_ids: Iterable[int] | None = None) -> int:
    """Rewrite the rows of these tags (all when None): one read, one delete, one insert."""
    ids = None if tag_ids is None else set(tag_ids)
    if ids is not None and not ids:
        return 0
    times = expected_tag_times(ids)
    rows = [
        TagTimes(tag_id=tag, public_since=first, last_published_at=published, next_live_at=later)
        for tag, (first, published, later) in times.items()
    ]
    # No savepoint inside the workflow's own transaction: the two writes stay together.
    with transaction.atomic(savepoint=False):
        stale = TagTimes.objects.all() if ids is None else TagTimes.objects.filter(pk__in=ids)
        stale.delete()
        TagTimes.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def _copy_differs() -> Q:
    """Tag rows whose copy of the story's time is not the story's time (NULLs compared)."""
    story = "content_object__published_at"
    return (
        Q(published_at__lt=F(story))
        | Q(published_at__gt=F(story))
        | Q(published_at__isnull=True, **{f"{story}__isnull": False})
        | Q(published_at__isnull=False, **{f"{story}__isnull": True})
    )


def refresh_tagged_times(story_ids: Iterable[int] | None = None) -> int:
    """Copy these stories' publication times (all when None) onto their tag rows, in one
    UPDATE of the rows that differ."""
    rows = limited_to(TaggedStory.objects.all(), story_ids, "content_object_id")
    if rows is None:
        return 0
    story_time = Story.objects.filter(pk=OuterRef("content_object_id")).order_by()
    story_time = story_time.values("published_at")
    return rows.filter(_copy_differs()).update(published_at=Subquery(story_time[:1]))


def stale_tagged_times() -> int:
    """How many tag rows hold a time that is not their story's (for checks)."""
    return TaggedStory.objects.filter(_copy_differs()).count()


def _author_time(order: str, column: str, live=None) -> Subquery:
    """For a query over authors: the first of their public bylines in this order."""
    rows = _public(Byline.objects.filter(author=OuterRef("pk")), "story")
    rows = rows.annotate(live_from=live_from("story__"))
    if live is not None:
        rows = rows.filter(**live)
    return Subquery(rows.order_by(order).values(column)[:1])


def _author_times(now=None) -> dict:
    now = now or timezone.now()
    return {
        "public_since": _author_time("live_from", "live_from"),
        "last_published_at": _author_time(
            "-story__published_at", "story__published_at", {"live_from__lte": now}
        ),
        "next_live_at": _author_time("live_from", "live_from", {"live_from__gt": now}),
    }


def refresh_author_times(author_ids: Iterable[int] | None = None) -> int:
    """Recompute these authors' times (all when None) in one UPDATE."""
    authors = limited_to(Author.objects.all(), author_ids)
    return 0 if authors is None else authors.update(**_author_times())


def stale_listing_times() -> int:
    """How many tags and authors hold times that differ from the stories now (for checks).

    A row whose scheduled story has gone live since it was computed counts: the sitemap
    reads the stories for it until it is refreshed.
    """
    now = timezone.now()
    expected = expected_tag_times(now=now)
    held = {
        row[0]: row[1:]
        for row in TagTimes.objects.values_list(
            "tag_id", "public_since", "last_published_at", "next_live_at"
        )
    }
    stale_tags = sum(
        1 for tag in expected.keys() | held.keys() if expected.get(tag) != held.get(tag)
    )
    times = _author_times(now)
    authors = Author.objects.annotate(**{f"expected_{c}": e for c, e in times.items()})
    rows = authors.values_list(*times, *[f"expected_{c}" for c in times])
    stale_authors = sum(1 for row in rows if row[:3] != row[3:])
    return stale_tags + stale_authors

"""`Source.public_since`: when each source first appeared in a story readers can see.

/sources/, the sources sitemap and search list the public sources "in the news". Asking
that of the stories on every request joined the whole archive (1.5 to 2 s at 100,000
stories); the answer only changes when a story's state or its sources change, so it is
kept on the source instead and the pages read an indexed column.

The one place that changes it is here, called by the workflow (stories.publishing and
stories.state), the admin's story save, the importer and the bootstrap; the column is a
time, not a flag, so a scheduled or embargoed story makes its sources public when it
goes live without any write. Bulk paths wrap their work in `public_since_batch()` so the
sources are recomputed once per batch instead of once per story, and
`manage.py refresh_source_times` rebuilds every row (after a raw restore, say).

It never decides confidentiality: `public_sources()` still filters confidential sources
out of every list, whatever this column holds.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest, Least

from sources.models import Source

from .models import Quote, Story

# The sources touched inside the innermost public_since_batch(), or None outside one.
_pending: ContextVar[set[int] | None] = ContextVar("public_since_pending", default=None)

Mentioned = Story.mentioned_sources.through


def live_from(story: str = ""):
    """The moment a public-status story goes live: its publication, or its embargo's end."""
    published, embargo = f"{story}published_at", f"{story}embargo_until"
    return Greatest(published, Coalesce(embargo, published))


def _first_live() -> Coalesce:
    """The earliest time a published or archived story quoting or naming the source went live.

    For a query over sources (the outer row is the source). Each half starts from the
    source's own quotes or mentions (by their source index), never from the stories: the
    fill of a 100,000-story archive is then one pass over the quotes, not over the stories
    once per source.
    """
    firsts = [
        Subquery(
            rows.filter(source=OuterRef("pk"), story__status__in=Story.PUBLIC_STATUSES)
            .annotate(live_from=live_from("story__"))
            .order_by("live_from")
            .values("live_from")[:1]
        )
        for rows in (Quote.objects.all(), Mentioned.objects.all())
    ]
    # The earlier of the two, either of which may be missing (NULL).
    return Least(Coalesce(*firsts), Coalesce(*reversed(firsts)))


def refresh_source_times(source_ids: Iterable[int] | None = None) -> int:
    """Recompute `public_since` for these sources (all when None) in one UPDATE.

    Returns the number of sources updated.
    """
    sources = Source.objects.all()
    if source_ids is not None:
        ids = set(source_ids)
        if not ids:
            return 0
        sources = sources.filter(pk__in=ids)
    return sources.update(public_since=_first_live())


def sources_of(story_ids: Iterable[int]) -> set[int]:
    """The ids of the sources these stories quote or name, in one query."""
    ids = list(story_ids)
    if not ids:
        return set()
    quoted = Quote.objects.filter(story_id__in=ids).order_by().values_list("source_id", flat=True)
    named = (
        Mentioned.objects.filter(story_id__in=ids).order_by().values_list("source_id", flat=True)
    )
    return set(quoted.union(named))


def sources_changed(source_ids: Iterable[int]) -> None:
    """These sources' stories changed: recompute them now, or at the end of the batch."""
    pending = _pending.get()
    if pending is not None:
        pending.update(source_ids)
    else:
        refresh_source_times(source_ids)


def stories_changed(story_ids: Iterable[int], *, before: Iterable[int] = ()) -> None:
    """These stories' state or sources changed; `before` are sources they had until now."""
    sources_changed(sources_of(story_ids) | set(before))


@contextmanager
def public_since_batch() -> Iterator[None]:
    """Collect the sources changed inside the block and recompute each once at its end."""
    if _pending.get() is not None:  # Nested: the outer batch recomputes.
        yield
        return
    pending: set[int] = set()
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    # Not after a rollback was asked for (a dry run): nothing the batch wrote will stay.
    if not transaction.get_connection().needs_rollback:
        refresh_source_times(pending)


def stale_source_times() -> int:
    """How many sources' `public_since` differs from what the stories say (for checks)."""
    sources = Source.objects.annotate(expected=_first_live())
    return sources.exclude(
        Q(public_since=F("expected")) | Q(public_since__isnull=True, expected__isnull=True)
    ).count()

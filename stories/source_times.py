"""`Source.public_since`: when each source first appeared in a story readers can see.

/sources/, the sources sitemap and search list the public sources "in the news". Asking
that of the stories on every request joined the whole archive (1.5 to 2 s at 100,000
stories); the answer only changes when a story's state or its sources change, so it is
kept on the source instead and the pages read an indexed column.

The one place that computes it is here; stories.story_facts calls it with the sources
of the stories the workflow, the admin's save and the importer change (once per batch
for bulk paths), and `manage.py refresh_source_times` rebuilds every row (after a raw
restore, say). The column is a time, not a flag, so a scheduled or embargoed story makes
its sources public when it goes live without any write.

It never decides confidentiality: `public_sources()` still filters confidential sources
out of every list, whatever this column holds.
"""

from collections.abc import Iterable

from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest, Least

from sources.models import Source

from .models import Quote, Story

Mentioned = Story.mentioned_sources.through


def limited_to(rows, ids: Iterable[int] | None, field: str = "pk"):
    """The rows whose `field` is one of these ids (all rows when None), or None when the
    ids are an empty set: a refresh of nothing runs no query."""
    if ids is None:
        return rows
    ids = set(ids)
    return rows.filter(**{f"{field}__in": ids}) if ids else None


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
    sources = limited_to(Source.objects.all(), source_ids)
    return 0 if sources is None else sources.update(public_since=_first_live())


def stale_source_times() -> int:
    """How many sources' `public_since` differs from what the stories say (for checks)."""
    sources = Source.objects.annotate(expected=_first_live())
    return sources.exclude(
        Q(public_since=F("expected")) | Q(public_since__isnull=True, expected__isnull=True)
    ).count()

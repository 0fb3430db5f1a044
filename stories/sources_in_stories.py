"""Sources as readers meet them in stories: who is in a story, and who is in the news.

Which sources are public is decided once, in `sources.models.public_sources()`. What
needs stories is composed here, because stories may import sources and never the
reverse: the sources named in one story, the public sources in any published story
(/sources/, the sitemap and search), and the published stories quoting or naming one.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from sources.models import Source, SourceQuerySet, public_sources

from .models import Quote, Story, StoryQuerySet


@dataclass
class NamedSource:
    """A public source in a story, with the quotes it gave the story (none if only mentioned)."""

    source: Source
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class StorySources:
    named: list[NamedSource]
    # Attributions as printed ("a city official who requested anonymity"): a confidential
    # source's quote is credited by these words only, never by its Source.
    anonymous: list[str]

    def __bool__(self):
        return bool(self.named or self.anonymous)


def story_sources_prefetches() -> list[Prefetch]:
    """Prefetches that let `story_sources` run without queries: two, whatever the story."""
    return [
        Prefetch(
            "quotes",
            queryset=Quote.objects.select_related("source").order_by("position", "id"),
        ),
        # Confidential sources are never even fetched for a mentioned-sources list.
        Prefetch("mentioned_sources", queryset=public_sources()),
    ]


def story_sources(story) -> StorySources:
    """Public sources in quote order, then those only mentioned; confidential ones anonymised."""
    named: dict[int, NamedSource] = {}
    anonymous: list[str] = []
    for quote in story.quotes.all():
        if not quote.source.is_public:
            if quote.attribution and quote.attribution not in anonymous:
                anonymous.append(quote.attribution)
            continue
        named.setdefault(quote.source_id, NamedSource(source=quote.source)).quotes.append(quote)
    for source in story.mentioned_sources.all():
        # story_sources_prefetches() already leaves them out; this keeps any other caller safe.
        if not source.is_public:
            continue
        named.setdefault(source.pk, NamedSource(source=source))
    return StorySources(named=list(named.values()), anonymous=anonymous)


def sources_in_the_news(*, now=None) -> SourceQuerySet:
    """Public sources quoted or mentioned in at least one published story, each once.

    /sources/, the sources sitemap and search list exactly these: a source entered ahead
    of a draft ("Police chief nominee") would give the draft away. Read from
    `Source.public_since`, which stories.source_times keeps as stories change, so no
    request joins the archive's stories.
    """
    return public_sources().in_the_news(now=now)


def quoting_or_naming(stories: StoryQuerySet, source: Source) -> StoryQuerySet:
    """Those of `stories` that quote `source` or mention it, each once.

    The source's story ids are read first (one query over its quotes and mentions, by
    their source index), so the stories are looked up by id: as a correlated filter,
    PostgreSQL walked the newest stories until it had found a page of this source's
    (53,000 rows for a source in 34 stories at 100,000).
    """
    quoted = Quote.objects.filter(source=source).order_by().values_list("story_id", flat=True)
    named = (
        Story.mentioned_sources.through.objects.filter(source=source)
        .order_by()
        .values_list("story_id", flat=True)
    )
    return stories.filter(pk__in=set(quoted.union(named)))

"""Who is in a story: its quoted and mentioned sources, as a reader may see them."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from sources.models import Source

from .models import Quote


@dataclass
class Person:
    """A public source in a story, with the quotes it gave the story (none if only mentioned)."""

    source: Source
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class StoryPeople:
    named: list[Person]
    # Attributions as printed ("a city official who requested anonymity"): a confidential
    # source's quote is credited by these words only, never by its Source.
    anonymous: list[str]

    def __bool__(self):
        return bool(self.named or self.anonymous)


def people_prefetches() -> list[Prefetch]:
    """Prefetches that let `people_in_story` run without queries: two, whatever the story."""
    return [
        Prefetch(
            "quotes",
            queryset=Quote.objects.select_related("source").order_by("position", "id"),
        ),
        # Confidential sources are never even fetched for a mentioned-sources list.
        Prefetch(
            "mentioned_sources",
            queryset=Source.objects.public(),
        ),
    ]


def people_in_story(story) -> StoryPeople:
    """Public sources in quote order, then those only mentioned; confidential ones anonymised."""
    named: dict[int, Person] = {}
    anonymous: list[str] = []
    for quote in story.quotes.all():
        if quote.source.confidential:
            if quote.attribution and quote.attribution not in anonymous:
                anonymous.append(quote.attribution)
            continue
        named.setdefault(quote.source_id, Person(source=quote.source)).quotes.append(quote)
    for source in story.mentioned_sources.all():
        # people_prefetches() already leaves them out; this keeps any other caller safe.
        if source.confidential:
            continue
        named.setdefault(source.pk, Person(source=source))
    return StoryPeople(named=list(named.values()), anonymous=anonymous)

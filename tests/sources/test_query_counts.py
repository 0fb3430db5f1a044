"""The source pages and a story with many quotes cost the same queries at any size
(tests/query_budget.py)."""

import pytest
from django.urls import reverse

from sources.models import Source
from tests.factories import AuthorFactory, QuoteFactory, SourceFactory, StoryFactory, mention
from tests.query_budget import SIZES, assert_query_budget

pytestmark = pytest.mark.django_db


def quoted_sources(size):
    """`size` affiliated sources, each quoted in its own story with a byline and tags."""
    org = SourceFactory(kind=Source.Kind.ORGANISATION, name="City Hall", slug="city-hall")
    author = AuthorFactory()
    return [
        QuoteFactory(
            source=SourceFactory(affiliation=org),
            story__authors=[author],
            story__tags=["City Hall", f"Topic {n}"],
        ).source
        for n in range(size)
    ]


def test_source_list_query_budget(client):
    # count + page of sources with affiliations + letter index + navigation
    responses = assert_query_budget(
        build=quoted_sources, act=lambda _: client.get(reverse("sources:list")), budget=4
    )
    assert [len(r.context["sources"]) for r in responses] == list(SIZES)


def quoted_and_mentioned_source(size):
    """One affiliated source quoted in `size` stories and mentioned in `size` more."""
    source = SourceFactory(affiliation=SourceFactory(kind=Source.Kind.ORGANISATION))
    author = AuthorFactory()
    for n in range(size):
        QuoteFactory(source=source, story__authors=[author], story__tags=[f"Topic {n}"])
        mention(StoryFactory(authors=[author]), source)
    return source


def test_source_profile_query_budget(client):
    # source + quotes (the page's ids, those rows) + stories (the source's story ids, the
    # page's ids, those rows, bylines, tags) + navigation: no counts, each page fetches one
    # row more than it shows (stories/paging.py)
    responses = assert_query_budget(
        build=quoted_and_mentioned_source,
        act=lambda source: client.get(source.get_absolute_url()),
        budget=9,
    )
    assert [len(r.context["quotes_page"]) for r in responses] == [min(n, 25) for n in SIZES]


def story_with_quotes(size):
    """A story quoting `size` speakers, one twice, and naming `size` more sources."""
    texts = [f"Statement number {n} from the speaker" for n in range(size)]
    story = StoryFactory(body="".join(f"<p>“{text},” said a speaker.</p>" for text in texts))
    for position, text in enumerate(texts):
        QuoteFactory(story=story, text=text, position=position)
    # One more quote from a speaker already quoted: still one person in the box.
    QuoteFactory(story=story, source=story.quotes.first().source, text=texts[-1])
    mention(story, *SourceFactory.create_batch(size))
    mention(story, SourceFactory(confidential=True))  # never in the box
    return story


def test_story_with_many_quotes_query_budget(client):
    # the first render after a change (no fragment cached): story + bylines + tags + quotes
    # with sources + mentioned sources + related (by tag, by section) + navigation +
    # corrections + races
    responses = assert_query_budget(
        build=story_with_quotes, act=lambda story: client.get(story.get_absolute_url()), budget=10
    )
    assert [len(r.context["story_people"].named) for r in responses] == [2 * n for n in SIZES]

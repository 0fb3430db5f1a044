"""The source pages and a story with many quotes cost the same queries at any size."""

import pytest
from django.urls import reverse

from sources.models import Source
from tests.factories import AuthorFactory, QuoteFactory, SourceFactory, StoryFactory

pytestmark = pytest.mark.django_db

SIZES = [3, 30]


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


@pytest.mark.parametrize("size", SIZES)
def test_source_list_query_budget(client, django_assert_num_queries, size):
    quoted_sources(size)
    # count + page of sources with affiliations + letter index + navigation
    with django_assert_num_queries(4):
        response = client.get(reverse("sources:list"))
    assert response.status_code == 200
    assert len(response.context["sources"]) == size


@pytest.mark.parametrize("size", SIZES)
def test_source_profile_query_budget(client, django_assert_num_queries, size):
    source = SourceFactory(affiliation=SourceFactory(kind=Source.Kind.ORGANISATION))
    author = AuthorFactory()
    for n in range(size):
        QuoteFactory(source=source, story__authors=[author], story__tags=[f"Topic {n}"])
        StoryFactory(authors=[author]).mentioned_sources.add(source)
    # source + quotes (count, page) + stories (count, page, bylines, tags) + navigation
    with django_assert_num_queries(8):
        response = client.get(source.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["quotes_page"]) == min(size, 25)


@pytest.mark.parametrize("size", SIZES)
def test_story_with_many_quotes_query_budget(client, django_assert_num_queries, size):
    texts = [f"Statement number {n} from the speaker" for n in range(size)]
    story = StoryFactory(body="".join(f"<p>“{text},” said a speaker.</p>" for text in texts))
    for position, text in enumerate(texts):
        QuoteFactory(story=story, text=text, position=position)
    # One more quote from a speaker already quoted: still one person in the box.
    QuoteFactory(story=story, source=story.quotes.first().source, text=texts[-1])
    story.mentioned_sources.add(*SourceFactory.create_batch(size))
    story.mentioned_sources.add(SourceFactory(confidential=True))  # never in the box
    # story + bylines + tags + quotes with sources + mentioned sources + related + navigation
    # + corrections + races
    with django_assert_num_queries(9):
        response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["story_people"].named) == 2 * size

"""Which sources a reader may learn of: one rule, asked in SQL and on a loaded row alike."""

import pytest

from sources.models import Source, public_sources
from stories.models import Story
from stories.sources_in_stories import quoting_or_naming, sources_in_the_news
from tests.factories import QuoteFactory, SourceFactory, StoryFactory, mention

pytestmark = pytest.mark.django_db


def test_public_sources_leave_out_confidential_ones_and_agree_with_is_public():
    named = SourceFactory(name="Pat Public")
    secret = SourceFactory(name="Dana Mole", confidential=True)
    assert list(public_sources()) == [named]
    assert [source.is_public for source in (named, secret)] == [True, False]


def test_public_affiliation_never_names_a_confidential_organisation():
    org = SourceFactory(kind=Source.Kind.ORGANISATION, name="Harbor Trust")
    secret_org = SourceFactory(kind=Source.Kind.ORGANISATION, confidential=True)
    assert SourceFactory(affiliation=org).public_affiliation == org
    assert SourceFactory(affiliation=secret_org).public_affiliation is None
    assert SourceFactory(affiliation=None).public_affiliation is None


def test_in_the_news_means_public_and_quoted_or_mentioned_in_a_published_story():
    quoted, mentioned = SourceFactory(name="Quoted"), SourceFactory(name="Mentioned")
    QuoteFactory(source=quoted)
    mention(StoryFactory(), mentioned)
    only_in_a_draft = SourceFactory(name="Draft Only")
    mention(StoryFactory(status=Story.Status.DRAFT), only_in_a_draft)
    secret = SourceFactory(name="Secret", confidential=True)
    QuoteFactory(source=secret)
    SourceFactory(name="Never Quoted")
    assert set(sources_in_the_news()) == {quoted, mentioned}


def test_quoting_or_naming_lists_each_story_once():
    source = SourceFactory()
    quote = QuoteFactory(source=source)
    story = quote.story
    QuoteFactory(source=source, story=story, text=quote.text)
    mention(story, source)
    StoryFactory()  # neither quotes nor names the source
    assert list(quoting_or_naming(Story.objects.published(), source)) == [story]

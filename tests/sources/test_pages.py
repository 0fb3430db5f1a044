"""The public source pages: /sources/, /sources/<slug>/ and the story page's people box."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from media.models import Image as LibraryImage
from sources.models import Source
from stories.models import Quote, Story
from tests.factories import QuoteFactory, SourceFactory, StoryFactory, mention, stored_image

pytestmark = pytest.mark.django_db


def text_of(response):
    return response.content.decode()


# The seed ------------------------------------------------------------------


def test_every_seed_quote_is_valid_against_the_seed_body(seed):
    quotes = list(seed.quotes.all())
    assert len(quotes) == 7
    for quote in quotes:
        quote.full_clean()


def test_seed_story_page_names_and_links_its_speakers(client, seed):
    content = text_of(client.get(seed.get_absolute_url()))
    box = content.split('id="story-people-heading"', 1)[1].split("</aside>", 1)[0]
    for slug in [
        "karen-bass",
        "rick-caruso",
        "joe-biden",
        "kamala-harris",
        "marvin-hier",
        "simon-wiesenthal-center",
    ]:
        source = Source.objects.get(slug=slug)
        assert f'<a href="{source.get_absolute_url()}">{source.name}</a>' in box
    # Speakers in the order the story quotes them, each once, then those only mentioned.
    names = re.findall(r'<a href="/sources/[^"]+/">([^<]+)</a>', box)
    assert names == [
        "Rick Caruso",
        "Karen Bass",
        "Joe Biden",
        "Kamala Harris",
        "Marvin Hier",
        "Simon Wiesenthal Center",
    ]


def test_rick_caruso_profile_lists_his_three_seed_quotes(client, seed):
    content = text_of(client.get("/sources/rick-caruso/"))
    caruso_quotes = Quote.objects.filter(source__slug="rick-caruso")
    assert caruso_quotes.count() == 3
    for quote in caruso_quotes:
        assert quote.text.replace("'", "&#x27;") in content
    assert content.count(f'href="{seed.get_absolute_url()}"') >= 3
    assert "Aug. 2, 2022" in content


def test_marvin_hier_profile_links_his_organisation(client, seed):
    content = text_of(client.get("/sources/marvin-hier/"))
    assert '<a href="/sources/simon-wiesenthal-center/">Simon Wiesenthal Center</a>' in content


# /sources/ -----------------------------------------------------------------


def test_list_is_alphabetical_by_sort_name_and_only_has_people_in_published_stories(client):
    for name, sort_name in [("Zoe Adams", "Adams, Zoe"), ("Al Young", "Young, Al")]:
        QuoteFactory(source=SourceFactory(name=name, sort_name=sort_name))
    QuoteFactory(
        source=SourceFactory(name="Dee Draft"),
        story=StoryFactory(status=Story.Status.DRAFT, body="<p>“We will fix the roads.”</p>"),
        text="We will fix the roads",
    )
    QuoteFactory(
        source=SourceFactory(name="Sam Scheduled"),
        story=StoryFactory(
            published_at=timezone.now() + timedelta(days=1), body="<p>“Soon,” she said.</p>"
        ),
        text="Soon",
    )
    mentioned = SourceFactory(name="Mo Mentioned", sort_name="Mentioned, Mo")
    mention(StoryFactory(), mentioned)
    SourceFactory(name="Never Quoted")
    content = text_of(client.get(reverse("sources:list")))
    listed = re.findall(r'<a href="/sources/[^"]+/">([^<]+)</a>', content)
    assert listed == ["Zoe Adams", "Mo Mentioned", "Al Young"]


def test_letter_index_links_only_letters_with_sources_and_filters(client):
    QuoteFactory(source=SourceFactory(name="Bo Baker", sort_name="Baker, Bo"))
    QuoteFactory(source=SourceFactory(name="Cy Cole", sort_name="Cole, Cy"))
    content = text_of(client.get(reverse("sources:list")))
    assert 'href="?letter=B"' in content
    assert 'href="?letter=C"' in content
    assert 'href="?letter=D"' not in content
    assert '<span class="letter-index__empty">D</span>' in content
    content = text_of(client.get(reverse("sources:list"), {"letter": "c"}))
    assert "Cy Cole" in content and "Bo Baker" not in content
    assert '<span aria-current="page">C</span>' in content


def test_names_not_starting_with_a_letter_are_under_hash_and_case_does_not_sort(client):
    QuoteFactory(source=SourceFactory(name="3M", sort_name="3M"))
    QuoteFactory(source=SourceFactory(name="Rosa de la Cruz", sort_name="de la Cruz, Rosa"))
    QuoteFactory(source=SourceFactory(name="Eli Eng", sort_name="Eng, Eli"))
    content = text_of(client.get(reverse("sources:list")))
    listed = re.findall(r'<a href="/sources/[^"]+/">([^<]+)</a>', content)
    assert listed == ["3M", "Rosa de la Cruz", "Eli Eng"]
    assert 'href="?letter=%23"' in content
    content = text_of(client.get(reverse("sources:list"), {"letter": "#"}))
    listed = re.findall(r'<a href="/sources/[^"]+/">([^<]+)</a>', content)
    assert listed == ["3M"]


def test_list_is_paginated(client):
    for n in range(52):
        QuoteFactory(source=SourceFactory(name=f"Person {n:02}", sort_name=f"Person {n:02}"))
    first = text_of(client.get(reverse("sources:list")))
    assert "Person 49" in first and "Person 50" not in first
    assert 'href="?page=2"' in first
    second = text_of(client.get(reverse("sources:list"), {"page": 2}))
    assert "Person 50" in second and "Person 51" in second and "Person 00" not in second


# /sources/<slug>/ ----------------------------------------------------------


def test_profile_shows_public_fields_newest_quote_first_and_no_unpublished_quotes(client):
    org = SourceFactory(name="Port Authority", slug="port-authority", kind="organisation")
    source = SourceFactory(
        name="Ana Reyes",
        slug="ana-reyes",
        title="Harbor commissioner",
        bio="Commissioner since 2019.",
        party="Democrat",
        website="https://reyes.example/",
        affiliation=org,
        contact_email="ana.private@example.test",
        photo=LibraryImage.objects.create(
            file=stored_image("sources/2026/ana-reyes.jpg"),
            alt_text="Ana Reyes at the port",
            credit="Port of Los Angeles",
        ),
    )
    old = QuoteFactory(source=source, text="Old words", story__headline="Harbor deal signed")
    new = QuoteFactory(source=source, text="New words", story__headline="Harbor deal expands")
    Story.objects.filter(pk=old.story_id).update(published_at=timezone.now() - timedelta(days=9))
    Story.objects.filter(pk=new.story_id).update(published_at=timezone.now() - timedelta(days=1))
    QuoteFactory(
        source=source,
        text="Secret draft words",
        story=StoryFactory(status=Story.Status.DRAFT, body="<p>Secret draft words</p>"),
    )
    content = text_of(client.get(source.get_absolute_url()))
    assert '<meta name="robots"' not in content
    assert '<img src="/media/sources/2026/ana-reyes.jpg" alt="Ana Reyes">' in content
    for public in ["Harbor commissioner", "Commissioner since 2019.", "Democrat", "Port of Los"]:
        assert public in content
    assert 'href="https://reyes.example/"' in content
    assert '<a href="/sources/port-authority/">Port Authority</a>' in content
    assert content.index("New words") < content.index("Old words")
    assert f'href="{new.story.get_absolute_url()}"' in content
    assert "Secret draft words" not in content
    assert "ana.private@example.test" not in content


def test_profile_lists_stories_that_only_mention_the_source(client):
    source = SourceFactory()
    story = StoryFactory(headline="Budget hearing runs late")
    mention(story, source)
    content = text_of(client.get(source.get_absolute_url()))
    assert "Budget hearing runs late" in content
    assert "No quotes in our published stories yet." in content


def test_source_without_public_appearances_still_has_a_profile(client):
    source = SourceFactory(name="New Candidate")
    response = client.get(source.get_absolute_url())
    assert response.status_code == 200
    assert "No published stories quote or name New Candidate yet." in text_of(response)
    assert '<meta name="robots" content="noindex">' in text_of(response)


def test_confidential_affiliation_is_not_named_on_a_profile(client):
    secret_org = SourceFactory(name="Hidden Bureau", kind="organisation", confidential=True)
    source = SourceFactory(affiliation=secret_org)
    content = text_of(client.get(source.get_absolute_url()))
    assert "Hidden Bureau" not in content


# Story page ----------------------------------------------------------------


def test_story_box_marks_quoted_and_mentioned_people(client):
    quote = QuoteFactory(source=SourceFactory(name="Quinn Quoted"))
    mention(quote.story, SourceFactory(name="Max Mentioned"))
    content = text_of(client.get(quote.story.get_absolute_url()))
    box = content.split('id="story-people-heading"', 1)[1]
    assert re.search(r"Quinn Quoted</a>.*?quoted", box, re.S)
    assert re.search(r"Max Mentioned</a>.*?mentioned", box, re.S)


def test_story_without_sources_has_no_people_box(client):
    story = StoryFactory()
    assert "People in this story" not in text_of(client.get(story.get_absolute_url()))

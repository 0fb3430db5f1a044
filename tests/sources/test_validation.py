"""Bad input gets a clear message and leaves the database as it was."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sources.models import Source
from stories import publishing
from stories.models import Quote, Story
from tests.factories import QuoteFactory, SectionFactory, SourceFactory, StoryFactory
from tests.stories.test_admin import story_form

pytestmark = pytest.mark.django_db

NOT_IN_BODY = "This quote is not in the story"


def quote_forms(*quotes, initial=0):
    data = {
        "quotes-TOTAL_FORMS": str(len(quotes)),
        "quotes-INITIAL_FORMS": str(initial),
    }
    for n, quote in enumerate(quotes):
        data.update({f"quotes-{n}-{key}": value for key, value in quote.items()})
    return data


def test_quote_must_appear_in_the_story_body():
    story = StoryFactory(body="<p>“We are broke,” said the treasurer.</p>")
    quote = Quote(story=story, source=SourceFactory(), text="We are rich", attribution="said")
    with pytest.raises(ValidationError) as error:
        quote.full_clean()
    assert NOT_IN_BODY in error.value.message_dict["text"][0]


def test_quote_matching_ignores_markup_entities_curly_quotes_and_spacing():
    story = StoryFactory(
        body="<p>&ldquo;We&rsquo;re <em>not</em>\n   broke,&rdquo; said the treasurer.</p>"
    )
    Quote(
        story=story, source=SourceFactory(), text="We're not broke", attribution="said"
    ).full_clean()


def test_a_paragraph_break_counts_as_a_word_break():
    story = StoryFactory(body="<p>It ends here</p><p>and starts here.</p>")
    quote = Quote(story=story, source=SourceFactory(), text="hereand starts")
    with pytest.raises(ValidationError):
        quote.full_clean()


def test_paraphrase_need_not_match_the_body():
    story = StoryFactory(body="<p>The treasurer said the city had no money.</p>")
    Quote(
        story=story,
        source=SourceFactory(),
        text="the city is out of money",
        method=Quote.Method.PARAPHRASE,
    ).full_clean()


def test_admin_refuses_a_story_whose_quote_is_not_in_the_body_and_saves_nothing(editor_client):
    source = SourceFactory()
    data = story_form(
        body="<p>“We are broke,” said the treasurer.</p>",
        **quote_forms(
            {"position": "0", "source": source.pk, "text": "We are rich", "method": "spoken"}
        ),
    )
    response = editor_client.post(reverse("admin:stories_story_add"), data)
    assert response.status_code == 200
    assert NOT_IN_BODY in response.content.decode()
    assert not Story.objects.exists()
    assert not Quote.objects.exists()


def test_admin_saves_a_story_with_its_quotes_and_mentioned_sources(editor_client, editor):
    speaker, mentioned = SourceFactory(), SourceFactory()
    data = story_form(
        body="<p>“We are broke,” said the treasurer.</p>",
        mentioned_sources=[mentioned.pk],
        **quote_forms(
            {"position": "0", "source": speaker.pk, "text": "We are broke", "method": "spoken"}
        ),
    )
    assert editor_client.post(reverse("admin:stories_story_add"), data).status_code == 302
    story = Story.objects.get()
    assert [q.source for q in story.quotes.all()] == [speaker]
    assert list(story.mentioned_sources.all()) == [mentioned]
    # A draft: neither is in the news yet; publishing it puts both there.
    assert not Source.objects.filter(public_since__isnull=False).exists()
    Story.objects.filter(pk=story.pk).update(credit="City News Service", section=SectionFactory())
    story.tags.add("Budget")
    publishing.publish(story=story, user=editor, override_reason="A test of the sources.")
    assert set(Source.objects.in_the_news()) == {speaker, mentioned}


def test_editing_the_body_out_from_under_a_quote_is_refused(editor_client):
    quote = QuoteFactory()
    story = quote.story
    old_body = story.body
    data = story_form(
        headline=story.headline,
        slug=story.slug,
        body="<p>Rewritten without the quote.</p>",
        **quote_forms(
            {
                "id": quote.pk,
                "story": story.pk,
                "position": quote.position,
                "source": quote.source_id,
                "text": quote.text,
                "method": quote.method,
                "attribution": quote.attribution,
            },
            initial=1,
        ),
    )
    response = editor_client.post(reverse("admin:stories_story_change", args=[story.pk]), data)
    assert response.status_code == 200
    assert NOT_IN_BODY in response.content.decode()
    story.refresh_from_db()
    assert story.body == old_body


def test_source_cannot_be_its_own_affiliation():
    org = SourceFactory(kind=Source.Kind.ORGANISATION)
    org.affiliation = org
    with pytest.raises(ValidationError) as error:
        org.full_clean()
    assert error.value.message_dict["affiliation"] == ["A source cannot be its own affiliation."]


def test_affiliation_must_be_an_organisation():
    person = SourceFactory(name="Ana Reyes")
    other = SourceFactory(affiliation=None)
    other.affiliation = person
    with pytest.raises(ValidationError) as error:
        other.full_clean()
    assert any("Ana Reyes is a person" in m for m in error.value.message_dict["affiliation"])


def test_organisation_with_affiliates_cannot_become_a_person():
    org = SourceFactory(kind=Source.Kind.ORGANISATION)
    SourceFactory(affiliation=org)
    org.kind = Source.Kind.PERSON
    with pytest.raises(ValidationError) as error:
        org.full_clean()
    assert "affiliated with this organisation" in error.value.message_dict["kind"][0]


ADMIN_SOURCE = {
    "kind": "person",
    "name": "Ana Reyes",
    "sort_name": "Reyes, Ana",
    "slug": "ana-reyes",
    "title": "",
    "party": "",
    "bio": "",
    "website": "",
    "quotes-TOTAL_FORMS": "0",
    "quotes-INITIAL_FORMS": "0",
}


@pytest.mark.parametrize(
    ("problem", "message"),
    [
        ("duplicate_slug", "Source with this Slug already exists."),
        ("own_affiliation", "A source cannot be its own affiliation."),
        ("person_affiliation", "Choose an organisation: a person cannot be an affiliation."),
    ],
)
def test_admin_shows_a_clear_message_and_changes_nothing(editor_client, problem, message):
    org = SourceFactory(name="City Hall", slug="city-hall", kind=Source.Kind.ORGANISATION)
    person = SourceFactory(name="Bo Person", slug="bo-person")
    before = list(Source.objects.values())
    if problem == "duplicate_slug":
        url = reverse("admin:sources_source_add")
        data = {**ADMIN_SOURCE, "slug": "city-hall"}
    elif problem == "own_affiliation":
        url = reverse("admin:sources_source_change", args=[org.pk])
        data = {**ADMIN_SOURCE, "kind": "organisation", "name": "City Hall", "slug": "city-hall"}
        data["affiliation"] = org.pk
    else:
        url = reverse("admin:sources_source_add")
        data = {**ADMIN_SOURCE, "affiliation": person.pk}
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert list(Source.objects.values()) == before

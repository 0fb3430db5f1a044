"""Editor aids in the story admin: search by byline and source, View on site for drafts."""

import pytest
from django.urls import reverse

from sources.models import Source
from stories.models import Quote, Story
from tests.factories import AuthorFactory, StoryFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:stories_story_changelist")


def found(client, query):
    response = client.get(CHANGELIST, {"q": query})
    return {story.headline for story in response.context["cl"].result_list}


def test_admin_search_matches_bylines(editor_client):
    StoryFactory(headline="Budget vote", authors=[AuthorFactory(name="Ana Ruiz")])
    StoryFactory(headline="Other story")
    assert found(editor_client, "Ruiz") == {"Budget vote"}


def test_admin_search_matches_quoted_and_mentioned_sources(editor_client):
    caruso = Source.objects.create(name="Rick Caruso", slug="rick-caruso")
    quoted = StoryFactory(headline="Caruso responds", body="<p>“We will win,” he said.</p>")
    Quote.objects.create(story=quoted, source=caruso, text="We will win")
    mentioned = StoryFactory(headline="Run-off preview")
    mentioned.mentioned_sources.add(caruso)
    StoryFactory(headline="Unrelated")
    assert found(editor_client, "Caruso") == {"Caruso responds", "Run-off preview"}


def test_view_on_site_opens_the_preview_of_a_draft(editor_client):
    draft = StoryFactory(status=Story.Status.DRAFT, published_at=None)
    page = editor_client.get(reverse("admin:stories_story_change", args=[draft.pk]))
    preview = reverse("stories:preview", args=[draft.pk])
    assert f'href="{preview}" class="viewsitelink"' in page.content.decode()
    assert editor_client.get(preview).status_code == 200


def test_view_on_site_opens_the_public_page_of_a_live_story(editor_client):
    story = StoryFactory()
    page = editor_client.get(reverse("admin:stories_story_change", args=[story.pk]))
    assert f'href="{story.get_absolute_url()}" class="viewsitelink"' in page.content.decode()

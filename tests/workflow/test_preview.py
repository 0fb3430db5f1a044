"""Previews: the public template, bannered, for the newsroom only."""

import pytest
from django.urls import reverse

from stories.models import Story
from stories.sharing import create_share_link
from stories.sources_in_stories import story_sources
from tests.elections.factories import RaceFactory
from tests.factories import AuthorFactory, SourceFactory, StoryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(reporter):
    return StoryFactory(
        headline="Secret draft", status=Story.Status.DRAFT, published_at=None, created_by=reporter
    )


def preview_url(story):
    return reverse("stories:preview", args=[story.pk])


def test_editor_and_own_reporter_see_the_bannered_preview(client, draft, editor, reporter):
    for user in (editor, reporter):
        client.force_login(user)
        response = client.get(preview_url(draft))
        page = response.content.decode()
        assert response.status_code == 200
        assert "Preview — Draft" in page and "Readers cannot see this story." in page
        assert "Secret draft" in page and 'content="noindex' in page
        assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_a_bylined_reporter_may_preview_too(client, draft):
    other = UserFactory(username="bo", groups=["Reporters"])
    draft.bylines.create(author=AuthorFactory(user=other))
    client.force_login(other)
    assert client.get(preview_url(draft)).status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "other reporter", "non-staff"])
def test_nobody_else_can_reach_a_preview(client, draft, who):
    if who == "other reporter":
        client.force_login(UserFactory(username="other", groups=["Reporters"]))
    elif who == "non-staff":
        client.force_login(UserFactory(username="reader", is_staff=False, groups=["Editors"]))
    response = client.get(preview_url(draft))
    assert response.status_code == 404
    assert "Secret draft" not in response.content.decode()


def test_previews_show_readers_people_and_races_only(client, draft, editor):
    # The share link goes to outside reviewers: it must not name a confidential source.
    secret = SourceFactory(name="Dana Mole", slug="dana-mole", confidential=True)
    public = SourceFactory(name="Pat Public", slug="pat-public")
    draft.mentioned_sources.add(secret, public)
    draft.races.add(
        RaceFactory(title="Harbor race"), RaceFactory(title="Unannounced race", is_published=False)
    )
    shared = client.get(create_share_link(story=draft, user=editor).get_absolute_url())
    client.force_login(editor)
    for response in (shared, client.get(preview_url(draft))):
        page = response.content.decode()
        assert response.status_code == 200
        assert "Pat Public" in page and "Harbor race" in page
        assert "Dana Mole" not in page and "dana-mole" not in page
        assert "Unannounced race" not in page


def test_story_sources_never_names_a_confidential_mentioned_source(draft):
    # However the story was fetched: here without story_sources_prefetches().
    draft.mentioned_sources.add(SourceFactory(name="Dana Mole", confidential=True))
    draft.mentioned_sources.add(SourceFactory(name="Pat Public"))
    people = story_sources(Story.objects.get(pk=draft.pk))
    assert [person.source.name for person in people.named] == ["Pat Public"]

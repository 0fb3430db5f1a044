"""Corrections change published journalism openly: on the story, and on /corrections/."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from stories import publishing
from stories.models import Correction, Story
from tests.factories import StoryFactory
from tests.query_budget import assert_query_budget

pytestmark = pytest.mark.django_db


def test_editor_adds_a_correction_in_the_admin_and_readers_see_it_dated(client, editor_client):
    story = StoryFactory(headline="Council votes", published_at=timezone.now() - timedelta(days=1))
    published_at = story.published_at
    response = editor_client.post(
        reverse("admin:stories_correction_add"),
        {"story": story.pk, "kind": "correction", "text": "An earlier version misspelled <Bass>."},
    )
    assert response.status_code == 302
    correction = Correction.objects.get()
    story.refresh_from_db()
    assert story.published_at == published_at  # never re-dated
    assert story.revised_at == correction.created_at

    page = client.get(story.get_absolute_url()).content.decode()
    assert 'id="corrections"' in page and "Correction" in page
    assert "misspelled &lt;Bass&gt;." in page  # editor text is escaped
    assert "Updated <time" in page


def test_a_draft_cannot_be_corrected(editor_client, editor):
    draft = StoryFactory(status=Story.Status.DRAFT, published_at=None)
    response = editor_client.post(
        reverse("admin:stories_correction_add"),
        {"story": draft.pk, "kind": "update", "text": "New figures."},
    )
    assert response.status_code == 200 and "Only a published story can be corrected" in (
        response.content.decode()
    )
    with pytest.raises(ValidationError):
        publishing.add_correction(story=draft, user=editor, kind="update", text="New figures.")
    assert not Correction.objects.exists()


def test_corrections_page_lists_newest_first_and_hides_unpublished_stories(client, editor):
    now = timezone.now()
    older = StoryFactory(headline="Older story")
    newer = StoryFactory(headline="Newer story")
    publishing.add_correction(
        story=older,
        user=editor,
        kind="clarification",
        text="First note.",
        now=now - timedelta(hours=2),
    )
    publishing.add_correction(
        story=newer, user=editor, kind="update", text="Second note.", now=now - timedelta(hours=1)
    )
    withdrawn = StoryFactory(headline="Withdrawn story")
    publishing.add_correction(story=withdrawn, user=editor, kind="correction", text="Hidden note.")
    publishing.unpublish(story=withdrawn, user=editor)

    page = client.get(reverse("stories:corrections")).content.decode()
    assert page.index("Second note.") < page.index("First note.")
    assert "Hidden note." not in page and "Withdrawn story" not in page
    assert f'href="{older.get_absolute_url()}#correction-' in page


def test_corrections_page_query_budget(client, editor):
    def corrected_stories(size):
        for n in range(size):
            publishing.add_correction(
                story=StoryFactory(), user=editor, kind="update", text=f"Note {n}"
            )

    # navigation, a page of corrections with their stories (no count: stories/paging.py)
    assert_query_budget(
        build=corrected_stories, act=lambda _: client.get(reverse("stories:corrections")), budget=2
    )


def test_corrections_page_paginates(client, editor, settings):
    for n in range(25):
        publishing.add_correction(
            story=StoryFactory(), user=editor, kind="update", text=f"Note {n}"
        )
    page_two = client.get(reverse("stories:corrections"), {"page": 2})
    assert page_two.status_code == 200
    assert len(page_two.context["corrections"]) == 5


def test_story_page_costs_the_same_queries_whatever_the_number_of_corrections(client, editor):
    def corrected_story(size):
        story = StoryFactory(tags=["Budget"])
        for n in range(size):
            publishing.add_correction(story=story, user=editor, kind="update", text=f"Note {n}")
        return story

    # story, bylines, tags, quotes, mentioned sources, races, related (by tag, by section),
    # navigation, corrections (the first render after a change: no fragment cached)
    sizes = (1, 12)
    responses = assert_query_budget(
        build=corrected_story,
        act=lambda story: client.get(story.get_absolute_url()),
        budget=10,
        sizes=sizes,
    )
    shown = [r.content.decode().count('class="correction correction--update"') for r in responses]
    assert shown == list(sizes)

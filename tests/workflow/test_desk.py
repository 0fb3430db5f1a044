"""The desk dashboard on the admin home: each list, its count, its links, fixed queries."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from stories.desk import desk_lists
from stories.models import Story
from tests.factories import AuthorFactory, StoryFactory
from tests.query_budget import assert_query_budget

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(hour=15, minute=0, second=0, microsecond=0)
HOUR = timedelta(hours=1)


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def the_day(reporter, size=1):
    """`size` stories in each state the dashboard lists, plus some it must leave out."""
    for n in range(size):
        StoryFactory(slug=f"mine-{n}", status="draft", published_at=None, created_by=reporter)
        StoryFactory(slug=f"review-{n}", status="review", published_at=None)
        StoryFactory(slug=f"tonight-{n}", published_at=NOW + 5 * HOUR)
        StoryFactory(slug=f"held-{n}", status="draft", published_at=None, embargo_until=NOW + HOUR)
        StoryFactory(slug=f"today-{n}", published_at=NOW - HOUR)
        StoryFactory(slug=f"fixed-{n}", published_at=NOW - 48 * HOUR, revised_at=NOW - HOUR)
    # Left out everywhere: next week, last month, someone else's draft.
    StoryFactory(slug="next-week", published_at=NOW + 7 * 24 * HOUR)
    StoryFactory(slug="old", published_at=NOW - 30 * 24 * HOUR)
    StoryFactory(slug="not-mine", status="draft", published_at=None)


def slugs(lists):
    return {item.key: sorted(s.slug for s in item.stories) for item in lists}


def test_each_list_holds_what_its_title_says(editor):
    the_day(editor)
    lists = desk_lists(editor)
    assert slugs(lists) == {
        "my_drafts": ["mine-0"],
        "review": ["review-0"],
        "scheduled": ["tonight-0"],
        "embargoed": ["held-0"],
        "published_today": ["today-0"],
        "corrected": ["fixed-0"],
    }
    assert [item.count for item in lists] == [1, 1, 1, 1, 1, 1]


def test_a_bylined_draft_is_mine_and_reporters_see_no_review_queue(reporter):
    story = StoryFactory(slug="bylined", status="draft", published_at=None)
    story.bylines.create(author=AuthorFactory(user=reporter))
    lists = {item.key: item for item in desk_lists(reporter)}
    assert "review" not in lists
    assert [s.slug for s in lists["my_drafts"].stories] == ["bylined"]


def test_a_rescheduled_story_shows_when_it_comes_back(editor):
    StoryFactory(slug="back", published_at=NOW - 48 * HOUR, embargo_until=NOW + 3 * HOUR)
    scheduled = next(item for item in desk_lists(editor) if item.key == "scheduled")
    assert [(s.slug, s.desk_time) for s in scheduled.stories] == [("back", NOW + 3 * HOUR)]


def test_the_admin_home_links_each_entry_with_counts(editor_client, editor):
    the_day(editor)
    text = editor_client.get(reverse("admin:index")).content.decode()
    story = Story.objects.get(slug="review-0")
    assert reverse("admin:stories_story_change", args=[story.pk]) in text
    assert 'Waiting for review <span class="desk-count">(1)</span>' in text


def test_the_admin_home_costs_the_same_queries_at_any_size(editor_client, editor):
    # session, user, 2 permission queries, the desk counts, 6 lists, recent actions
    assert_query_budget(
        build=lambda size: the_day(editor, size),
        act=lambda _: editor_client.get(reverse("admin:index")),
        budget=12,
    )

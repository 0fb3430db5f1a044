"""The story page's related box: the newest stories on its first tag, then its section."""

from datetime import timedelta

import pytest
from django.utils import timezone

from stories.models import Story
from stories.views import related_stories
from tests.factories import SectionFactory, StoryFactory

pytestmark = pytest.mark.django_db


def test_related_box_lists_the_first_tags_newest_stories_then_fills_from_the_section():
    now = timezone.now()
    politics, arts = SectionFactory(), SectionFactory()
    story = StoryFactory(section=politics, tags=["City Hall"])
    old_tagged = StoryFactory(
        section=arts, tags=["City Hall"], published_at=now - timedelta(days=9)
    )
    new_tagged = StoryFactory(
        section=arts, tags=["City Hall"], published_at=now - timedelta(days=1)
    )
    same_section = StoryFactory(section=politics, published_at=now - timedelta(days=2))
    StoryFactory(section=politics, tags=["City Hall"], status=Story.Status.DRAFT)
    StoryFactory(section=politics, published_at=now + timedelta(days=1))  # scheduled
    StoryFactory(section=arts, tags=["Elsewhere"])

    assert related_stories(story) == [new_tagged, old_tagged, same_section]
    assert related_stories(story, limit=1) == [new_tagged]

"""The primitives every workflow service is built from: lock, check, claim, record.

stories.publishing (and stories.corrections) use these; nothing outside the workflow
services should, so that every change of state leaves the same revision and audit event.
"""

from datetime import datetime

import reversion
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format

from .models import Story, StoryEvent
from .story_facts import stories_changed


class EditConflict(Exception):
    """Someone saved the story after the form being submitted was opened."""

    def __init__(self, story_id: int):
        super().__init__(f"Story {story_id} was changed by someone else.")
        self.story_id = story_id


def claim_version(*, story: Story, expected: int) -> None:
    """Take the next version number, or raise EditConflict if someone else already has.

    The conditional UPDATE is atomic on every database: of two saves that opened the same
    version, exactly one matches the WHERE clause; the other updates no row.
    """
    claimed = Story.objects.filter(pk=story.pk, version=expected).update(version=expected + 1)
    if not claimed:
        raise EditConflict(story.pk)
    story.version = expected + 1


def require_perm(user, perm: str, message: str) -> None:
    """Raise PermissionDenied with `message` unless `user` has `perm`."""
    if not user.has_perm(perm):
        raise PermissionDenied(message)


def format_moment(moment: datetime) -> str:
    """A time as editors read it in messages and audit details."""
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def locked(story: Story) -> Story:
    """The row as it is now, locked until the transaction ends.

    PostgreSQL locks the row; SQLite's IMMEDIATE transactions already serialise writers.
    Either way the checks a service makes and the change it writes agree.
    """
    return Story.objects.select_for_update().get(pk=story.pk)


def record_event(
    *, story: Story | None, headline: str, action: str, user, now: datetime, detail: str = ""
) -> StoryEvent:
    """Write one audit trail row (the headline is copied: the row outlives the story)."""
    return StoryEvent.objects.create(
        story=story, headline=headline, action=action, user=user, at=now, detail=detail
    )


def change_state(
    *, story: Story, user, action: str, now: datetime, detail: str = "", **changes
) -> Story:
    """Apply `changes` to the story row, bump its version, record a revision and an event."""
    Story.objects.filter(pk=story.pk).update(
        **changes, version=F("version") + 1, updated_by=user, updated_at=now
    )
    story.refresh_from_db()
    # Going live, being withdrawn or re-timed moves when its sources are in the news, and
    # its tags' and authors' sitemap times (story_facts).
    stories_changed([story.pk])
    reversion.add_to_revision(story)
    reversion.set_user(user)
    label = StoryEvent.Action(action).label
    reversion.set_comment(f"{label}. {detail}".strip())
    record_event(
        story=story, headline=story.headline, action=action, user=user, now=now, detail=detail
    )
    return story

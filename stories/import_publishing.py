"""Imports and the workflow: which imported stories may be published, and their audit rows.

Split from stories.publishing (which re-exports these names): the importer marks a batch's
stories published in memory, writes them in bulk, then records one event per story.
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from .checks import ChecksFailed, enforce_checks
from .models import Story, StoryEvent

# The only states an import may publish or re-time: the story has not been through an
# editor's publish/unpublish/archive decision, which a re-import must never undo.
IMPORT_OPEN_STATUSES = (Story.Status.DRAFT, Story.Status.REVIEW)


def may_import_change_state(story: Story) -> bool:
    """An import may publish this story, or move its times: no editor has decided on it yet."""
    return story.status in IMPORT_OPEN_STATUSES


@dataclass
class ImportPublication:
    """What publish_imported() decided: stories marked published (with the audit note of
    their warnings) and, for each story the checks kept a draft, one line saying why."""

    published: list[tuple[Story, str]] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def publish_imported(
    *,
    stories: Sequence[Story],
    now: datetime,
    bylined: Collection[str] = (),
    tagged: Collection[str] = (),
) -> ImportPublication:
    """Mark imported drafts published (or scheduled behind their embargo); the importer saves them.

    Only sets the fields: the importer writes each batch in bulk, then calls
    record_imported_publications() with the stories returned. Stories an editor has
    published, withdrawn or archived are left out, so a re-import never undoes a decision.
    The pre-publish checks run on each story as it will be saved (`bylined` and `tagged`
    are the import keys of the stories whose bylines and tags the importer is writing):
    a story failing a required check stays a draft, with a line in `refused`; warnings
    do not stop an import (nobody is there to give a reason), they go into its audit line.
    """
    outcome = ImportPublication()
    for story in stories:
        if not may_import_change_state(story):
            continue
        try:
            note = enforce_checks(
                story,
                warnings_block=False,
                bylined=story.import_key in bylined,
                tagged=story.import_key in tagged,
            )
        except ChecksFailed as refusal:
            outcome.refused.append(f"{refusal.messages[0]} It was imported as a draft.")
            continue
        story.status = Story.Status.PUBLISHED
        story.published_at = story.published_at or now
        if story.embargo_until and story.embargo_until > story.published_at:
            # Never public yet: it first appears when the embargo lifts.
            story.published_at = story.embargo_until
        outcome.published.append((story, note))
    return outcome


def record_imported_publications(
    *, stories: Sequence[tuple[Story, str]], now: datetime, user=None
) -> None:
    """One workflow event per story publish_imported() marked, in one query.

    No user by default: the import_story command is the actor, which the detail says.
    """
    events = []
    for story, note in stories:
        scheduled = story.published_at > now
        action = StoryEvent.Action.SCHEDULED if scheduled else StoryEvent.Action.PUBLISHED
        verb = "Scheduled" if scheduled else "Published"
        events.append(
            StoryEvent(
                story=story,
                headline=story.headline,
                action=action,
                user=user,
                at=now,
                detail=f"{verb} by import_story. {note}".strip()[:300],
            )
        )
    StoryEvent.objects.bulk_create(events)

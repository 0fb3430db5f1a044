"""The editorial workflow: every change of a story's state, with its permission check and audit.

The admin (actions, the workflow page, the correction form), commands and tests call these
functions; none of them trusts the caller to have checked permissions. Each state change is
one transaction that also records a revision (django-reversion) and a StoryEvent.
"""

from datetime import datetime

import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from reversion.models import Version

from .models import Correction, Story, StoryEvent, StoryProposal

# Who may do what now lives in stories.permissions; these names stay importable from here.
from .permissions import (  # noqa: F401
    EDITABLE_BY_REPORTERS,
    can_edit,
    can_preview,
    can_propose,
    is_own_story,
)


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


def _require(user, perm: str, message: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied(message)


def _format(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _change_state(
    *, story: Story, user, action: str, now: datetime, detail: str = "", **changes
) -> Story:
    """Apply `changes` to the story row, bump its version, record a revision and an event."""
    Story.objects.filter(pk=story.pk).update(
        **changes, version=F("version") + 1, updated_by=user, updated_at=now
    )
    story.refresh_from_db()
    reversion.add_to_revision(story)
    reversion.set_user(user)
    label = StoryEvent.Action(action).label
    reversion.set_comment(f"{label}. {detail}".strip())
    StoryEvent.objects.create(
        story=story, headline=story.headline, action=action, user=user, at=now, detail=detail
    )
    return story


def _locked(story: Story) -> Story:
    # The row as it is now, locked until the transaction ends (PostgreSQL; SQLite's
    # IMMEDIATE transactions already serialise writers), so checks and change agree.
    return Story.objects.select_for_update().get(pk=story.pk)


def submit_for_review(*, story: Story, user, now: datetime | None = None) -> Story:
    """Hand a draft to the editors."""
    now = now or timezone.now()
    with transaction.atomic(), reversion.create_revision():
        current = _locked(story)
        if not can_edit(user, current):
            raise PermissionDenied("You can only submit your own drafts for review.")
        if current.status != Story.Status.DRAFT:
            raise ValidationError(
                f"“{current}” is {current.get_status_display().lower()}, not a draft."
            )
        return _change_state(
            story=current,
            user=user,
            action=StoryEvent.Action.SUBMITTED,
            now=now,
            status=Story.Status.REVIEW,
        )


def _check_embargo(story: Story, at: datetime) -> None:
    if story.embargo_until and story.embargo_until > at:
        raise ValidationError(
            f"“{story}” is embargoed until {_format(story.embargo_until)}; "
            "schedule it for then or later."
        )


def publish(*, story: Story, user, now: datetime | None = None) -> Story:
    """Publish now. A story that was live before keeps its first publication time."""
    now = now or timezone.now()
    _require(user, "stories.publish_story", "Only editors can publish stories.")
    with transaction.atomic(), reversion.create_revision():
        current = _locked(story)
        if current.is_public and current.published_at <= now:
            raise ValidationError(f"“{current}” is already published.")
        if current.status == Story.Status.ARCHIVED:
            raise ValidationError(f"“{current}” is archived; it is already readable.")
        _check_embargo(current, now)
        was_live = current.published_at is not None and current.published_at <= now
        return _change_state(
            story=current,
            user=user,
            action=StoryEvent.Action.PUBLISHED,
            now=now,
            status=Story.Status.PUBLISHED,
            published_at=current.published_at if was_live else now,
        )


def schedule(*, story: Story, user, at: datetime, now: datetime | None = None) -> Story:
    """Publish at a future time; public queries show it from then on, no worker needed."""
    now = now or timezone.now()
    _require(user, "stories.publish_story", "Only editors can schedule stories.")
    if at <= now:
        raise ValidationError("Pick a time in the future, or use “Publish now”.")
    with transaction.atomic(), reversion.create_revision():
        current = _locked(story)
        if current.status == Story.Status.ARCHIVED or _is_live(current, now):
            raise ValidationError(
                f"“{current}” is already live; its publication time cannot be moved."
            )
        _check_embargo(current, at)
        if current.published_at is not None and current.published_at <= now:
            # It was public before (now withdrawn, or held back by an embargo). Like
            # publish(), keep its first publication time: the feed GUID and "Published"
            # date are built from it, and moving it shows the story twice in feed
            # readers. The embargo is what holds it back until `at`.
            timing = {"embargo_until": at}
        else:
            timing = {"published_at": at}
        return _change_state(
            story=current,
            user=user,
            action=StoryEvent.Action.SCHEDULED,
            now=now,
            detail=f"Goes live {_format(at)}.",
            status=Story.Status.PUBLISHED,
            **timing,
        )


def _is_live(story: Story, now: datetime) -> bool:
    """Readers can see the story at `now` (Story.is_public, with an injected clock)."""
    return (
        story.status in Story.PUBLIC_STATUSES
        and story.published_at is not None
        and story.published_at <= now
        and (story.embargo_until is None or story.embargo_until <= now)
    )


def unpublish(*, story: Story, user, now: datetime | None = None) -> Story:
    """Withdraw a published, scheduled or archived story from readers."""
    now = now or timezone.now()
    _require(user, "stories.unpublish_story", "Only editors can unpublish stories.")
    with transaction.atomic(), reversion.create_revision():
        current = _locked(story)
        if current.status not in Story.PUBLIC_STATUSES:
            raise ValidationError(f"“{current}” is not published.")
        return _change_state(
            story=current,
            user=user,
            action=StoryEvent.Action.UNPUBLISHED,
            now=now,
            status=Story.Status.WITHDRAWN,
        )


def archive(*, story: Story, user, now: datetime | None = None) -> Story:
    """Freeze a live story: it stays readable, and only corrections change it from now on."""
    now = now or timezone.now()
    _require(user, "stories.unpublish_story", "Only editors can archive stories.")
    with transaction.atomic(), reversion.create_revision():
        current = _locked(story)
        if not (current.status == Story.Status.PUBLISHED and current.published_at <= now):
            raise ValidationError(f"Only a live story can be archived; “{current}” is not live.")
        return _change_state(
            story=current,
            user=user,
            action=StoryEvent.Action.ARCHIVED,
            now=now,
            status=Story.Status.ARCHIVED,
        )


def return_to_draft(*, story: Story, user, now: datetime | None = None) -> Story:
    """Send a story in review (or withdrawn) back to its reporter as a draft."""
    now = now or timezone.now()
    _require(user, "stories.edit_any_story", "Only editors can send stories back to draft.")
    with transaction.atomic(), reversion.create_revision():
        current = _locked(story)
        if current.status not in (Story.Status.REVIEW, Story.Status.WITHDRAWN):
            raise ValidationError(f"“{current}” is not in review or withdrawn.")
        Story.objects.filter(pk=current.pk).update(
            status=Story.Status.DRAFT, version=F("version") + 1, updated_by=user, updated_at=now
        )
        current.refresh_from_db()
        reversion.add_to_revision(current)
        reversion.set_user(user)
        reversion.set_comment("Sent back to draft.")
        return current


def restore_revision(*, story: Story, version: Version, user, now: datetime | None = None) -> Story:
    """Bring back a revision's text, bylines, tags and quotes as a new revision.

    The story's state (status, publication time, embargo) stays as it is now: restoring
    old words must not unpublish a story or rewrite when it was published.
    """
    now = now or timezone.now()
    _require(user, "stories.restore_story_revision", "Only editors can restore revisions.")
    if version.object_id != str(story.pk) or version.content_type.model_class() is not Story:
        raise ValidationError("That revision belongs to another story.")
    with transaction.atomic(), reversion.create_revision():
        current = _locked(story)
        keep = {
            "status": current.status,
            "published_at": current.published_at,
            "embargo_until": current.embargo_until,
            "revised_at": current.revised_at,
            "created_by": current.created_by,
        }
        version.revision.revert(delete=True)
        saved = _format(version.revision.date_created)
        Story.objects.filter(pk=current.pk).update(version=current.version, **keep)
        return _change_state(
            story=current,
            user=user,
            action=StoryEvent.Action.RESTORED,
            now=now,
            detail=f"Restored the revision saved {saved}.",
        )


def add_correction(
    *, story: Story, user, kind: str, text: str, now: datetime | None = None
) -> Correction:
    """Append a dated correction to a live story; its publication time never changes."""
    now = now or timezone.now()
    _require(user, "stories.add_correction", "Only editors can correct stories.")
    text = text.strip()
    if not text:
        raise ValidationError("A correction needs text.")
    with transaction.atomic():
        current = _locked(story)
        if not Story.objects.published(now=now).filter(pk=current.pk).exists():
            raise ValidationError(
                f"“{current}” is not published; fix the draft instead of correcting it."
            )
        correction = Correction.objects.create(
            story=current, kind=kind, text=text, created_at=now, created_by=user
        )
        # Only the reader-facing "updated" time moves; no version bump, so an editor
        # who has the story open can still save it.
        Story.objects.filter(pk=current.pk).update(revised_at=now)
        StoryEvent.objects.create(
            story=current,
            headline=current.headline,
            action=StoryEvent.Action.CORRECTED,
            user=user,
            at=now,
            detail=f"{correction.get_kind_display()}: {text[:200]}",
        )
    return correction


def delete_story(*, story: Story, user, now: datetime | None = None) -> None:
    """Delete a story, keeping a last revision so editors can recover it."""
    now = now or timezone.now()
    _require(user, "stories.delete_story", "Only editors can delete stories.")
    with transaction.atomic():
        with reversion.create_revision():
            reversion.add_to_revision(story)
            reversion.set_user(user)
            reversion.set_comment("Deleted.")
        StoryEvent.objects.create(
            story=None,
            headline=story.headline,
            action=StoryEvent.Action.DELETED,
            user=user,
            at=now,
        )
        story.delete()


def record_recovery(*, story: Story, user, now: datetime | None = None) -> None:
    """Log that a deleted story was brought back (the admin's recover page saved it)."""
    StoryEvent.objects.create(
        story=story,
        headline=story.headline,
        action=StoryEvent.Action.RESTORED,
        user=user,
        at=now or timezone.now(),
        detail="Recovered after deletion.",
    )


def propose_change(
    *, story: Story, user, fields: dict[str, str], note: str = "", now: datetime | None = None
) -> StoryProposal:
    """Record a reporter's proposed new text for a published story, for an editor to review."""
    now = now or timezone.now()
    if not can_propose(user, story):
        raise PermissionDenied("You can only propose changes to your own published stories.")
    text = {name: fields.get(name, getattr(story, name)) for name in StoryProposal.TEXT_FIELDS}
    if all(text[name] == getattr(story, name) for name in StoryProposal.TEXT_FIELDS):
        raise ValidationError("The proposal changes nothing.")
    with transaction.atomic():
        proposal = StoryProposal.objects.create(
            story=story,
            base_version=story.version,
            note=note,
            proposed_by=user,
            proposed_at=now,
            **text,
        )
        StoryEvent.objects.create(
            story=story,
            headline=story.headline,
            action=StoryEvent.Action.PROPOSED,
            user=user,
            at=now,
            detail=note[:300],
        )
    return proposal


def apply_proposal(*, proposal: StoryProposal, user, now: datetime | None = None) -> Story:
    """Put a proposed change live, unless the story changed after it was proposed."""
    now = now or timezone.now()
    _require(user, "stories.edit_any_story", "Only editors can apply proposed changes.")
    with transaction.atomic(), reversion.create_revision():
        proposal = StoryProposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status != StoryProposal.Status.PENDING:
            raise ValidationError("This proposal was already decided.")
        story = _locked(proposal.story)
        try:
            claim_version(story=story, expected=proposal.base_version)
        except EditConflict:
            raise ValidationError(
                "The story changed after this proposal was made; "
                "edit the story by hand using the proposal's differences."
            ) from None
        for name in StoryProposal.TEXT_FIELDS:
            setattr(story, name, getattr(proposal, name))
        story.updated_by = user
        story.save()
        reversion.add_to_revision(story)
        reversion.set_user(user)
        who = proposal.proposed_by.get_username() if proposal.proposed_by else "someone"
        reversion.set_comment(f"Applied the change proposed by {who}.")
        proposal.status, proposal.decided_by, proposal.decided_at = "applied", user, now
        proposal.save(update_fields=["status", "decided_by", "decided_at"])
        StoryEvent.objects.create(
            story=story,
            headline=story.headline,
            action=StoryEvent.Action.PROPOSAL_APPLIED,
            user=user,
            at=now,
            detail=f"Proposed by {who}.",
        )
    return story


def reject_proposal(*, proposal: StoryProposal, user, now: datetime | None = None) -> None:
    """Decline a proposed change; the story stays as it is."""
    now = now or timezone.now()
    _require(user, "stories.edit_any_story", "Only editors can reject proposed changes.")
    with transaction.atomic():
        updated = StoryProposal.objects.filter(
            pk=proposal.pk, status=StoryProposal.Status.PENDING
        ).update(status=StoryProposal.Status.REJECTED, decided_by=user, decided_at=now)
        if not updated:
            raise ValidationError("This proposal was already decided.")
        StoryEvent.objects.create(
            story=proposal.story,
            headline=proposal.story.headline,
            action=StoryEvent.Action.PROPOSAL_REJECTED,
            user=user,
            at=now,
        )

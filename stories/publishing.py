"""The editorial workflow: every change of a story's state, with its permission check and audit.

The admin (actions, the workflow page, the correction form), the importer, commands and
tests call these functions; none of them trusts the caller to have checked permissions.
Nothing else sets a story's status or writes a StoryEvent (but stories.corrections and
stories.sharing, which record theirs with the same state.record_event). Each state change
is one transaction that also records a revision (django-reversion) and a StoryEvent.
"""

from datetime import datetime

import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from reversion.models import Version

from media.models import Image

from .checks import enforce_checks, failing, prepublish_checks

# Re-exported: the admin and tests call publishing.add_correction.
from .corrections import add_correction as add_correction
from .figures import sync_body_images

# Re-exported: the importer calls these as publishing.publish_imported and so on.
from .import_publishing import (  # noqa: F401
    IMPORT_OPEN_STATUSES,
    ImportPublication,
    may_import_change_state,
    publish_imported,
    record_imported_publications,
)
from .models import Story, StoryEvent, StoryProposal

# Who may do what lives in stories.permissions; these names stay importable from here.
from .permissions import (  # noqa: F401
    EDITABLE_BY_REPORTERS,
    can_edit,
    can_preview,
    can_propose,
    is_own_story,
)
from .sanitize import clean_body
from .state import (
    EditConflict,
    change_state,
    claim_version,
    format_moment,
    locked,
    record_event,
    require_perm,
)
from .story_facts import facts_changed, shown_by


def submit_for_review(*, story: Story, user, now: datetime | None = None) -> Story:
    """Hand a draft to the editors."""
    now = now or timezone.now()
    with transaction.atomic(), reversion.create_revision():
        current = locked(story)
        if not can_edit(user, current):
            raise PermissionDenied("You can only submit your own drafts for review.")
        if current.status != Story.Status.DRAFT:
            raise ValidationError(
                f"“{current}” is {current.get_status_display().lower()}, not a draft."
            )
        return change_state(
            story=current,
            user=user,
            action=StoryEvent.Action.SUBMITTED,
            now=now,
            status=Story.Status.REVIEW,
        )


def _check_embargo(story: Story, at: datetime) -> None:
    if story.embargo_until and story.embargo_until > at:
        raise ValidationError(
            f"“{story}” is embargoed until {format_moment(story.embargo_until)}; "
            "schedule it for then or later."
        )


def publish(*, story: Story, user, now: datetime | None = None, override_reason: str = "") -> Story:
    """Publish now, if the pre-publish checks pass (or its warnings are overridden with a reason).

    A story that was live before keeps its first publication time.
    """
    now = now or timezone.now()
    require_perm(user, "stories.publish_story", "Only editors can publish stories.")
    with transaction.atomic(), reversion.create_revision():
        current = locked(story)
        if current.is_live(now):
            raise ValidationError(f"“{current}” is already published.")
        if current.status == Story.Status.ARCHIVED:
            raise ValidationError(f"“{current}” is archived; it is already readable.")
        _check_embargo(current, now)
        note = enforce_checks(current, override_reason=override_reason)
        was_live = current.published_at is not None and current.published_at <= now
        return change_state(
            story=current,
            user=user,
            action=StoryEvent.Action.PUBLISHED,
            now=now,
            detail=note,
            status=Story.Status.PUBLISHED,
            published_at=current.published_at if was_live else now,
        )


def schedule(
    *,
    story: Story,
    user,
    at: datetime,
    now: datetime | None = None,
    override_reason: str = "",
) -> Story:
    """Publish at a future time, if the pre-publish checks pass; no worker needed."""
    now = now or timezone.now()
    require_perm(user, "stories.publish_story", "Only editors can schedule stories.")
    if at <= now:
        raise ValidationError("Pick a time in the future, or use “Publish now”.")
    with transaction.atomic(), reversion.create_revision():
        current = locked(story)
        if current.status == Story.Status.ARCHIVED or current.is_live(now):
            raise ValidationError(
                f"“{current}” is already live; its publication time cannot be moved."
            )
        _check_embargo(current, at)
        note = enforce_checks(current, override_reason=override_reason)
        if current.published_at is not None and current.published_at <= now:
            # It was public before (now withdrawn, or held back by an embargo). Like
            # publish(), keep its first publication time: the feed GUID and "Published"
            # date are built from it, and moving it shows the story twice in feed
            # readers. The embargo is what holds it back until `at`.
            timing = {"embargo_until": at}
        else:
            timing = {"published_at": at}
        return change_state(
            story=current,
            user=user,
            action=StoryEvent.Action.SCHEDULED,
            now=now,
            # No full stop after the time: "4 p.m." already ends in one.
            detail=" ".join(filter(None, [f"Goes live {format_moment(at)}", note])),
            status=Story.Status.PUBLISHED,
            **timing,
        )


def unpublish(*, story: Story, user, now: datetime | None = None) -> Story:
    """Withdraw a published, scheduled or archived story from readers."""
    now = now or timezone.now()
    require_perm(user, "stories.unpublish_story", "Only editors can unpublish stories.")
    with transaction.atomic(), reversion.create_revision():
        current = locked(story)
        if current.status not in Story.PUBLIC_STATUSES:
            raise ValidationError(f"“{current}” is not published.")
        return change_state(
            story=current,
            user=user,
            action=StoryEvent.Action.UNPUBLISHED,
            now=now,
            status=Story.Status.WITHDRAWN,
        )


def archive(*, story: Story, user, now: datetime | None = None) -> Story:
    """Freeze a live story: it stays readable, and only corrections change it from now on."""
    now = now or timezone.now()
    require_perm(user, "stories.unpublish_story", "Only editors can archive stories.")
    with transaction.atomic(), reversion.create_revision():
        current = locked(story)
        # Its publication time has come (an embargo may still hold it back from readers).
        if not (current.status == Story.Status.PUBLISHED and current.published_at <= now):
            raise ValidationError(f"Only a live story can be archived; “{current}” is not live.")
        return change_state(
            story=current,
            user=user,
            action=StoryEvent.Action.ARCHIVED,
            now=now,
            status=Story.Status.ARCHIVED,
        )


def return_to_draft(*, story: Story, user, now: datetime | None = None) -> Story:
    """Send a story in review (or withdrawn) back to its reporter as a draft."""
    now = now or timezone.now()
    require_perm(user, "stories.edit_any_story", "Only editors can send stories back to draft.")
    with transaction.atomic(), reversion.create_revision():
        current = locked(story)
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
    require_perm(user, "stories.restore_story_revision", "Only editors can restore revisions.")
    if version.object_id != str(story.pk) or version.content_type.model_class() is not Story:
        raise ValidationError("That revision belongs to another story.")
    with transaction.atomic(), reversion.create_revision():
        current = locked(story)
        keep = {
            "status": current.status,
            "published_at": current.published_at,
            "embargo_until": current.embargo_until,
            "revised_at": current.revised_at,
            "created_by": current.created_by,
        }
        # A lead image the revision names may have been deleted from the library since
        # (allowed once nothing used it): the story keeps its current one, rather than
        # the restore failing on the foreign key when the transaction commits.
        lead_image = version.field_dict.get("lead_image_id")
        if lead_image and not Image.objects.filter(pk=lead_image).exists():
            keep["lead_image_id"] = current.lead_image_id
        # The revision may quote other sources and have other tags and bylines.
        before = shown_by([current.pk])
        version.revision.revert(delete=True)
        saved = format_moment(version.revision.date_created)
        # reversion reverts with raw saves, which skip the model's save path: sanitize
        # here, so a revision recorded under an older allow-list cannot bring markup back.
        body = clean_body(version.field_dict.get("body") or "")
        Story.objects.filter(pk=current.pk).update(version=current.version, body=body, **keep)
        current.body = body
        sync_body_images(current)
        restored = change_state(
            story=current,
            user=user,
            action=StoryEvent.Action.RESTORED,
            now=now,
            detail=f"Restored the revision saved {saved}.",
        )
        facts_changed(before)  # change_state() covered what the story shows now.
        return restored


def delete_story(*, story: Story, user, now: datetime | None = None) -> None:
    """Delete a story, keeping a last revision so editors can recover it."""
    now = now or timezone.now()
    require_perm(user, "stories.delete_story", "Only editors can delete stories.")
    with transaction.atomic():
        with reversion.create_revision():
            reversion.add_to_revision(story)
            reversion.set_user(user)
            reversion.set_comment("Deleted.")
        record_event(
            story=None,
            headline=story.headline,
            action=StoryEvent.Action.DELETED,
            user=user,
            now=now,
        )
        before = shown_by([story.pk])
        story.delete()
        facts_changed(before)


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
        record_event(
            story=story,
            headline=story.headline,
            action=StoryEvent.Action.PROPOSED,
            user=user,
            now=now,
            detail=note[:300],
        )
    return proposal


def apply_proposal(*, proposal: StoryProposal, user, now: datetime | None = None) -> Story:
    """Put a proposed change live, unless the story changed after it was proposed."""
    now = now or timezone.now()
    require_perm(user, "stories.edit_any_story", "Only editors can apply proposed changes.")
    with transaction.atomic(), reversion.create_revision():
        proposal = StoryProposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status != StoryProposal.Status.PENDING:
            raise ValidationError("This proposal was already decided.")
        story = locked(proposal.story)
        try:
            claim_version(story=story, expected=proposal.base_version)
        except EditConflict:
            raise ValidationError(
                "The story changed after this proposal was made; "
                "edit the story by hand using the proposal's differences."
            ) from None
        # The story is live: a proposal must not take it below what publishing requires
        # (a "TK" headline, an empty body). What was already missing before is not the
        # proposal's doing, and warnings stay the editor's call.
        already = {check.code for check in failing(prepublish_checks(story))}
        for name in StoryProposal.TEXT_FIELDS:
            setattr(story, name, getattr(proposal, name))
        enforce_checks(story, warnings_block=False, ignore=already)
        story.updated_by = user
        story.save()
        reversion.add_to_revision(story)
        reversion.set_user(user)
        who = proposal.proposed_by.get_username() if proposal.proposed_by else "someone"
        reversion.set_comment(f"Applied the change proposed by {who}.")
        proposal.status, proposal.decided_by, proposal.decided_at = "applied", user, now
        proposal.save(update_fields=["status", "decided_by", "decided_at"])
        record_event(
            story=story,
            headline=story.headline,
            action=StoryEvent.Action.PROPOSAL_APPLIED,
            user=user,
            now=now,
            detail=f"Proposed by {who}.",
        )
    return story


def reject_proposal(*, proposal: StoryProposal, user, now: datetime | None = None) -> None:
    """Decline a proposed change; the story stays as it is."""
    now = now or timezone.now()
    require_perm(user, "stories.edit_any_story", "Only editors can reject proposed changes.")
    with transaction.atomic():
        updated = StoryProposal.objects.filter(
            pk=proposal.pk, status=StoryProposal.Status.PENDING
        ).update(status=StoryProposal.Status.REJECTED, decided_by=user, decided_at=now)
        if not updated:
            raise ValidationError("This proposal was already decided.")
        record_event(
            story=proposal.story,
            headline=proposal.story.headline,
            action=StoryEvent.Action.PROPOSAL_REJECTED,
            user=user,
            now=now,
        )

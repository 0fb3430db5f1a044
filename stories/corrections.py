"""Corrections: the open, dated way to change published journalism."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import Correction, Story, StoryEvent
from .state import locked, record_event, require_perm


def add_correction(
    *, story: Story, user, kind: str, text: str, now: datetime | None = None
) -> Correction:
    """Append a dated correction to a live story; its publication time never changes."""
    now = now or timezone.now()
    require_perm(user, "stories.add_correction", "Only editors can correct stories.")
    text = text.strip()
    if not text:
        raise ValidationError("A correction needs text.")
    with transaction.atomic():
        current = locked(story)
        if not current.is_live(now):
            raise ValidationError(
                f"“{current}” is not published; fix the draft instead of correcting it."
            )
        correction = Correction.objects.create(
            story=current, kind=kind, text=text, created_at=now, created_by=user
        )
        # Only the reader-facing "updated" time moves; no version bump, so an editor
        # who has the story open can still save it.
        Story.objects.filter(pk=current.pk).update(revised_at=now)
        record_event(
            story=current,
            headline=current.headline,
            action=StoryEvent.Action.CORRECTED,
            user=user,
            now=now,
            detail=f"{correction.get_kind_display()}: {text[:200]}",
        )
    return correction

"""Share links: creating, revoking, opening and cleaning up, each checked and audited.

The workflow page and the share-link admin call these; stories.permissions decides who
may (whoever may preview a story may share it and revoke its links). Creating and
revoking write a StoryEvent, like every other workflow action.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from .models import SHARE_LINK_LIFETIME, ShareLink, Story, StoryEvent
from .permissions import allowed_actions
from .state import format_moment, record_event


def create_share_link(*, story: Story, user, now: datetime | None = None) -> ShareLink:
    """A new link to the story's preview, valid for SHARE_LINK_LIFETIME."""
    now = now or timezone.now()
    if "share" not in allowed_actions(user, story, now=now):
        raise PermissionDenied("You can only share stories you may preview.")
    with transaction.atomic():
        link = ShareLink.objects.create(
            story=story, created_by=user, created_at=now, expires_at=now + SHARE_LINK_LIFETIME
        )
        record_event(
            story=story,
            headline=story.headline,
            action=StoryEvent.Action.SHARED,
            user=user,
            now=now,
            detail=f"Link {link.token[:8]}…, expires {format_moment(link.expires_at)}",
        )
    return link


def revoke_share_link(*, link: ShareLink, user, now: datetime | None = None) -> ShareLink:
    """Stop a link from opening the preview, at once and for good."""
    now = now or timezone.now()
    if "revoke_share" not in allowed_actions(user, link.story, now=now):
        raise PermissionDenied("You can only revoke links to stories you may preview.")
    with transaction.atomic():
        # Conditional, so two editors revoking at once record one revocation.
        revoked = ShareLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(
            revoked_at=now, revoked_by=user
        )
        if not revoked:
            raise ValidationError("This share link was already revoked.")
        record_event(
            story=link.story,
            headline=link.story.headline,
            action=StoryEvent.Action.SHARE_REVOKED,
            user=user,
            now=now,
            detail=f"Link {link.token[:8]}…, made by {link.created_by or 'someone'}",
        )
    link.refresh_from_db()
    return link


@dataclass(frozen=True)
class Opened:
    """What a share link's address leads to: the story, or why not (`state`)."""

    link: ShareLink | None
    state: str  # ShareLink.State, or "unknown" for a token that is no link

    @property
    def story(self) -> Story | None:
        return self.link.story if self.state == ShareLink.State.ACTIVE else None


def open_share_link(token: str, *, now: datetime | None = None) -> Opened:
    """Look a token up and note the visit; only an active link leads to the story."""
    now = now or timezone.now()
    link = ShareLink.objects.select_related("story").filter(token=token).first()
    if link is None:
        # Unknown, mistyped, or a signed link from before share links were rows.
        return Opened(None, "unknown")
    state = link.state(now)
    if state == ShareLink.State.ACTIVE:
        # One UPDATE of a table no reader's page reads (newsroom/cache keeps it private).
        ShareLink.objects.filter(pk=link.pk).update(last_used_at=now)
    return Opened(link, state)


def delete_expired_share_links(*, now: datetime | None = None, dry_run: bool = False) -> int:
    """Delete every link whose time is up (revoked or not); the audit trail keeps the record."""
    expired = ShareLink.objects.expired(now=now or timezone.now())
    if dry_run:
        return expired.count()
    deleted, _ = expired.delete()
    return deleted

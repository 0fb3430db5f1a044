"""Share links: a draft's preview for an outside reviewer, listed and revocable."""

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .story import Story

# Long enough for a lawyer or a source to read it over a weekend, short enough to go stale.
SHARE_LINK_LIFETIME = timedelta(hours=48)


def new_token() -> str:
    # 256 random bits: a link cannot be guessed, only handed on.
    return secrets.token_urlsafe(32)


class ShareLinkQuerySet(models.QuerySet):
    def active(self, *, now: datetime | None = None):
        """Links that still open their preview at `now`: not revoked, not expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())

    def expired(self, *, now: datetime | None = None):
        """Links whose time is up at `now`, revoked or not (what the cleanup deletes)."""
        return self.filter(expires_at__lte=now or timezone.now())


class ShareLink(models.Model):
    """One link to one story's preview, made by someone in the newsroom for someone outside.

    A row rather than a signed token so that the newsroom can see who handed out which
    link, revoke one before it expires, and see whether it was opened. The token is kept
    as it is (not hashed) so the link can be copied again from the list: it shows no more
    than the preview, whose draft the same database holds anyway.
    """

    class State(models.TextChoices):
        ACTIVE = "active", _("Active")
        REVOKED = "revoked", _("Revoked")
        EXPIRED = "expired", _("Expired")

    story = models.ForeignKey(
        Story, verbose_name=_("story"), on_delete=models.CASCADE, related_name="share_links"
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    last_used_at = models.DateTimeField(_("last opened"), null=True, blank=True)

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("share link")
        verbose_name_plural = _("share links")

    def __str__(self):
        return f"{self.story} ({self.token[:8]}…)"

    def get_absolute_url(self):
        return reverse("stories:shared_preview", args=[self.token])

    def state(self, now: datetime | None = None) -> str:
        """Active, revoked or expired at `now` (revoked wins: it was someone's decision)."""
        if self.revoked_at is not None:
            return self.State.REVOKED
        if self.expires_at <= (now or timezone.now()):
            return self.State.EXPIRED
        return self.State.ACTIVE

    def is_active(self, now: datetime | None = None) -> bool:
        return self.state(now) == self.State.ACTIVE

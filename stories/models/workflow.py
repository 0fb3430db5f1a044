"""The editorial workflow's records: the audit trail and reporters' proposed changes."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..fields import SanitizedHTMLField
from .story import Story


class StoryEvent(models.Model):
    """The audit trail: who published, scheduled, unpublished, restored or corrected what, when.

    Its own table rather than admin LogEntry rows, so the trail can be filtered by action
    and keeps the scheduled time, and outlives the story (the headline is copied).
    """

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted for review")
        PUBLISHED = "published", _("Published")
        SCHEDULED = "scheduled", _("Scheduled")
        UNPUBLISHED = "unpublished", _("Unpublished")
        ARCHIVED = "archived", _("Archived")
        RESTORED = "restored", _("Revision restored")
        CORRECTED = "corrected", _("Correction added")
        DELETED = "deleted", _("Deleted")
        PROPOSED = "proposed", _("Change proposed")
        PROPOSAL_APPLIED = "proposal_applied", _("Proposed change applied")
        PROPOSAL_REJECTED = "proposal_rejected", _("Proposed change rejected")
        SHARED = "shared", _("Share link created")
        SHARE_REVOKED = "share_revoked", _("Share link revoked")

    story = models.ForeignKey(
        Story,
        verbose_name=_("story"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="events",
    )
    headline = models.CharField(_("headline at the time"), max_length=200)
    action = models.CharField(_("action"), max_length=20, choices=Action)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("workflow event")
        verbose_name_plural = _("workflow events")

    def __str__(self):
        return f"{self.get_action_display()}: {self.headline}"


class StoryProposal(models.Model):
    """A reporter's proposed change to a published story, waiting for an editor's review.

    Reporters never edit a published story directly; an editor applies or rejects this.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPLIED = "applied", _("Applied")
        REJECTED = "rejected", _("Rejected")

    story = models.ForeignKey(
        Story, verbose_name=_("story"), on_delete=models.CASCADE, related_name="proposals"
    )
    base_version = models.PositiveIntegerField(_("story version it was based on"))
    headline = models.CharField(_("headline"), max_length=200)
    dek = models.TextField(_("dek"), blank=True)
    body = SanitizedHTMLField(_("body"), blank=True)
    dateline = models.CharField(_("dateline"), max_length=100, blank=True)
    credit = models.CharField(_("credit"), max_length=100, blank=True)
    seo_title = models.CharField(_("search and social headline"), max_length=110, blank=True)
    seo_description = models.CharField(
        _("search and social description"), max_length=300, blank=True
    )
    note = models.TextField(_("note to the editor"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PENDING)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    TEXT_FIELDS = ("headline", "dek", "body", "dateline", "credit", "seo_title", "seo_description")

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = _("proposed change")
        verbose_name_plural = _("proposed changes")

    def __str__(self):
        return f"{self.story} ({self.get_status_display()})"

"""The fronts editors arrange: the front page and each section's front.

An arrangement (`Front`) is a draft until an editor publishes it; then it is the live one
for its page and the previous live one is retired. Editors preview a draft at its own
staff-only URL before it goes live. Slots name stories, not their state: which of them a
reader sees is decided when the page is served (newsroom/fronts.py), with the stories'
own published() rule, so a scheduled story appears when it goes live and a withdrawn one
vanishes without anyone touching the arrangement.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FrontQuerySet(models.QuerySet):
    def live(self):
        """Arrangements readers see now (at most one per page)."""
        return self.filter(status=Front.Status.LIVE)

    def for_page(self, section=None):
        """Arrangements of the front page (no section) or of one section's front."""
        if section is None:
            return self.filter(section__isnull=True)
        return self.filter(section=section)


class Front(models.Model):
    """One arrangement of the front page or of a section front: lead, top stories, rails,
    races and a breaking-news banner."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        LIVE = "live", _("Live")
        RETIRED = "retired", _("Retired")

    name = models.CharField(
        _("name"), max_length=100, help_text=_('For editors only, e.g. "Election night".')
    )
    section = models.ForeignKey(
        "stories.Section",
        verbose_name=_("section front"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="fronts",
        help_text=_(
            "Leave empty to arrange the front page; choose a section to arrange its front."
        ),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.DRAFT, editable=False
    )
    banner_text = models.CharField(
        _("breaking-news banner"),
        max_length=200,
        blank=True,
        help_text=_("Plain text shown above the page, e.g. “Polls have closed”. Empty: none."),
    )
    banner_story = models.ForeignKey(
        "stories.Story",
        verbose_name=_("banner links to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Optional. The link appears only while the story is published."),
    )
    banner_expires_at = models.DateTimeField(
        _("banner expires at"),
        null=True,
        blank=True,
        help_text=_("The banner disappears by itself at this time."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    published_at = models.DateTimeField(_("went live at"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = FrontQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at", "-id"]
        verbose_name = _("front arrangement")
        verbose_name_plural = _("front arrangements")
        permissions = [("publish_front", _("Can put a front arrangement live"))]
        constraints = [
            # One live arrangement per page. Unique constraints treat NULLs as distinct, so
            # the front page (no section) needs a constraint of its own.
            models.UniqueConstraint(
                fields=["section"],
                condition=Q(status="live"),
                name="one_live_front_per_section",
            ),
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status="live", section__isnull=True),
                name="one_live_front_page",
            ),
            models.CheckConstraint(
                condition=Q(banner_text="") | Q(banner_expires_at__isnull=False),
                name="front_banner_has_expiry",
                violation_error_message=_("A breaking-news banner needs an expiry time."),
            ),
        ]
        indexes = [models.Index(fields=["status", "section"], name="front_live_idx")]

    def __str__(self):
        return self.name

    def get_preview_url(self):
        return reverse("front_preview", kwargs={"pk": self.pk})

    @property
    def page_name(self) -> str:
        return str(self.section) + " front" if self.section_id else str(_("Front page"))


class FrontSlot(models.Model):
    """A story an editor placed on a front: the lead or one of the top stories."""

    class Zone(models.TextChoices):
        LEAD = "lead", _("Lead")
        TOP = "top", _("Top stories")

    front = models.ForeignKey(Front, on_delete=models.CASCADE, related_name="slots")
    zone = models.CharField(_("zone"), max_length=10, choices=Zone, default=Zone.TOP)
    story = models.ForeignKey(
        "stories.Story",
        verbose_name=_("story"),
        on_delete=models.CASCADE,
        related_name="front_slots",
        help_text=_("A scheduled story appears when it goes live."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("story slot")
        verbose_name_plural = _("story slots")
        constraints = [
            models.UniqueConstraint(
                fields=["front", "story"],
                name="unique_front_story",
                violation_error_message=_("This story is already on this front."),
            ),
            models.UniqueConstraint(
                fields=["front"],
                condition=Q(zone="lead"),
                name="one_lead_per_front",
                violation_error_message=_("A front has one lead story."),
            ),
        ]

    def __str__(self):
        return f"{self.get_zone_display()}: {self.story}"


class FrontRail(models.Model):
    """A row of a section's newest stories on the front page."""

    front = models.ForeignKey(Front, on_delete=models.CASCADE, related_name="rails")
    section = models.ForeignKey(
        "stories.Section", verbose_name=_("section"), on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("section rail")
        verbose_name_plural = _("section rails")
        constraints = [
            models.UniqueConstraint(
                fields=["front", "section"],
                name="unique_front_rail",
                violation_error_message=_("This section already has a rail on this front."),
            ),
        ]

    def __str__(self):
        return str(self.section)


class FrontRace(models.Model):
    """A race in the front's elections module; shown only while the race is published."""

    front = models.ForeignKey(Front, on_delete=models.CASCADE, related_name="races")
    race = models.ForeignKey(
        "elections.Race", verbose_name=_("race"), on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("elections module race")
        verbose_name_plural = _("elections module races")
        constraints = [
            models.UniqueConstraint(
                fields=["front", "race"],
                name="unique_front_race",
                violation_error_message=_("This race is already in the elections module."),
            ),
        ]

    def __str__(self):
        return str(self.race)


class FrontEvent(models.Model):
    """The audit trail of arrangements: who created, changed, published or deleted what, when.

    Outlives the arrangement (its name is copied), like stories' StoryEvent.
    """

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        CHANGED = "changed", _("Changed")
        COPIED = "copied", _("Copied to a new draft")
        PUBLISHED = "published", _("Put live")
        RETIRED = "retired", _("Replaced by another arrangement")
        DELETED = "deleted", _("Deleted")

    front = models.ForeignKey(
        Front,
        verbose_name=_("arrangement"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="events",
    )
    name = models.CharField(_("arrangement at the time"), max_length=100)
    action = models.CharField(_("action"), max_length=10, choices=Action)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("front event")
        verbose_name_plural = _("front events")

    def __str__(self):
        return f"{self.get_action_display()}: {self.name}"

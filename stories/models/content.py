"""What a story carries besides its text: bylines, quotes and corrections."""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..plaintext import normalise, plain_text
from .story import Story
from .taxonomy import Author


class Byline(models.Model):
    class Role(models.TextChoices):
        REPORTER = "reporter", _("Reporter")
        WRITER = "writer", _("Writer")
        CONTRIBUTOR = "contributor", _("Contributor")
        PHOTOGRAPHER = "photographer", _("Photographer")
        VIDEOGRAPHER = "videographer", _("Videographer")
        GRAPHICS = "graphics", _("Graphics")
        EDITOR = "editor", _("Editor")

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(
        Author, verbose_name=_("author"), on_delete=models.PROTECT, related_name="bylines"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.REPORTER)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        constraints = [
            models.UniqueConstraint(
                fields=["story", "author", "role"],
                name="unique_byline_role",
                violation_error_message=_("This author already has that role on the story."),
            ),
        ]
        # An author's stories (author page, sitemap lastmod) read from the index alone.
        indexes = [models.Index(fields=["author", "story"], name="byline_author_story_idx")]

    def __str__(self):
        return f"{self.author} ({self.get_role_display()})"


class Quote(models.Model):
    """Words a source gave a story, as the story prints them."""

    class Method(models.TextChoices):
        SPOKEN = "spoken", _("Spoken to us")
        STATEMENT = "statement", _("Statement")
        PRESS_EVENT = "press_event", _("Press event")
        SOCIAL_POST = "social_post", _("Social media post")
        PARAPHRASE = "paraphrase", _("Paraphrase")

    story = models.ForeignKey(
        Story, verbose_name=_("story"), on_delete=models.CASCADE, related_name="quotes"
    )
    source = models.ForeignKey(
        "sources.Source", verbose_name=_("source"), on_delete=models.PROTECT, related_name="quotes"
    )
    text = models.TextField(
        _("quoted text"),
        help_text=_("Exactly as it appears in the story body (paraphrases excepted)."),
    )
    method = models.CharField(
        _("how it was obtained"), max_length=20, choices=Method, default=Method.SPOKEN
    )
    attribution = models.CharField(
        _("attribution as printed"),
        max_length=300,
        blank=True,
        help_text=_(
            'As the story attributes it, e.g. "said Caruso" or, for a confidential source, '
            '"a city official who requested anonymity".'
        ),
    )
    position = models.PositiveSmallIntegerField(_("order in the story"), default=0)

    class Meta:
        ordering = ["story", "position", "id"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")

    def __str__(self):
        return f"{self.source}: {self.text[:60]}"

    def clean(self):
        super().clean()
        # Readers must be able to find every direct quote in the story as printed;
        # a paraphrase is the reporter's words, so it need not match.
        if self.method == self.Method.PARAPHRASE or not self.text:
            return
        try:
            # In the admin the story may be unsaved (no story_id yet) but it is attached.
            story = self.story
        except ObjectDoesNotExist:
            return  # the required story field reports its own error
        if normalise(self.text) not in plain_text(story.body):
            raise ValidationError(
                {
                    "text": _(
                        "This quote is not in the story's body. Copy it exactly as the story "
                        "prints it, or mark it as a paraphrase."
                    )
                }
            )


class CorrectionQuerySet(models.QuerySet):
    def public(self, *, now=None):
        """Corrections readers may see: those on stories readers may see."""
        # Exists per correction, newest first, rather than a list of every public story.
        return self.filter(Exists(Story.objects.published(now=now).filter(pk=OuterRef("story"))))


class Correction(models.Model):
    """A dated note that changes published journalism openly instead of silently."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        CLARIFICATION = "clarification", _("Clarification")
        EDITORS_NOTE = "editors_note", _("Editor's note")
        UPDATE = "update", _("Update")

    story = models.ForeignKey(
        Story, verbose_name=_("story"), on_delete=models.CASCADE, related_name="corrections"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.CORRECTION)
    text = models.TextField(_("text"), help_text=_("Plain text, shown to readers as written."))
    created_at = models.DateTimeField(_("date and time"), default=timezone.now, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.story}"

    def get_absolute_url(self):
        return f"{self.story.get_absolute_url()}#correction-{self.pk}"

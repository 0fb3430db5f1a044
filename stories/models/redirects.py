"""Old public addresses that answer 301 to where their story, section, tag or author is now."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from .story import Story
from .taxonomy import Author, Section

# The kinds of object a redirect can point at, as its foreign key names.
TARGETS = ("story", "section", "tag", "author")


class Redirect(models.Model):
    """A path readers once used (/stories/old-slug/) and the object it belongs to now.

    It points at the object, not at a path: renaming twice leaves both old paths answering
    with the current address, and a redirect never outlives its object (CASCADE).
    """

    old_path = models.CharField(
        _("old address"),
        max_length=300,
        unique=True,
        validators=[RegexValidator(r"^/\S*/$", _("A path on this site, like /stories/old-slug/."))],
        help_text=_("A path on this site, e.g. /stories/old-slug/."),
    )
    story = models.ForeignKey(
        Story, on_delete=models.CASCADE, null=True, blank=True, related_name="redirects"
    )
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, null=True, blank=True, related_name="redirects"
    )
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    author = models.ForeignKey(
        Author, on_delete=models.CASCADE, null=True, blank=True, related_name="redirects"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        ordering = ["old_path"]
        verbose_name = _("redirect")
        verbose_name_plural = _("redirects")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(story__isnull=False, section=None, tag=None, author=None)
                    | Q(story=None, section__isnull=False, tag=None, author=None)
                    | Q(story=None, section=None, tag__isnull=False, author=None)
                    | Q(story=None, section=None, tag=None, author__isnull=False)
                ),
                name="redirect_has_one_target",
                violation_error_message=_("A redirect points at exactly one thing."),
            ),
        ]

    def __str__(self):
        return f"{self.old_path} → {self.target}"

    @property
    def target(self):
        return self.story or self.section or self.tag or self.author

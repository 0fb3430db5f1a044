"""The media library: every image the site shows is an `Image` row, uploaded once and
chosen wherever it is used (a story's lead image, an author's or a source's photo).

Alt text, caption and credit live here, once per image, so every use describes the
picture the same way; a use is a foreign key with on_delete=PROTECT, so an image in use
cannot be deleted. "Where it is used" is read from the reverse relations other apps
declare (`Image._meta.related_objects`): this bottom-layer app imports none of them.
"""

import logging
import posixpath
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Length, Trim
from django.db.models.lookups import GreaterThan
from django.utils.translation import gettext_lazy as _

from .images import RandomFileName, ResponsiveImageField, delete_stored, validate_image_upload
from .renditions import card_for, write_card

log = logging.getLogger(__name__)


def delete_unused_card(storage, name: str) -> None:
    """Delete a link preview once no image names it (another editor's save may have)."""
    if not Image._base_manager.filter(social_card=name).exists():
        delete_stored(storage, [name])


def delete_card_of_deleted_row(sender, instance, using, **kwargs):
    if instance.social_card:
        storage = instance.file.storage
        transaction.on_commit(
            partial(delete_unused_card, storage, instance.social_card), using=using
        )


FOCAL_RANGE = [MinValueValidator(0.0), MaxValueValidator(1.0)]


class Image(models.Model):
    """An uploaded picture with what readers and editors need to know about it."""

    file = ResponsiveImageField(
        _("image file"),
        upload_to=RandomFileName("images/%Y/%m/"),
        width_field="width",
        height_field="height",
        validators=[validate_image_upload],
        help_text=_("JPEG, PNG, WebP or GIF. Location and camera data are removed on upload."),
    )
    # Stored so pages size the image and its renditions without opening the file.
    width = models.PositiveIntegerField(_("width"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True, editable=False)
    title = models.CharField(
        _("title"),
        max_length=255,
        blank=True,
        help_text=_(
            "For finding the image in the library; never shown to readers. "
            "Left empty, it is the uploaded file's name."
        ),
    )
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        help_text=_("Describes the image for readers who cannot see it. Required."),
    )
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    licence = models.CharField(
        _("source / licence"),
        max_length=300,
        blank=True,
        help_text=_("Where the image comes from and on what terms we may use it."),
    )
    # Where the subject is, as fractions of the width and height from the top left:
    # crops to a fixed shape keep this point in the picture. Empty means the centre.
    focal_x = models.FloatField(
        _("focal point (across)"), null=True, blank=True, validators=FOCAL_RANGE
    )
    focal_y = models.FloatField(
        _("focal point (down)"), null=True, blank=True, validators=FOCAL_RANGE
    )
    # The stored name of the link preview cut around the current focal point (card_for);
    # empty until one is written. Pages link it only while it matches the focal point.
    social_card = models.CharField(
        _("link preview"), max_length=255, blank=True, editable=False, default=""
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("image")
        verbose_name_plural = _("images")
        constraints = [
            # Every write path, not only the admin form: an image without a description
            # would reach readers of screen readers as a file name.
            models.CheckConstraint(
                condition=GreaterThan(Length(Trim("alt_text")), 0),
                name="media_image_has_alt_text",
                violation_error_message=_("An image needs alt text."),
            ),
            models.CheckConstraint(
                condition=(Q(focal_x__isnull=True) | Q(focal_x__gte=0, focal_x__lte=1))
                & (Q(focal_y__isnull=True) | Q(focal_y__gte=0, focal_y__lte=1)),
                name="media_image_focal_point_inside",
                violation_error_message=_("The focal point must lie inside the image."),
            ),
        ]

    def __str__(self):
        return self.title or self.alt_text

    def save(self, *args, **kwargs):
        if not self.title and self.file and not self.file._committed:
            # The name as uploaded, before RandomFileName replaces it on save.
            self.title = posixpath.basename(self.file.name)[:255]
        super().save(*args, **kwargs)
        self.write_social_card()

    def write_social_card(self, *, force: bool = False) -> bool:
        """Cut the link preview for the current file and focal point, unless it is already
        written (or `force`); the one it replaces is deleted once the change commits.

        After every save, as the file field writes renditions (every write path saves):
        a new upload and a moved focal point both change the card's name. Returns whether
        a card was written.
        """
        if not (self.file and self.width and self.height):
            return False
        card = card_for(self.file.name, self.width, self.height, self.focal_point)
        storage = self.file.storage
        # The file is asked too: a save from a form loaded before a colleague moved the
        # focal point brings back the name of the card that colleague's save deleted.
        if card.name == self.social_card and storage.exists(card.name) and not force:
            return False
        try:
            write_card(self.file, self.focal_point)
        except OSError:
            # The original is missing or unreadable (a photo adopted from an old install,
            # storage that lost it): the editor's change is kept and pages share the widest
            # rendition, as for a photo without a preview.
            log.warning("No link preview for image %s: cannot read %s", self.pk, self.file.name)
            return False
        replaced, self.social_card = self.social_card, card.name
        type(self)._base_manager.filter(pk=self.pk).update(social_card=card.name)
        if replaced and replaced != card.name:
            transaction.on_commit(partial(delete_unused_card, storage, replaced))
        return True

    def clean(self):
        # The constraint's twin, so a form names the field instead of the whole image.
        if not self.alt_text.strip():
            raise ValidationError(
                {"alt_text": _("Describe the image for readers who cannot see it.")}
            )

    @property
    def focal_point(self) -> tuple[float, float]:
        """(x, y) as fractions of the width and height; the centre when none is set."""
        x = 0.5 if self.focal_x is None else self.focal_x
        y = 0.5 if self.focal_y is None else self.focal_y
        return x, y

    def usages(self) -> list[models.Model]:
        """Every row that uses this image, found through the reverse relations of the
        foreign keys other apps point at Image (one query per relation)."""
        found = []
        for relation in self._meta.related_objects:
            if not relation.one_to_many:
                continue
            manager = relation.related_model._base_manager
            found.extend(manager.filter(**{relation.field.name: self}).order_by("pk"))
        return found

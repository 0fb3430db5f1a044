"""Which library images a story's body shows (stories/figures.py keeps the rows current)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .story import Story


class BodyImage(models.Model):
    """A library image inside a story's body.

    The image's page lists the story through this row, and PROTECT refuses to delete an
    image a body still shows (the body would keep an address that answers 404).
    """

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="body_images")
    image = models.ForeignKey(
        "media.Image",
        verbose_name=_("image"),
        on_delete=models.PROTECT,
        related_name="in_story_bodies",
    )

    class Meta:
        verbose_name = _("image in a story's body")
        verbose_name_plural = _("images in stories' bodies")
        constraints = [
            models.UniqueConstraint(fields=["story", "image"], name="body_image_once_per_story")
        ]

    def __str__(self):
        return str(self.story)

    def get_admin_url(self):
        # The image's "where it is used" list links to the story, not to this row.
        from django.urls import reverse

        return reverse("admin:stories_story_change", args=[self.story_id])

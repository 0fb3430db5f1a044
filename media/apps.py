from django.apps import AppConfig


class MediaConfig(AppConfig):
    """Images and their renditions: the bottom layer, which knows no other app of ours."""

    name = "media"
    verbose_name = "Media"

    def ready(self):
        from django.db.models.signals import post_delete

        from .models import Image, delete_card_of_deleted_row

        # Bulk deletes too (they send post_delete, not delete()): the original and its
        # renditions go through the file field's own receiver; the link preview, which
        # only the row names, here.
        post_delete.connect(
            delete_card_of_deleted_row, sender=Image, dispatch_uid="media_image_card"
        )

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from media.images import ResponsiveImageField
from media.reprocess import reprocess_images


def image_fields():
    """Every (model, field name) that stores a responsive image, in any installed app.

    Found by field type rather than listed, so this bottom-layer command needs no import of
    the apps above it and a new photo field is covered without touching it.
    """
    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, ResponsiveImageField)
    ]


class Command(BaseCommand):
    help = (
        "Strip location and camera metadata from stored photos and (re)write their WebP and "
        "JPEG renditions, and the library's link previews (1200x630, cut around the focal "
        "point): for photos stored before these existed or after their sizes changed. New "
        "uploads and moved focal points are processed when they are saved."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the photos; change nothing."
        )
        parser.add_argument(
            "--rename",
            action="store_true",
            help=(
                "Also move each photo and its renditions to a random file name, for photos "
                "uploaded when files kept their uploaded names (which anyone could guess). "
                "Their old URLs stop working."
            ),
        )

    def handle(self, *args, dry_run=False, rename=False, **options):
        images = [
            (instance, field)
            for model, field in image_fields()
            for instance in model._default_manager.exclude(**{field: ""}).order_by("pk")
        ]
        with transaction.atomic():
            count = reprocess_images(images=images, dry_run=dry_run, rename=rename)
        verb = "Would process" if dry_run else "Processed"
        self.stdout.write(self.style.SUCCESS(f"{verb} {count} photo(s)."))

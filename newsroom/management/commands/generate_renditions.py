from django.core.management.base import BaseCommand
from django.db import transaction

from newsroom.images import reprocess_images
from sources.models import Source
from stories.models import Author, Story

IMAGE_FIELDS = [(Story, "lead_image"), (Author, "photo"), (Source, "photo")]


class Command(BaseCommand):
    help = (
        "Strip location and camera metadata from stored photos and (re)write their WebP and "
        "JPEG renditions: for photos stored before renditions existed or after their widths "
        "changed. New uploads are processed when they are saved."
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
            for model, field in IMAGE_FIELDS
            for instance in model._default_manager.exclude(**{field: ""}).order_by("pk")
        ]
        with transaction.atomic():
            count = reprocess_images(images=images, dry_run=dry_run, rename=rename)
        verb = "Would process" if dry_run else "Processed"
        self.stdout.write(self.style.SUCCESS(f"{verb} {count} photo(s)."))

from django.core.management.base import BaseCommand
from django.db import transaction

from stories.listing_times import refresh_listing_times, stale_listing_times
from stories.source_times import refresh_source_times, stale_source_times


class Command(BaseCommand):
    help = (
        "Recompute every source's public_since (when it first appeared in a live story) "
        "and every tag's and author's times (when their stories go live, for the "
        "sitemaps) from the stories, set-based: after a raw restore or a write past "
        "the workflow."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="only say how many rows are out of date"
        )

    def handle(self, *args, dry_run=False, **options):
        stale = stale_source_times()
        listed = stale_listing_times()
        counts = f"{stale} source(s) and {listed} tag(s) or author(s)"
        if dry_run:
            self.stdout.write(f"{counts} out of date.")
            return
        with transaction.atomic():
            refresh_source_times()
            refresh_listing_times()
        self.stdout.write(self.style.SUCCESS(f"Refreshed; {counts} were out of date."))

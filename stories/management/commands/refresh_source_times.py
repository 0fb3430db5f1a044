from django.core.management.base import BaseCommand
from django.db import transaction

from stories.source_times import refresh_source_times, stale_source_times


class Command(BaseCommand):
    help = (
        "Recompute every source's public_since (when it first appeared in a live story) "
        "from the stories, in one UPDATE: after a raw restore or a write past the workflow."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="only say how many sources are out of date"
        )

    def handle(self, *args, dry_run=False, **options):
        stale = stale_source_times()
        if dry_run:
            self.stdout.write(f"{stale} source(s) out of date.")
            return
        with transaction.atomic():
            refresh_source_times()
        self.stdout.write(self.style.SUCCESS(f"Refreshed; {stale} source(s) were out of date."))

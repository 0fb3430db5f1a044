from django.core.management.base import BaseCommand
from django.db import transaction

from stories.story_facts import refresh_story_facts, stale_story_facts


class Command(BaseCommand):
    help = (
        "Recompute every source's public_since (when it first appeared in a live story) "
        "and every tag's and author's times (when their stories go live, for the "
        "sitemaps), and each tag row's copy of its story's publication time, from the "
        "stories, set-based: after a raw restore or a write past "
        "the workflow."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="only say how many rows are out of date"
        )

    def handle(self, *args, dry_run=False, **options):
        stale, listed, copies = stale_story_facts()
        # A tag row is out of date when its copy of its story's time is not the story's.
        counts = f"{stale} source(s), {listed} tag(s) or author(s) and {copies} tag row(s)"
        if dry_run:
            self.stdout.write(f"{counts} out of date.")
            return
        with transaction.atomic():
            refresh_story_facts()
        self.stdout.write(self.style.SUCCESS(f"Refreshed; {counts} were out of date."))

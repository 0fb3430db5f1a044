from datetime import timedelta

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from media.orphans import find_orphans


class Command(BaseCommand):
    help = (
        "Delete photos and renditions that no row and no stored revision refers to: files "
        "of failed or replaced uploads left by earlier versions. Media is public, so such "
        "files stay reachable until deleted. Only the photo folders are searched."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List the orphans; delete nothing."
        )
        parser.add_argument(
            "--min-age-hours",
            type=float,
            default=1.0,
            help="Leave files younger than this alone (an upload being saved). Default: 1.",
        )

    def handle(self, *args, dry_run=False, min_age_hours=1.0, **options):
        if min_age_hours < 0:
            raise CommandError("--min-age-hours must be 0 or more.")
        orphans = find_orphans(default_storage, min_age=timedelta(hours=min_age_hours))
        for name in orphans:
            self.stdout.write(f"  {name}")
            if not dry_run:
                default_storage.delete(name)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(self.style.SUCCESS(f"{verb} {len(orphans)} orphaned file(s)."))

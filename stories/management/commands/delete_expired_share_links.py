from django.core.management.base import BaseCommand
from django.db import transaction

from stories.sharing import delete_expired_share_links


class Command(BaseCommand):
    help = (
        "Delete share links whose time is up (revoked or not). Run it daily from cron; "
        "the story's audit trail keeps who made and revoked each link."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count the links it would delete."
        )

    def handle(self, **options):
        dry_run = options["dry_run"]
        with transaction.atomic():
            count = delete_expired_share_links(dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(self.style.SUCCESS(f"{verb} {count} expired share link(s)."))

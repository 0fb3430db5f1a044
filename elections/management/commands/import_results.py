from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from elections.results import ResultsImportError, import_results


class Command(BaseCommand):
    help = (
        "Load election results from a CSV file (columns: contest, candidate, votes, "
        "updated_at, and optionally precincts_reporting, precincts_total, "
        "expected_vote_percent, ballots_cast, source). All rows or none are written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The CSV results file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report, writing nothing."
        )

    def handle(self, *args, file: Path, dry_run: bool, **options):
        try:
            summary = import_results(path=file, dry_run=dry_run)
        except ResultsImportError as error:
            raise CommandError(str(error)) from error
        prefix = "Dry run, nothing written: " if dry_run else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}{summary.contests_updated} contest(s) updated, "
                f"{summary.contests_unchanged} unchanged, "
                f"{summary.candidacies_updated} candidate vote count(s) changed."
            )
        )

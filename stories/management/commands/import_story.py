from django.core.management.base import BaseCommand, CommandError

from stories.importers import BadInput, ImportReport, import_stories
from stories.importers.service import BATCH_SIZE
from stories.models import Section


class Command(BaseCommand):
    help = (
        "Import stories from plain-text articles (*.txt) and IPTC ninjs JSON (*.json, *.jsonl), "
        "given as files, directories (searched recursively) or - for standard input. "
        "Re-importing updates the story with the same ninjs uri (or file path) but never "
        "changes a published, withdrawn or archived story's status or publication time; "
        "archived stories are frozen and skipped (listed, not an error). ninjs `embargoed` "
        "sets the embargo of a story not yet published; pubstatus `withheld` imports as a "
        "draft (and never updates a published story), `canceled` is skipped. Stories are "
        "written and committed in batches: an interrupted run, run again, resumes."
    )
    # Tests hand in standard input and a fixed clock.
    stealth_options = ("stdin", "now")

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--publish",
            action="store_true",
            help=(
                "Publish new stories and those still in draft or review whose pubstatus is "
                "usable (default: drafts); an embargoed one goes live when the embargo lifts."
            ),
        )
        parser.add_argument("--section", metavar="SLUG", help="File every story in this section.")
        parser.add_argument(
            "--tag", action="append", default=[], dest="tags", metavar="NAME",
            help="Add this tag to every story (repeatable).",
        )  # fmt: skip
        parser.add_argument(
            "--create-sources", action="store_true",
            help="Create sources for quoted speakers with no matching source.",
        )  # fmt: skip
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; write nothing."
        )
        parser.add_argument(
            "--continue-on-error", action="store_true",
            help="Import the good inputs, skip and list the bad ones (exit status stays 1).",
        )  # fmt: skip
        parser.add_argument(
            "--batch-size", type=int, default=BATCH_SIZE, metavar="N",
            help=f"Stories written and committed together (default {BATCH_SIZE}).",
        )  # fmt: skip

    def handle(self, *, paths, **options):
        self.verbosity = options["verbosity"]
        section = None
        if options["section"]:
            section = Section.objects.filter(slug=options["section"]).first()
            if section is None:
                raise CommandError(f"There is no section with the slug {options['section']!r}.")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        # One line per batch: on a terminal, or in a log at -v 2 (cron output stays quiet).
        show_progress = self.verbosity >= 2 or (self.verbosity >= 1 and self.stderr.isatty())
        try:
            report = import_stories(
                paths=paths,
                stdin=options.get("stdin"),
                publish=options["publish"],
                section=section,
                tags=options["tags"],
                create_sources=options["create_sources"],
                dry_run=options["dry_run"],
                continue_on_error=options["continue_on_error"],
                now=options.get("now"),
                batch_size=options["batch_size"],
                progress=self.progress if show_progress else None,
            )
        except BadInput as error:
            report = getattr(error, "report", None)
            if report is None or report.dry_run or not report.written:
                raise CommandError(f"{error}; nothing was imported.") from None
            raise CommandError(
                f"{error}; its batch was not imported, the {report.written} stories of the "
                "batches before it were. Run the command again to resume."
            ) from None
        self.print_report(report)
        if report.failed:
            raise CommandError(
                f"{len(report.failed)} input(s) failed and were skipped; "
                f"the other {report.done - len(report.failed)} were "
                f"{'checked' if report.dry_run else 'imported'}."
            )

    def progress(self, report: ImportReport) -> None:
        self.stderr.write(
            f"Importing… {report.done} stories, batch {report.batches}: "
            f"{len(report.created)} created, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged, {len(report.failed)} failed; "
            f"{report.rate:,.0f} stories/s"
        )
        self.stderr.flush()

    def print_report(self, report: ImportReport) -> None:
        if self.verbosity >= 2:
            for action, labels in (
                ("created", report.created),
                ("updated", report.updated),
                ("unchanged", report.unchanged),
            ):
                for label in labels:
                    would = "would be " if report.dry_run and action != "unchanged" else ""
                    self.stdout.write(f"{label}: {would}{action}")
        if self.verbosity < 1:
            return
        for message in report.failed:
            self.stderr.write(self.style.ERROR(f"failed: {message}"))
        for message in report.skipped:
            self.stdout.write(self.style.WARNING(f"skipped: {message}"))
        for message in report.not_published:
            self.stdout.write(self.style.WARNING(f"not published: {message}"))
        if report.created_sources:
            self.stdout.write("Sources created for quoted speakers:")
            for name in report.created_sources:
                self.stdout.write(f"  {name}")
        if report.unmatched_speakers:
            self.stdout.write(
                self.style.WARNING(
                    "Quoted speakers with no source (add them in the admin and import again, "
                    "or use --create-sources):"
                )
            )
            for line in report.unmatched_speakers:
                self.stdout.write(f"  {line}")
        counts = (
            f"{len(report.created)} created, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged, {len(report.failed)} failed, "
            f"{len(report.skipped)} skipped"
        )
        if report.dry_run:
            self.stdout.write(f"Dry run, nothing was written. Would be: {counts}.")
        else:
            style = self.style.ERROR if report.failed else self.style.SUCCESS
            self.stdout.write(style(f"Imported: {counts}."))

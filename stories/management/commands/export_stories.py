import json
import re
from datetime import datetime, time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from stories.exporters import iter_ninjs
from stories.models import Section, Story


class Command(BaseCommand):
    help = (
        "Export stories as IPTC ninjs: JSON Lines on standard output, or one file per story "
        "with --output-dir. Published stories only unless --all."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Include drafts and scheduled stories."
        )
        parser.add_argument(
            "--since", metavar="DATE",
            help="Only stories changed on or after DATE (YYYY-MM-DD or an ISO date-time).",
        )  # fmt: skip
        parser.add_argument("--section", metavar="SLUG", help="Only stories in this section.")
        parser.add_argument(
            "--output-dir", metavar="DIR", help="Write DIR/<slug>.json instead of JSON Lines."
        )
        parser.add_argument(
            "--base-url", metavar="URL",
            help="The site's scheme and host for the lead images' addresses "
            "(default: https://NEWSROOM_DOMAIN).",
        )  # fmt: skip

    def handle(self, **options):
        stories = Story.objects.all() if options["all"] else Story.objects.published()
        if options["since"]:
            stories = stories.filter(updated_at__gte=self.parse_since(options["since"]))
        if options["section"]:
            if not Section.objects.filter(slug=options["section"]).exists():
                raise CommandError(f"There is no section with the slug {options['section']!r}.")
            stories = stories.filter(section__slug=options["section"])
        base_url = options["base_url"] or ""
        if base_url and not re.fullmatch(r"https?://[^/\s?#]+/?", base_url):
            raise CommandError(
                f"--base-url {base_url!r} is not a scheme and host such as https://example.org."
            )
        out_dir = Path(options["output_dir"]) if options["output_dir"] else None
        if out_dir:
            try:
                out_dir.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise CommandError(
                    f"{out_dir}: cannot create the directory: {error.strerror}"
                ) from None
        count = 0
        for story, item in iter_ninjs(stories, base_url=base_url):
            if out_dir:
                text = json.dumps(item, ensure_ascii=False, indent=2)
                (out_dir / f"{story.slug}.json").write_text(text + "\n", encoding="utf-8")
            else:
                self.stdout.write(json.dumps(item, ensure_ascii=False))
            count += 1
        if options["verbosity"] >= 1:
            # JSON Lines own standard output; the summary goes to standard error then.
            stream = self.stdout if out_dir else self.stderr
            where = f" to {out_dir}" if out_dir else ""
            stream.write(f"Exported {count} stories{where}.")

    def parse_since(self, value: str) -> datetime:
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value) if len(value) == 10 else None
            if day is None:
                raise CommandError(
                    f"--since {value!r} is not a date (YYYY-MM-DD) or an ISO date-time."
                )
            moment = datetime.combine(day, time.min)
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment

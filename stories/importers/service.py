"""The import run: find the inputs, parse them as a stream, write stories in batches.

Each batch (BATCH_SIZE stories) is one transaction, committed before the next is read:
a 100,000-story archive is not one nine-minute transaction that holds SQLite's write
lock throughout and loses everything to one interruption. Running the same command again
resumes: stories already imported are found by their import identity, in bulk, and left
unchanged. By default the first bad input raises BadInput: its batch is not written,
batches before it stay. With `continue_on_error` bad inputs are recorded and skipped.
A dry run is still one transaction, rolled back.
Every story row the importer writes goes through `writer.write_stories()`; the inputs
are found and parsed in `inputs`, bylines, tags and quotes written in `relations`.
"""

import time
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, reset_queries, transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag

from ..models import Author, Section, Story
from ..sanitize import HTMLTooComplexError, check_html_bounds
from ..story_facts import facts_batch
from .base import BadInput, ParsedStory
from .documents import with_documents
from .inputs import iter_inputs
from .readahead import read_ahead
from .relations import SourceIndex
from .writer import write_stories

__all__ = ["ImportReport", "SourceIndex", "import_stories", "iter_inputs", "write_stories"]

BATCH_SIZE = 500


@dataclass
class ImportReport:
    """What a run did (or, in a dry run, would do), input by input."""

    dry_run: bool = False
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    # Inputs left alone on purpose (archived stories, canceled or withheld wire items),
    # each with its reason; unlike `failed`, they never stop a run.
    skipped: list[str] = field(default_factory=list)
    # Imported, but kept a draft despite --publish: the pre-publish checks said why.
    not_published: list[str] = field(default_factory=list)
    unmatched_speakers: list[str] = field(default_factory=list)
    created_sources: list[str] = field(default_factory=list)
    batches: int = 0  # batches written (committed, unless a dry run)
    seconds: float = 0.0  # time spent so far, for the rate in progress lines

    @property
    def done(self) -> int:
        return (
            len(self.created)
            + len(self.updated)
            + len(self.unchanged)
            + len(self.failed)
            + len(self.skipped)
        )

    @property
    def written(self) -> int:
        return len(self.created) + len(self.updated)

    @property
    def rate(self) -> float:
        """Inputs handled per second so far."""
        return self.done / self.seconds if self.seconds else 0.0


def import_stories(
    *,
    paths: Sequence[str],
    stdin=None,
    publish: bool = False,
    section: Section | None = None,
    tags: Sequence[str] = (),
    create_sources: bool = False,
    dry_run: bool = False,
    continue_on_error: bool = False,
    now: datetime | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[ImportReport], None] | None = None,
) -> ImportReport:
    """Import stories from files, directories or "-" (stdin), one transaction per batch.

    Raises BadInput on the first bad input unless `continue_on_error`; the batches
    written before it stay (the error's `report` says how many). A dry run rolls
    everything back and only reports.
    """
    report = ImportReport(dry_run=dry_run)
    importer = _Importer(
        report=report,
        publish=publish,
        section=section,
        extra_tags=list(tags),
        create_sources=create_sources,
        continue_on_error=continue_on_error,
        now=now or timezone.now(),
        batch_size=batch_size,
        progress=progress,
    )
    # Options that change the result are part of each input's checksum, so re-running
    # with, say, --publish updates the stories instead of calling them unchanged.
    salt = f"{publish}|{section.slug if section else ''}|{sorted(tags)}|{create_sources}\n"
    # A dry run must not write anything, so it stays one transaction rolled back at the end.
    run_transaction = transaction.atomic() if dry_run else nullcontext()
    try:
        with run_transaction:
            inputs = iter_inputs(paths, stdin=stdin, salt=salt)
            if connection.vendor == "postgresql":
                inputs = with_documents(inputs, size=batch_size, extra_tags=importer.extra_tags)
            for item in read_ahead(inputs, size=batch_size):
                if isinstance(item, BadInput):
                    importer.fail(item)
                else:
                    importer.add(item)
            importer.flush()
            if dry_run:
                transaction.set_rollback(True)
    except BadInput as error:
        # The caller says whether earlier batches were imported, and how to resume.
        error.report = report
        raise
    return report


class _Importer:
    def __init__(self, *, report, publish, section, extra_tags, create_sources, **options):
        self.report = report
        self.publish = publish
        self.section = section
        self.extra_tags = extra_tags
        self.create_sources = create_sources
        self.continue_on_error = options["continue_on_error"]
        self.now = options["now"]
        self.batch_size = options["batch_size"]
        self.progress = options["progress"]
        self.started = time.perf_counter()
        self.batch: list[ParsedStory] = []
        # Only the current batch is remembered: earlier batches are already in the
        # database (inside the run's transaction), where the lookups find them.
        self.batch_keys: set[str] = set()
        self.sections: dict[str, Section] = {}
        self.sources: SourceIndex | None = None
        fields = {f.name: f for f in Story._meta.fields}
        self.limits = {
            name: fields[name].max_length
            for name in ("headline", "dateline", "credit", "slug", "seo_title", "seo_description")
        }

    def fail(self, error: BadInput) -> None:
        if not self.continue_on_error:
            raise error
        self.report.failed.append(str(error))

    def add(self, item: ParsedStory) -> None:
        try:
            self.validate(item)
        except BadInput as error:
            self.fail(error)
            return
        if item.key in self.batch_keys:
            # The same story twice in one run (a wire feed repeating an item with a new
            # version): write the first, so the later one updates it. Inputs are in order.
            self.flush()
        self.batch.append(item)
        self.batch_keys.add(item.key)
        if len(self.batch) >= self.batch_size:
            self.flush()

    def validate(self, item: ParsedStory) -> None:
        for name in ("headline", "dateline", "credit", "seo_title", "seo_description"):
            value = getattr(item, name)
            if len(value) > self.limits[name]:
                line = item.headline_line if name == "headline" else item.dateline_line
                raise BadInput(
                    item.label,
                    f"the {name.replace('_', ' ')} is {len(value)} characters; "
                    f"the limit is {self.limits[name]}",
                    line=line,
                )
        if len(item.key) > Story._meta.get_field("import_key").max_length:
            raise BadInput(item.label, "the import identity (uri or path) is over 500 characters")
        for name in item.tags + self.extra_tags:
            if len(name) > Tag._meta.get_field("name").max_length:
                raise BadInput(item.label, f"the tag {name[:40]!r}… is over 100 characters")
        for byline in item.bylines:
            if len(byline.name) > Author._meta.get_field("name").max_length:
                raise BadInput(item.label, f"the byline name {byline.name[:40]!r}… is too long")
        try:
            check_html_bounds(item.body)
        except HTMLTooComplexError as error:
            raise BadInput(item.label, f"the body: {error.messages[0]}") from None
        item.slug = (item.slug or slugify(item.headline))[: self.limits["slug"]].strip("-")
        if not item.slug:
            # A headline with no Latin letters or digits still needs an address.
            item.slug = f"story-{item.checksum[:12]}"

    def flush(self) -> None:
        batch, self.batch = self.batch, []
        self.batch_keys = set()
        if not batch:
            return
        try:
            # The batch's own transaction: committed here, or rolled back whole.
            # Sources' public_since, tags' and authors' times are recomputed once per
            # batch, in its transaction, not once per story (stories.story_facts).
            with transaction.atomic(), facts_batch():
                write_stories(batch=batch, importer=self)
        except (IntegrityError, DatabaseError) as error:
            message = str(error).splitlines()[0] if str(error) else type(error).__name__
            self.fail(BadInput(f"{batch[0].label} … {batch[-1].label}", f"database: {message}"))
        self.report.batches += 1
        self.report.seconds = time.perf_counter() - self.started
        if settings.DEBUG and not connection.force_debug_cursor:
            # DEBUG keeps every SQL statement, bulk inserts with all their bodies included:
            # drop them per batch so a long import's memory stays flat. Test query
            # captures set force_debug_cursor and are left alone.
            reset_queries()
        if self.progress:
            self.progress(self.report)

    def section_for(self, item: ParsedStory) -> Section | None:
        if self.section or not item.section_slug:
            return self.section
        if item.section_slug not in self.sections:
            self.sections[item.section_slug], _ = Section.objects.get_or_create(
                slug=item.section_slug[:100], defaults={"name": item.section_name[:100]}
            )
        return self.sections[item.section_slug]

"""The import run: find the inputs, parse them as a stream, write stories in batches.

A run is one transaction: by default the first bad input raises BadInput and nothing is
written. With `continue_on_error` bad inputs are recorded in the report and skipped.
Every story row the importer writes goes through `write_stories()`.
"""

import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import reversion
from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, reset_queries, transaction
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag

from sources.models import Source

from ..models import Author, Byline, Quote, Section, Story, StoryEvent, TaggedStory
from ..sanitize import clean_html
from ..tags import tag_slug
from .base import MAX_DOCUMENT_BYTES, BadInput, ParsedStory
from .ninjs import bounded_lines, iter_json, iter_json_lines
from .text import decode, parse_text

TEXT_SUFFIXES = {".txt"}
JSON_SUFFIXES = {".json"}
JSON_LINES_SUFFIXES = {".jsonl", ".ndjson"}
BATCH_SIZE = 500
# The only states an import may publish from: the story has not been through an editor's
# publish/unpublish/archive decision, which a re-import must never undo.
OPEN_STATUSES = (Story.Status.DRAFT, Story.Status.REVIEW)


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
    unmatched_speakers: list[str] = field(default_factory=list)
    created_sources: list[str] = field(default_factory=list)

    @property
    def done(self) -> int:
        return (
            len(self.created)
            + len(self.updated)
            + len(self.unchanged)
            + len(self.failed)
            + len(self.skipped)
        )


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
    """Import stories from files, directories or "-" (stdin) in one transaction.

    Raises BadInput on the first bad input unless `continue_on_error`; a dry run rolls
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
    with transaction.atomic():
        for item in iter_inputs(paths, stdin=stdin, salt=salt):
            if isinstance(item, BadInput):
                importer.fail(item)
            else:
                importer.add(item)
        importer.flush()
        if dry_run:
            transaction.set_rollback(True)
    return report


def iter_inputs(paths: Sequence[str], *, stdin=None, salt: str = "") -> Iterator:
    """Yield a ParsedStory, or the BadInput, for every story in `paths`, one file at a time."""
    seen: set[Path] = set()
    for arg in paths:
        if arg == "-":
            yield from _parse_stdin(stdin if stdin is not None else sys.stdin, salt)
            continue
        path = Path(arg)
        if not path.exists():
            yield BadInput(arg, "no such file or directory")
            continue
        if path.is_dir():
            suffixes = TEXT_SUFFIXES | JSON_SUFFIXES | JSON_LINES_SUFFIXES
            files = sorted(p for p in path.rglob("*") if p.suffix.lower() in suffixes)
        else:
            files = [path]
        for file in files:
            resolved = file.resolve()
            if resolved in seen or not file.is_file():
                continue
            seen.add(resolved)
            yield from _parse_file(file, resolved, salt)


def _parse_file(file: Path, resolved: Path, salt: str) -> Iterator:
    label = str(file)
    suffix = file.suffix.lower()
    try:
        if suffix in JSON_LINES_SUFFIXES:
            if file.stat().st_size == 0:
                raise BadInput(label, "the file is empty")
            with file.open("rb") as lines:
                yield from iter_json_lines(bounded_lines(lines), label=label, checksum_salt=salt)
            return
        size = file.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise BadInput(label, too_large(size))
        text = decode(file.read_bytes(), label)
        if suffix in JSON_SUFFIXES:
            yield from iter_json(text, label=label, checksum_salt=salt)
        else:
            # A text file's identity is its absolute path: the same drop folder
            # re-imported updates the stories it created (see README).
            yield parse_text(text, label=label, key=f"file:{resolved}", checksum_salt=salt)
    except BadInput as error:
        yield error
    except OSError as error:
        yield BadInput(label, f"cannot be read: {error.strerror or error}")


def too_large(size: int | None) -> str:
    read = f"is {size / 1024 / 1024:.0f} MB" if size else "is larger than that"
    return (
        f"the input {read}; a JSON document or text file may be at most "
        f"{MAX_DOCUMENT_BYTES // 1024 // 1024} MB. Send larger batches as JSON Lines (.jsonl), "
        "which are read one story at a time"
    )


def _parse_stdin(stream, salt: str) -> Iterator:
    label = "<stdin>"
    try:
        source = stream.buffer if hasattr(stream, "buffer") else stream
        data = source.read(MAX_DOCUMENT_BYTES + 1)
        if len(data) > MAX_DOCUMENT_BYTES:
            raise BadInput(label, too_large(None))
        text = decode(data if isinstance(data, bytes) else data.encode(), label)
        if text.lstrip()[:1] in ("{", "["):
            try:
                yield from iter_json(text, label=label, checksum_salt=salt)
            except BadInput as error:
                if "Extra data" not in error.message:
                    raise
                # More than one document: JSON Lines, as export_stories writes them.
                yield from iter_json_lines(text.splitlines(), label=label, checksum_salt=salt)
        else:
            story = parse_text(text, label=label, key="", checksum_salt=salt)
            # Standard input has no path: the headline is its identity.
            story.key = f"stdin:{slugify(story.headline)}"
            yield story
    except BadInput as error:
        yield error


class SourceIndex:
    """Existing sources by full name and by surname, to link quotes to speakers."""

    def __init__(self):
        self.by_name: dict[str, set[int]] = {}
        self.by_surname: dict[str, set[int]] = {}
        for pk, name, kind in Source.objects.values_list("pk", "name", "kind"):
            self.add(pk, name, kind)

    def add(self, pk: int, name: str, kind: str = Source.Kind.PERSON) -> None:
        self.by_name.setdefault(name.lower(), set()).add(pk)
        if kind == Source.Kind.PERSON and " " in name:
            self.by_surname.setdefault(name.split()[-1].lower(), set()).add(pk)

    def match(self, name: str) -> tuple[int | None, bool]:
        """(source pk or None, whether the name was ambiguous)."""
        words = name.split()
        # "Rabbi Marvin Hier": try the whole name, then without leading descriptors.
        for start in range(len(words)):
            pks = self.by_name.get(" ".join(words[start:]).lower(), set())
            if len(pks) == 1:
                return next(iter(pks)), False
        pks = self.by_surname.get(words[-1].lower().removesuffix("'s"), set()) if words else set()
        if len(pks) == 1:
            return next(iter(pks)), False
        return None, len(pks) > 1


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
        self.batch: list[ParsedStory] = []
        # Only the current batch is remembered: earlier batches are already in the
        # database (inside the run's transaction), where the lookups find them.
        self.batch_keys: set[str] = set()
        self.sections: dict[str, Section] = {}
        self.sources: SourceIndex | None = None
        fields = {f.name: f for f in Story._meta.fields}
        self.limits = {
            name: fields[name].max_length for name in ("headline", "dateline", "credit", "slug")
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
        for name in ("headline", "dateline", "credit"):
            value = getattr(item, name)
            if len(value) > self.limits[name]:
                line = item.headline_line if name == "headline" else item.dateline_line
                raise BadInput(
                    item.label,
                    f"the {name} is {len(value)} characters; the limit is {self.limits[name]}",
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
            with transaction.atomic():
                write_stories(batch=batch, importer=self)
        except (IntegrityError, DatabaseError) as error:
            message = str(error).splitlines()[0] if str(error) else type(error).__name__
            self.fail(BadInput(f"{batch[0].label} … {batch[-1].label}", f"database: {message}"))
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


def write_stories(*, batch: list[ParsedStory], importer: _Importer) -> None:
    """Create or update the stories of one batch with their bylines, tags and quotes.

    Every story the importer writes goes through here, in bulk: a few queries per batch,
    whatever its size. Stories whose checksum is unchanged are left untouched.
    """
    report = importer.report
    existing = {
        s.import_key: s for s in Story.objects.filter(import_key__in=[i.key for i in batch])
    }
    new_slugs = [i.slug for i in batch if i.key not in existing]
    taken = set(Story.objects.filter(slug__in=new_slugs).values_list("slug", flat=True))
    batch_slugs: dict[str, str] = {}
    unchanged: list[str] = []
    skipped: list[str] = []
    published: list[Story] = []
    creates: list[tuple[ParsedStory, Story]] = []
    updates: list[tuple[ParsedStory, Story]] = []
    for item in batch:
        story = existing.get(item.key)
        if story is not None and story.import_checksum == item.checksum:
            unchanged.append(item.label)
            continue
        reason = _skip_reason(item, story)
        if reason:
            skipped.append(f"{item.label}: {reason}")
            continue
        if story is None:
            if item.slug in taken or item.slug in batch_slugs:
                other = batch_slugs.get(item.slug, "another story")
                importer.fail(
                    BadInput(item.label, f"the slug {item.slug!r} is already used by {other}")
                )
                continue
            batch_slugs[item.slug] = item.label
            story = Story(slug=item.slug, import_key=item.key, status=Story.Status.DRAFT)
            creates.append((item, story))
            story.body = item.body  # bulk_create sanitizes it in SanitizedHTMLField.pre_save
        else:
            updates.append((item, story))
            # bulk_update skips pre_save, so sanitize here: no path may store raw HTML.
            story.body = clean_html(item.body)
        story.headline = item.headline
        story.dek = item.dek
        story.dateline = item.dateline
        story.credit = item.credit
        story.section = importer.section_for(item) or story.section
        story.import_checksum = item.checksum
        story.import_version = item.version
        # An update never unpublishes, republishes or moves a story an editor has
        # published, withdrawn or archived: the workflow decides that, not a re-import.
        if story.status in OPEN_STATUSES:
            story.published_at = item.published_at or story.published_at
            # The wire's embargo binds a story not yet published; once it has been, the
            # embargo is the editors' (an absent `embargoed` keeps theirs either way).
            story.embargo_until = item.embargo_until or story.embargo_until
            # Withheld items import as drafts even with --publish (see _skip_reason).
            if importer.publish and item.pubstatus == "usable":
                story.status = Story.Status.PUBLISHED
                story.published_at = story.published_at or importer.now
                if story.embargo_until and story.embargo_until > story.published_at:
                    # Never public yet: it first appears when the embargo lifts.
                    story.published_at = story.embargo_until
                published.append(story)
        story.created_at = item.created_at or story.created_at or importer.now
        story.updated_at = item.updated_at or importer.now

    Story.objects.bulk_create([story for _, story in creates])
    pks = dict(
        Story.objects.filter(import_key__in=[s.import_key for _, s in creates]).values_list(
            "import_key", "pk"
        )
    )
    for item, story in creates:
        story.pk = pks[story.import_key]
        story.created_at = item.created_at or story.created_at
        story.updated_at = item.updated_at or story.updated_at
    # bulk_create stamps auto_now(_add) times; put the input's own times back.
    timed = [story for item, story in creates if item.created_at or item.updated_at]
    Story.objects.bulk_update(timed, ["created_at", "updated_at"])
    Story.objects.bulk_update(
        [story for _, story in updates],
        [
            "headline", "dek", "body", "dateline", "credit", "section", "status",
            "published_at", "embargo_until", "created_at", "updated_at", "import_checksum",
            "import_version",
        ],
    )  # fmt: skip

    written = creates + updates
    Byline.objects.filter(story__in=[s.pk for i, s in updates if i.bylines]).delete()
    TaggedStory.objects.filter(content_object__in=[s.pk for i, s in updates if i.tags]).delete()
    Quote.objects.filter(story__in=[s.pk for i, s in updates if i.finds_quotes]).delete()
    _write_bylines(written)
    _write_tags(written, importer.extra_tags)
    _write_quotes(written, importer)
    _record_update_revisions([story.pk for _, story in updates])
    _record_publish_events(published, now=importer.now)
    # Reported only once the batch is written: a database error rolls it all back.
    report.created += [item.label for item, _ in creates]
    report.updated += [item.label for item, _ in updates]
    report.unchanged += unchanged
    report.skipped += skipped


def _skip_reason(item: ParsedStory, story: Story | None) -> str:
    """Why this input must not be written, or '' to write it."""
    if item.pubstatus == "canceled":
        # The provider killed the item. Taking a story down is an editor's decision
        # (publishing.unpublish records who did it), so the import neither creates the
        # story nor touches one already here.
        if story is None:
            return "canceled by the provider; not imported"
        return (
            f"canceled by the provider; “{story.headline}” was left as it is "
            "(unpublish it in the admin if it must come down)"
        )
    if story is None:
        return ""
    if story.status == Story.Status.ARCHIVED:
        # Archived means frozen: only corrections change it (publishing.can_edit).
        return f"“{story.headline}” is archived, so it was not updated"
    if item.pubstatus == "withheld" and story.status == Story.Status.PUBLISHED:
        # Withheld text must not reach readers through a live story's update.
        return f"withheld by the provider; the published “{story.headline}” was left as it is"
    return ""


def _record_publish_events(stories: list[Story], *, now: datetime) -> None:
    """One workflow event per story the import published, as publishing.publish() writes.

    No user: the import_story command is the actor, which the detail says.
    """
    events = []
    for story in stories:
        if story.published_at > now:
            action, detail = StoryEvent.Action.SCHEDULED, "Scheduled by import_story."
        else:
            action, detail = StoryEvent.Action.PUBLISHED, "Published by import_story."
        events.append(
            StoryEvent(
                story=story,
                headline=story.headline,
                action=action,
                user=None,
                at=now,
                detail=detail,
            )
        )
    StoryEvent.objects.bulk_create(events)


def _record_update_revisions(pks: list[int]) -> None:
    """Record a revision for each story a re-import changed, as an admin save would.

    The version bump makes an editor who has the story open get the conflict page
    instead of silently overwriting the imported text. New stories get no revision
    here: their first admin save records one, and 10,000 revisions would make bulk
    imports slow for no reader-visible gain.
    """
    if not pks:
        return
    Story.objects.filter(pk__in=pks).update(version=F("version") + 1)
    for story in Story.objects.filter(pk__in=pks):
        # One revision per story, so restoring one story never reverts another.
        with reversion.create_revision():
            reversion.set_comment("Updated by import_story")
            reversion.add_to_revision(story)


def _write_bylines(written: list[tuple[ParsedStory, Story]]) -> None:
    wanted = {}
    for item, _ in written:
        for byline in item.bylines:
            byline.slug = (byline.slug or slugify(byline.name))[:150] or "author"
            wanted.setdefault(byline.slug, byline.name)
    if not wanted:
        return
    authors = Author.objects.in_bulk(wanted, field_name="slug")
    Author.objects.bulk_create(
        [Author(slug=slug, name=name) for slug, name in wanted.items() if slug not in authors]
    )
    authors = Author.objects.in_bulk(wanted, field_name="slug")
    rows, seen = [], set()
    for item, story in written:
        for position, byline in enumerate(item.bylines):
            role = byline.role if byline.role in Byline.Role.values else Byline.Role.REPORTER
            author = authors[byline.slug]
            if (story.pk, author.pk, role) not in seen:
                seen.add((story.pk, author.pk, role))
                rows.append(Byline(story=story, author=author, role=role, position=position))
    Byline.objects.bulk_create(rows)


def _write_tags(written: list[tuple[ParsedStory, Story]], extra_tags: list[str]) -> None:
    names = {}
    for item, _ in written:
        for name in item.tags + extra_tags:
            names.setdefault(name.lower(), name)
    if not names:
        return

    def fetch():
        # Tags are case-insensitive (TAGGIT_CASE_INSENSITIVE): "homelessness" is "Homelessness".
        # SQLite's LOWER() folds ASCII only, so exact names are matched too and the keys are
        # folded here: "Киев" finds its tag on every database.
        candidates = Tag.objects.annotate(lname=Lower("name")).filter(
            Q(lname__in=list(names)) | Q(name__in=list(names.values()))
        )
        return {tag.name.lower(): tag for tag in candidates}

    tags = fetch()
    missing = [name for lower, name in names.items() if lower not in tags]
    if missing:
        slugs = {tag_slug(name) for name in missing}
        taken = set(Tag.objects.filter(slug__in=slugs).values_list("slug", flat=True))
        new = []
        for name in missing:
            slug, n = tag_slug(name), 1
            while slug in taken:
                n += 1
                slug = f"{tag_slug(name)}-{n}"
                if Tag.objects.filter(slug=slug).exists():
                    taken.add(slug)
            taken.add(slug)
            new.append(Tag(name=name, slug=slug))
        Tag.objects.bulk_create(new)
        tags = fetch()
    rows = [
        TaggedStory(content_object=story, tag=tags[name.lower()])
        for item, story in written
        for name in dict.fromkeys(n.lower() for n in item.tags + extra_tags)
    ]
    # An update that carries no tags keeps the story's own; --tag may repeat one of them.
    TaggedStory.objects.bulk_create(rows, ignore_conflicts=True)


def _write_quotes(written: list[tuple[ParsedStory, Story]], importer: _Importer) -> None:
    if not any(item.quotes for item, _ in written):
        return
    if importer.sources is None:
        importer.sources = SourceIndex()
    rows = []
    for item, story in written:
        position = 0
        for quote in item.quotes:
            for name in quote.speakers:
                source_id = _source_for(name, item, importer)
                if source_id is None:
                    continue
                method = Quote.Method.STATEMENT if quote.statement else Quote.Method.SPOKEN
                rows.append(
                    Quote(
                        story=story,
                        source_id=source_id,
                        text=quote.text,
                        attribution=quote.attribution[:300],
                        method=method,
                        position=position,
                    )
                )
                position += 1
    Quote.objects.bulk_create(rows)


def _source_for(name: str, item: ParsedStory, importer: _Importer) -> int | None:
    source_id, ambiguous = importer.sources.match(name)
    if source_id is not None:
        return source_id
    # A lone surname or an ambiguous one is for an editor to resolve, never a new source.
    if importer.create_sources and not ambiguous and " " in name:
        base = slugify(name)[:190] or "source"
        slug, n = base, 1
        while Source.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        first, _, last = name.rpartition(" ")
        source = Source.objects.create(name=name[:200], slug=slug, sort_name=f"{last}, {first}")
        importer.sources.add(source.pk, source.name)
        importer.report.created_sources.append(f"{source.name} ({source.slug})")
        return source.pk
    why = "ambiguous: several sources have that name" if ambiguous else "no matching source"
    importer.report.unmatched_speakers.append(f"{item.label}: {name} ({why})")
    return None

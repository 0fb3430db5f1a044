"""What an imported story hangs on: authors and bylines, tags, and quotes linked to sources."""

from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.text import slugify
from taggit.models import Tag

from sources.models import Source

from ..models import Author, Byline, Quote, Story, TaggedStory
from ..tags import tag_slug
from .base import ParsedStory
from .rows import insert_values

if TYPE_CHECKING:
    from .service import _Importer


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


def write_bylines(written: list[tuple[ParsedStory, Story]]) -> None:
    """Bylines of the written stories, creating the authors not yet known (by slug)."""
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
                rows.append((story.pk, author.pk, role, position))
    insert_values(Byline, ["story_id", "author_id", "role", "position"], rows)


def write_tags(
    written: list[tuple[ParsedStory, Story]], extra_tags: list[str]
) -> dict[int, tuple[str, ...]]:
    """Tags of the written stories (and the run's --tag ones), creating the new ones.

    Returns each story's tag names (by story id) as the search document joins them.
    """
    names = {}
    for item, _ in written:
        for name in item.tags + extra_tags:
            names.setdefault(name.lower(), name)
    if not names:
        return {}

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
    rows, story_names = [], {}
    # Each row carries its story's publication time (stories.listing_times), as the
    # database stores it: a new draft is not recomputed after the batch (writer.py).
    time_field = TaggedStory._meta.get_field("published_at")
    for item, story in written:
        story_tags = [
            tags[name] for name in dict.fromkeys(n.lower() for n in item.tags + extra_tags)
        ]
        published_at = time_field.get_db_prep_value(story.published_at, connection)
        rows += [(story.pk, tag.pk, published_at) for tag in story_tags]
        story_names[story.pk] = tuple(sorted(tag.name for tag in story_tags))
    # An update that carries no tags keeps the story's own; --tag may repeat one of them.
    insert_values(
        TaggedStory, ["content_object_id", "tag_id", "published_at"], rows, ignore_conflicts=True
    )
    return story_names


def write_quotes(written: list[tuple[ParsedStory, Story]], importer: "_Importer") -> None:
    """Quotes the parser found, linked to the sources their speakers name."""
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
                attribution = quote.attribution[:300]
                rows.append((story.pk, source_id, quote.text, attribution, method, position))
                position += 1
    columns = ["story_id", "source_id", "text", "attribution", "method", "position"]
    insert_values(Quote, columns, rows)


def _source_for(name: str, item: ParsedStory, importer: "_Importer") -> int | None:
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

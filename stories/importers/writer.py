"""Writing one batch of parsed stories: a few queries per batch, whatever its size.

Every story row the importer writes goes through `write_stories()`, in these steps:
plan (which inputs create, update, stay unchanged or are skipped), fill the story rows,
let the workflow publish what --publish asks for, reserve the new stories' ids, write
the relations, save the stories in bulk, then record revisions and workflow events.

New stories are written once each: their bylines, tags and quotes go in first (the
foreign keys are checked at commit), so the search index's insert trigger sees the tags
and no tag trigger has a story row to rewrite; their times go in with the INSERT rather
than a second UPDATE. On PostgreSQL that is 0 UPDATEs per created story, not one or two,
and the INSERT usually brings the story's search document, computed ahead on another
connection (documents.py), which the trigger keeps.
"""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import reversion
from django.db import connection
from django.db.models import F

from .. import publishing
from ..models import Byline, Quote, Story, TaggedStory
from ..sanitize import clean_body
from ..story_facts import shown_by, stories_changed
from .base import BadInput, ParsedStory
from .relations import write_bylines, write_quotes, write_tags
from .rows import insert_rows

if TYPE_CHECKING:
    from .service import _Importer

# Story fields a re-import rewrites with one bulk UPDATE.
UPDATE_FIELDS = [
    "headline", "dek", "seo_title", "seo_description", "body", "dateline", "credit", "section",
    "status",
    "published_at", "embargo_until", "created_at", "updated_at", "import_checksum",
    "import_version",
]  # fmt: skip


@dataclass
class BatchPlan:
    """What one batch will do, decided before anything is written."""

    creates: list[tuple[ParsedStory, Story]] = field(default_factory=list)
    updates: list[tuple[ParsedStory, Story]] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    to_publish: list[Story] = field(default_factory=list)

    @property
    def written(self) -> list[tuple[ParsedStory, Story]]:
        return self.creates + self.updates


def write_stories(*, batch: list[ParsedStory], importer: "_Importer") -> None:
    """Create or update the stories of one batch with their bylines, tags and quotes.

    Stories whose checksum is unchanged are left untouched.
    """
    plan = plan_batch(batch, importer)
    for item, story in plan.written:
        fill_story(story, item, importer)
        if importer.publish and item.pubstatus == "usable":
            # Withheld items import as drafts even with --publish (see skip_reason).
            plan.to_publish.append(story)
    # The checks need to know about bylines and tags before they are written.
    written = plan.written
    outcome = publishing.publish_imported(
        stories=plan.to_publish,
        now=importer.now,
        bylined={story.import_key for item, story in written if item.bylines},
        tagged={s.import_key for i, s in written if i.tags or importer.extra_tags},
    )
    written_ids = [story.pk for _, story in plan.updates]
    # Sources an update stops quoting leave the news too; tags and authors it drops, likewise.
    before = shown_by(written_ids)
    reserve_ids([story for _, story in plan.creates])
    tag_names = replace_relations(plan, importer)
    save_stories(plan, tag_names)
    # A new draft puts no source, tag or author in the news: recomputing theirs (each
    # reads all their stories, so every batch cost more as the archive grew) is skipped.
    changed = [story.pk for _, story in plan.updates] + [
        story.pk for _, story in plan.creates if story.status in Story.PUBLIC_STATUSES
    ]
    stories_changed(changed, before=before)
    record_update_revisions([story.pk for _, story in plan.updates])
    publishing.record_imported_publications(stories=outcome.published, now=importer.now)
    # Reported only once the batch is written: a database error rolls it all back.
    report = importer.report
    report.created += [item.label for item, _ in plan.creates]
    report.updated += [item.label for item, _ in plan.updates]
    report.unchanged += plan.unchanged
    report.skipped += plan.skipped
    report.not_published += outcome.refused


def plan_batch(batch: list[ParsedStory], importer: "_Importer") -> BatchPlan:
    """Sort the inputs into creates, updates, unchanged and skipped, in two queries."""
    plan = BatchPlan()
    existing = {
        s.import_key: s for s in Story.objects.filter(import_key__in=[i.key for i in batch])
    }
    new_slugs = [i.slug for i in batch if i.key not in existing]
    taken = set(Story.objects.filter(slug__in=new_slugs).values_list("slug", flat=True))
    batch_slugs: dict[str, str] = {}
    for item in batch:
        story = existing.get(item.key)
        if story is not None and story.import_checksum == item.checksum:
            plan.unchanged.append(item.label)
            continue
        reason = skip_reason(item, story)
        if reason:
            plan.skipped.append(f"{item.label}: {reason}")
        elif story is not None:
            plan.updates.append((item, story))
        elif item.slug in taken or item.slug in batch_slugs:
            other = batch_slugs.get(item.slug, "another story")
            importer.fail(
                BadInput(item.label, f"the slug {item.slug!r} is already used by {other}")
            )
        else:
            batch_slugs[item.slug] = item.label
            story = Story(slug=item.slug, import_key=item.key, status=Story.Status.DRAFT)
            plan.creates.append((item, story))
    return plan


def skip_reason(item: ParsedStory, story: Story | None) -> str:
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


def fill_story(story: Story, item: ParsedStory, importer: "_Importer") -> None:
    """Copy the input onto the story row (unsaved); the state is the workflow's to change."""
    # Sanitized here for creates and updates alike: bulk_update skips the model's save path.
    story.body = item.clean_body if item.clean_body is not None else clean_body(item.body)
    story.headline = item.headline
    story.dek = item.dek
    story.seo_title = item.seo_title
    story.seo_description = item.seo_description
    story.dateline = item.dateline
    story.credit = item.credit
    story.section = importer.section_for(item) or story.section
    story.import_checksum = item.checksum
    story.import_version = item.version
    # An update never moves a story an editor has published, withdrawn or archived.
    if publishing.may_import_change_state(story):
        story.published_at = item.published_at or story.published_at
        # The wire's embargo binds a story not yet published; once it has been, the
        # embargo is the editors' (an absent `embargoed` keeps theirs either way).
        story.embargo_until = item.embargo_until or story.embargo_until
    story.created_at = item.created_at or story.created_at or importer.now
    story.updated_at = item.updated_at or importer.now


def reserve_ids(stories: list[Story]) -> None:
    """Give the new stories their ids before any row is written, in one query."""
    if not stories:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence('stories_story', 'id')) "
                "FROM generate_series(1, %s)",
                [len(stories)],
            )
            ids = [row[0] for row in cursor.fetchall()]
        else:
            # The batch holds SQLite's write lock (IMMEDIATE transactions), so no other
            # writer takes these ids meanwhile; AUTOINCREMENT never reuses a deleted one.
            cursor.execute(
                "SELECT max(coalesce((SELECT seq FROM sqlite_sequence "
                "WHERE name = 'stories_story'), 0), coalesce((SELECT max(id) "
                "FROM stories_story), 0))"
            )
            first = cursor.fetchone()[0] + 1
            ids = range(first, first + len(stories))
    for story, pk in zip(stories, ids, strict=True):
        story.pk = pk


def save_stories(plan: BatchPlan, tag_names: dict[int, tuple[str, ...]]) -> None:
    """Insert the new stories and update the changed ones, in bulk."""
    # fill_story() set their times: the input's own, or the run's clock.
    creates = [story for _, story in plan.creates]
    if connection.vendor == "postgresql":
        # A document computed ahead (documents.py) is used only if it was made from the
        # tags the story now has; otherwise (NULL) the trigger computes it.
        documents = [
            item.document if item.document_tags == tag_names.get(story.pk, ()) else None
            for item, story in plan.creates
        ]
        insert_rows(creates, extra=("search_vector", "tsvector", documents))
    else:
        insert_rows(creates)
    Story.objects.bulk_update([story for _, story in plan.updates], UPDATE_FIELDS)


def replace_relations(plan: BatchPlan, importer: "_Importer") -> dict[int, tuple[str, ...]]:
    """Bylines, tags and quotes: an update that carries some replaces the story's own.

    Returns the names of the tags written for each story (by id), in document order.
    """
    updates = plan.updates
    Byline.objects.filter(story__in=[s.pk for i, s in updates if i.bylines]).delete()
    TaggedStory.objects.filter(content_object__in=[s.pk for i, s in updates if i.tags]).delete()
    Quote.objects.filter(story__in=[s.pk for i, s in updates if i.finds_quotes]).delete()
    write_bylines(plan.written)
    tag_names = write_tags(plan.written, importer.extra_tags)
    write_quotes(plan.written, importer)
    return tag_names


def record_update_revisions(pks: list[int]) -> None:
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

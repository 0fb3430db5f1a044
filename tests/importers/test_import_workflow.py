"""A re-import never undoes an editor's publish, unpublish or archive; ninjs embargoes and
pubstatus are honoured; and an import that publishes leaves a workflow event."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType

from stories import publishing
from stories.models import Story, StoryEvent

from .helpers import run

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
ITEM = {
    "uri": "urn:newsml:example.com:20260310:council",
    "type": "text",
    "version": "1",
    "firstcreated": "2026-03-10T08:00:00Z",
    "headline": "Council passes budget",
    "body_html": "<p>The vote was 9-6.</p>",
    # A credit and a section: what the pre-publish checks require before --publish.
    "infosources": [{"name": "City News Service"}],
    "subject": [{"name": "Metro", "scheme": "newsroom:section"}],
}


def write(path, **changes):
    path.write_text(json.dumps({**ITEM, **changes}), "utf-8")
    return str(path)


def story():
    return Story.objects.get(import_key=ITEM["uri"])


def test_reimport_with_publish_keeps_a_withdrawn_story_withdrawn(tmp_path, editor):
    wire = write(tmp_path / "a.json")
    run("import_story", wire, "--publish", now=NOW)
    first = story().published_at
    publishing.unpublish(story=story(), user=editor, now=NOW + timedelta(hours=1))

    later = NOW + timedelta(hours=2)
    out, _ = run(
        "import_story",
        write(tmp_path / "a.json", version="2", firstcreated="2026-03-10T10:30:00Z"),
        "--publish",
        now=later,
    )

    withdrawn = story()
    assert "1 updated" in out and withdrawn.body == "<p>The vote was 9-6.</p>"
    assert withdrawn.status == Story.Status.WITHDRAWN and withdrawn.published_at == first
    assert not Story.objects.published(now=later).exists()
    assert not StoryEvent.objects.filter(at=later).exists()


def test_reimport_never_moves_a_published_storys_publication_time(tmp_path):
    run("import_story", write(tmp_path / "a.json"), "--publish", now=NOW)
    first = story().published_at

    run(
        "import_story",
        write(tmp_path / "a.json", version="2", firstcreated="2026-03-11T08:00:00Z"),
        "--publish",
        now=NOW + timedelta(days=1),
    )

    assert story().status == Story.Status.PUBLISHED and story().published_at == first


def test_an_archived_story_is_skipped_and_the_rest_of_the_run_imports(tmp_path, editor):
    run("import_story", write(tmp_path / "a.json"), "--publish", now=NOW)
    publishing.archive(story=story(), user=editor, now=NOW + timedelta(hours=1))
    write(tmp_path / "a.json", version="2", body_html="<p>Rewritten.</p>")
    write(tmp_path / "b.json", uri="urn:other", headline="Another story")

    out, _ = run("import_story", str(tmp_path), "--publish", now=NOW + timedelta(hours=2))

    archived = story()
    assert (archived.status, archived.body) == (Story.Status.ARCHIVED, "<p>The vote was 9-6.</p>")
    assert "“Council passes budget” is archived, so it was not updated" in out
    assert "1 created, 0 updated, 0 unchanged, 0 failed, 1 skipped" in out
    assert Story.objects.get(import_key="urn:other").status == Story.Status.PUBLISHED


def test_a_draft_is_published_by_a_reimport_with_publish_and_the_event_is_recorded(tmp_path):
    run("import_story", write(tmp_path / "a.json"), now=NOW)
    assert story().status == Story.Status.DRAFT and not StoryEvent.objects.exists()

    run("import_story", write(tmp_path / "a.json"), "--publish", now=NOW)

    assert story().status == Story.Status.PUBLISHED
    event = StoryEvent.objects.get()
    assert (event.story, event.action, event.user, event.at) == (
        story(),
        StoryEvent.Action.PUBLISHED,
        None,
        NOW,
    )
    assert "import_story" in event.detail


def test_ninjs_embargo_holds_a_published_import_back_until_it_lifts(tmp_path):
    lifts = NOW + timedelta(hours=6)
    run(
        "import_story",
        write(tmp_path / "a.json", embargoed=lifts.isoformat()),
        "--publish",
        now=NOW,
    )

    embargoed = story()
    assert embargoed.embargo_until == lifts and embargoed.status == Story.Status.PUBLISHED
    assert not Story.objects.published(now=lifts - timedelta(seconds=1)).exists()
    assert Story.objects.published(now=lifts).get() == embargoed
    assert StoryEvent.objects.get().action == StoryEvent.Action.SCHEDULED


def test_ninjs_embargo_on_a_draft_import_is_kept(tmp_path):
    lifts = NOW + timedelta(days=1)
    run("import_story", write(tmp_path / "a.json", embargoed=lifts.isoformat()), now=NOW)
    assert (story().status, story().embargo_until) == (Story.Status.DRAFT, lifts)


def test_withheld_items_import_as_drafts_even_with_publish(tmp_path):
    run("import_story", write(tmp_path / "a.json", pubstatus="withheld"), "--publish", now=NOW)

    assert story().status == Story.Status.DRAFT
    assert not Story.objects.published(now=NOW + timedelta(days=1)).exists()
    assert not StoryEvent.objects.exists()


def test_a_withheld_update_leaves_a_published_story_as_it_is(tmp_path):
    run("import_story", write(tmp_path / "a.json"), "--publish", now=NOW)
    write(tmp_path / "a.json", version="2", pubstatus="withheld", body_html="<p>Not for use.</p>")

    out, _ = run("import_story", str(tmp_path / "a.json"), "--publish", now=NOW)

    assert "withheld by the provider" in out
    assert (story().status, story().body) == (Story.Status.PUBLISHED, "<p>The vote was 9-6.</p>")


def test_canceled_items_are_skipped_and_never_published(tmp_path):
    out, _ = run(
        "import_story", write(tmp_path / "a.json", pubstatus="canceled"), "--publish", now=NOW
    )

    assert "canceled by the provider; not imported" in out
    assert not Story.objects.exists()


def test_an_unknown_pubstatus_is_a_clear_error(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="pubstatus 'draft' is not usable, withheld or canceled"):
        run("import_story", write(tmp_path / "a.json", pubstatus="draft"), now=NOW)
    assert not Story.objects.exists()


def write_items(folder, count, **changes):
    folder.mkdir()
    for n in range(count):
        item = {**ITEM, "uri": f"{ITEM['uri']}:{folder.name}:{n}", "headline": f"Story {n}"}
        (folder / f"{n:03}.json").write_text(json.dumps({**item, **changes}), "utf-8")
    return str(folder)


@pytest.mark.parametrize("size", [3, 12])
def test_a_publishing_import_costs_the_same_queries_whatever_its_size(
    tmp_path, size, django_assert_num_queries
):
    """Publishing and its workflow events are written per batch, never per story."""
    folder = write_items(tmp_path / "new", size)
    # 7 (the batch is written once: no UPDATE after its INSERT), 1 for the sources, tags
    # and authors of the batch's stories (stories.story_facts: these items have none, so
    # nothing to recompute), and 4 to create the items' section once (get_or_create in a
    # savepoint).
    with django_assert_num_queries(12):
        run("import_story", folder, "--publish", now=NOW)
    assert Story.objects.published(now=NOW).count() == size
    assert StoryEvent.objects.filter(action=StoryEvent.Action.PUBLISHED).count() == size


# Each count includes one lookup of the items' section, which already exists, and two for
# the updated stories' sources, tags and authors, before and after the batch
# (stories.story_facts).
@pytest.mark.parametrize("size, queries", [(3, 44), (12, 143)])
def test_a_reimport_that_publishes_drafts_adds_only_the_revision_queries_per_story(
    tmp_path, size, queries, django_assert_num_queries
):
    """Updates publish in bulk too; what grows is the one revision per changed story
    (see _record_update_revisions), which django-reversion writes a story at a time."""
    run("import_story", write_items(tmp_path / "a", size), now=NOW)
    changed = write_items(tmp_path / "b", size, version="2", body_html="<p>New.</p>")
    for n, path in enumerate(sorted((tmp_path / "b").iterdir())):
        data = json.loads(path.read_text("utf-8"))
        path.write_text(json.dumps({**data, "uri": f"{ITEM['uri']}:a:{n}"}), "utf-8")
    # Revisions look the story's content type up once per process: start from a cold
    # cache so the count does not depend on which tests ran before.
    ContentType.objects.clear_cache()
    with django_assert_num_queries(queries):
        run("import_story", changed, "--publish", now=NOW)
    assert Story.objects.published(now=NOW).count() == size


def test_an_import_with_publish_keeps_an_incomplete_story_a_draft_and_says_why(tmp_path):
    """The checks hold for imports too: no section and no credit, so no publication."""
    incomplete = write(tmp_path / "a.json", infosources=[], subject=[], headline="TK")
    out, _ = run("import_story", incomplete, "--publish", now=NOW)
    assert story().status == Story.Status.DRAFT
    assert "not published: “TK” cannot go live yet: the headline “TK” is a placeholder" in out
    assert "It was imported as a draft." in out
    assert not StoryEvent.objects.exists()


def test_an_imports_warnings_are_written_in_its_audit_line(tmp_path):
    run("import_story", write(tmp_path / "a.json"), "--publish", now=NOW)
    event = StoryEvent.objects.get(story=story())
    assert event.detail == "Published by import_story. Warnings: it has no dek and it has no tags."

"""Imports commit batch by batch, resume where they stopped, and keep the search index right."""

import json
import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models.expressions import RawSQL
from taggit.models import Tag

from newsroom import search_index
from stories.importers import documents, service
from stories.importers.base import BadInput, ParsedStory
from stories.importers.readahead import read_ahead
from stories.models import Byline, Story, TaggedStory

from ..factories import StoryFactory
from .helpers import run

pytestmark = pytest.mark.django_db


def write_wire(path, count, *, bad_line=None):
    """A JSON Lines file of `count` ninjs items, each with a byline and two tags."""
    lines = []
    for n in range(count):
        if n + 1 == bad_line:
            lines.append('{"uri": ')
            continue
        item = {
            "uri": f"urn:test:{n}",
            "headline": f"Harbour story {n}",
            "body_html": f"<p>Dockworkers walk out, day {n}.</p>",
            "byline": "Ana Ortiz",
            "subject": [{"name": "Port strike"}],
            "keywords": [f"zebrafish{n}"],
        }
        lines.append(json.dumps(item))
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return str(path)


def indexed(word):
    """Ids of the stories the full-text index finds for one word."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT id FROM stories_story "
                "WHERE search_vector @@ plainto_tsquery('english', %s)",
                [word],
            )
        else:
            cursor.execute(
                "SELECT rowid FROM search_story_fts WHERE search_story_fts MATCH %s", [word]
            )
        return sorted(row[0] for row in cursor.fetchall())


def stale_index_rows():
    """Stories whose indexed document differs from one computed afresh from their rows."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            fresh = search_index.POSTGRES_STORY_VECTOR.replace("NEW.", "s.")
            cursor.execute(
                f"SELECT id FROM stories_story s WHERE search_vector IS DISTINCT FROM ({fresh})"  # noqa: S608 - constant SQL
            )
        else:
            cursor.execute(search_index.SQLITE_STALE["search_story_fts"])
        return cursor.fetchall()


def fail_at_batch(monkeypatch, k):
    """Make the k-th batch of the next run raise, as a killed process would stop it."""
    calls = {"n": 0}
    write = service.write_stories

    def write_or_die(**kwargs):
        calls["n"] += 1
        if calls["n"] == k:
            raise KeyboardInterrupt
        return write(**kwargs)

    monkeypatch.setattr(service, "write_stories", write_or_die)


def test_an_interrupted_import_run_again_imports_every_story_exactly_once(tmp_path, monkeypatch):
    wire = write_wire(tmp_path / "wire.jsonl", 10)
    fail_at_batch(monkeypatch, 3)
    with pytest.raises(KeyboardInterrupt):
        run("import_story", wire, "--batch-size", "3")
    # The two batches before the interruption were committed, the third was not.
    assert Story.objects.count() == 6

    monkeypatch.undo()
    out, _ = run("import_story", wire, "--batch-size", "3")

    assert "4 created, 0 updated, 6 unchanged, 0 failed" in out
    keys = list(Story.objects.values_list("import_key", flat=True))
    assert sorted(keys) == sorted(f"urn:test:{n}" for n in range(10))
    assert Byline.objects.count() == 10 and TaggedStory.objects.count() == 20
    assert len(indexed("dockworkers")) == 10
    assert indexed("zebrafish7") == [Story.objects.get(import_key="urn:test:7").pk]
    assert stale_index_rows() == []


def test_a_bulk_import_leaves_the_search_index_exactly_as_the_triggers_would(tmp_path):
    run("import_story", write_wire(tmp_path / "wire.jsonl", 12), "--batch-size", "5")
    # Tags are indexed, headlines too: the document was computed with everything in it.
    assert len(indexed("strike")) == 12
    assert len(indexed("harbour")) == 12
    assert stale_index_rows() == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL row statistics")
def test_a_bulk_import_inserts_each_story_once_and_never_updates_it(tmp_path):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n_tup_ins, n_tup_upd FROM pg_stat_xact_user_tables "
            "WHERE relname = 'stories_story'"
        )
        before = cursor.fetchone() or (0, 0)
        run("import_story", write_wire(tmp_path / "wire.jsonl", 12), "--batch-size", "5")
        cursor.execute(
            "SELECT n_tup_ins, n_tup_upd FROM pg_stat_xact_user_tables "
            "WHERE relname = 'stories_story'"
        )
        after = cursor.fetchone()
    assert (after[0] - before[0], after[1] - before[1]) == (12, 0)


def test_a_bad_record_stops_the_run_keeping_the_batches_before_it(tmp_path):
    wire = write_wire(tmp_path / "wire.jsonl", 10, bad_line=8)

    with pytest.raises(CommandError) as raised:
        run("import_story", wire, "--batch-size", "3")

    message = str(raised.value)
    assert message.startswith(f"{wire}, line 8: malformed JSON")
    assert "the 6 stories of the batches before it were. Run the command again" in message
    # Line 7 was in the bad record's batch: not written.
    assert Story.objects.count() == 6
    assert not Story.objects.filter(import_key="urn:test:6").exists()


def test_continue_on_error_skips_only_the_bad_record(tmp_path):
    wire = write_wire(tmp_path / "wire.jsonl", 10, bad_line=8)
    with pytest.raises(CommandError, match="1 input"):
        run("import_story", wire, "--batch-size", "3", "--continue-on-error")
    assert Story.objects.count() == 9


def test_each_batch_prints_a_progress_line_with_its_rate(tmp_path):
    err = StringIO()
    wire = write_wire(tmp_path / "wire.jsonl", 7)
    call_command(
        "import_story", wire, "--batch-size", "3", verbosity=2, stdout=StringIO(), stderr=err
    )
    lines = err.getvalue().splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("Importing… 3 stories, batch 1: 3 created")
    assert lines[-1].startswith("Importing… 7 stories, batch 3: 7 created")
    assert all(line.endswith("stories/s") for line in lines)


def test_a_batch_size_below_one_is_refused(tmp_path):
    with pytest.raises(CommandError, match="--batch-size must be at least 1"):
        run("import_story", write_wire(tmp_path / "w.jsonl", 1), "--batch-size", "0")


def test_reading_ahead_keeps_the_order_hands_errors_over_and_stops_with_the_reader():
    assert list(read_ahead(iter(range(50)), size=3)) == list(range(50))

    def broken():
        yield 1
        raise ValueError("unreadable")

    with pytest.raises(ValueError, match="unreadable"):
        list(read_ahead(broken(), size=2))

    reader = read_ahead(iter(range(1000)), size=2)
    assert next(reader) == 0
    reader.close()
    assert not [t for t in threading.enumerate() if t.name == "import-read-ahead"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL documents")
def test_new_stories_are_stored_with_the_documents_computed_ahead(tmp_path, monkeypatch):
    computed = {}
    fill = documents._fill

    def spy(chunk, extra_tags):
        fill(chunk, extra_tags)
        computed.update({item.key: item.document for item in chunk if item.document})

    monkeypatch.setattr(documents, "_fill", spy)
    wire = write_wire(tmp_path / "wire.jsonl", 7)
    run("import_story", wire, "--batch-size", "3")

    def stored():
        docs = Story.objects.annotate(doc=RawSQL("search_vector::text", ()))
        return dict(docs.values_list("import_key", "doc"))

    # Each is the document the trigger would have made...
    assert len(computed) == 7
    assert computed == stored()
    assert stale_index_rows() == []
    assert len(indexed("zebrafish3")) == 1

    # ...and the one the importer passed is the one kept, not computed again.
    Story.objects.all().delete()

    def marked(chunk, extra_tags):
        fill(chunk, extra_tags)
        for item in chunk:
            item.document = "'marker':1"

    monkeypatch.setattr(documents, "_fill", marked)
    run("import_story", wire, "--batch-size", "3")
    assert set(stored().values()) == {"'marker':1"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL documents")
def test_a_tag_spelt_otherwise_in_the_database_leaves_the_document_to_the_trigger(tmp_path):
    Tag.objects.create(name="PORT STRIKE", slug="port-strike")
    run("import_story", write_wire(tmp_path / "wire.jsonl", 4), "--batch-size", "3")
    # The stories carry the database's tag; their documents were computed from it.
    assert TaggedStory.objects.filter(tag__name="PORT STRIKE").count() == 4
    assert stale_index_rows() == []
    assert len(indexed("strike")) == 4


def test_documents_are_computed_only_for_stories_not_yet_stored():
    stored = ParsedStory(label="a", key="urn:test:stored", checksum="x", headline="Stored one")
    new = ParsedStory(
        label="b", key="urn:test:new", checksum="y", headline="New one", tags=["b", "A", "a"]
    )
    StoryFactory(headline="Stored one", import_key="urn:test:stored")

    items = list(
        documents.with_documents([stored, BadInput("c", "bad"), new], size=2, extra_tags=["Extra"])
    )

    assert [getattr(item, "key", None) for item in items] == [
        "urn:test:stored",
        None,
        "urn:test:new",
    ]
    assert new.document_tags == ("A", "Extra", "b")  # one spelling a tag, in byte order
    if connection.vendor == "postgresql":
        assert stored.document is None and "'new':1A" in new.document


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL sessions")
def test_an_import_leaves_no_connection_of_its_reader_open(tmp_path):
    def sessions():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            )
            return cursor.fetchone()[0]

    before = sessions()
    run("import_story", write_wire(tmp_path / "wire.jsonl", 5), "--batch-size", "2")
    assert sessions() == before


def test_new_drafts_leave_the_times_of_their_sources_tags_and_authors_alone(tmp_path):
    """Drafts put nobody in the news: each batch skips recomputing them (a read of all
    their stories), and the times stay exactly what the stories say."""
    from django.test.utils import CaptureQueriesContext

    from stories.models import TagTimes
    from stories.story_facts import stale_story_facts

    with CaptureQueriesContext(connection) as queries:
        run("import_story", write_wire(tmp_path / "wire.jsonl", 5), "--batch-size", "2")
    recomputes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith(('UPDATE "sources_source"', 'UPDATE "stories_author"'))
        or "stories_tagtimes" in q["sql"]
    ]
    assert recomputes == []
    # Nothing was left behind: the facts are exactly what the stories say.
    assert stale_story_facts() == (0, 0, 0)
    assert not TagTimes.objects.exists()

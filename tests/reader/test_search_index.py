"""The search index stays correct when the tables under it change."""

import pytest
from django.db import connection

from newsroom import search_index
from newsroom.search import search_stories
from tests.factories import StoryFactory

pytestmark = pytest.mark.django_db


def found(word):
    return [story.headline for story in search_stories([word])]


def test_bulk_writes_are_indexed_too():
    story = StoryFactory(headline="Council meets")
    type(story).objects.filter(pk=story.pk).update(dek="The harbour dredging plan.")
    assert found("dredging") == ["Council meets"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite drops triggers on table rebuilds")
def test_sqlite_index_is_repaired_after_a_table_rebuild_drops_its_triggers():
    StoryFactory(headline="Ferry service resumes")
    with connection.cursor() as cursor:
        for name in search_index.SQLITE_TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")  # what a migration's table rebuild does
        cursor.execute("DELETE FROM search_story_fts")
    StoryFactory(headline="Ferry fares rise")  # written while the triggers were missing
    assert found("ferry") == []

    assert search_index.repair_sqlite_index(connection) is True
    assert sorted(found("ferry")) == ["Ferry fares rise", "Ferry service resumes"]
    assert search_index.repair_sqlite_index(connection) is False  # nothing left to repair
    StoryFactory(headline="Ferry terminal opens")
    assert len(found("ferry")) == 3


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite rebuilds tables to alter them")
@pytest.mark.django_db(transaction=True)
def test_a_migration_can_alter_the_story_table_on_sqlite():
    """Altering stories_story rebuilds it on SQLite; with the search triggers in place the
    rebuild failed ("error in trigger ... no such table"). migrate's pre_migrate and
    post_migrate signals take them down and put them back around every run."""
    from django.core.management import call_command
    from django.db import models

    from newsroom.apps import drop_search_triggers, repair_search_index
    from stories.models import Story

    StoryFactory(headline="Harbor dredging begins")
    old = Story._meta.get_field("credit")
    wider = models.CharField(max_length=old.max_length + 20, blank=True)
    wider.set_attributes_from_name("credit")
    wider.model = Story

    drop_search_triggers(using="default")  # what migrate's pre_migrate does
    try:
        with connection.schema_editor() as editor:
            editor.alter_field(Story, old, wider)
        with connection.schema_editor() as editor:
            editor.alter_field(Story, wider, old)
    finally:
        repair_search_index(using="default")  # what migrate's post_migrate does
    assert found("dredging") == ["Harbor dredging begins"]
    StoryFactory(headline="Dredging paused")
    assert sorted(found("dredging")) == ["Dredging paused", "Harbor dredging begins"]
    # And `migrate` itself is wired to them: a run leaves every trigger in place.
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        assert set(search_index.SQLITE_TRIGGERS) <= {row[0] for row in cursor.fetchall()}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 index is SQLite's")
@pytest.mark.django_db(transaction=True)
def test_a_migrate_with_nothing_to_apply_leaves_the_sqlite_index_alone():
    """Refilling the index on every `migrate` took 22 s at 100,000 stories, while searches
    found nothing and writers waited on the lock."""
    from django.core.management import call_command
    from django.test.utils import CaptureQueriesContext

    StoryFactory(headline="Harbor dredging begins")
    with CaptureQueriesContext(connection) as queries:
        call_command("migrate", verbosity=0)
    touched = [
        q["sql"] for q in queries if "search_" in q["sql"] and "sqlite_master" not in q["sql"]
    ]
    assert touched == []
    assert found("dredging") == ["Harbor dredging begins"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 index is SQLite's")
def test_sqlite_repair_reindexes_only_the_rows_written_while_the_triggers_were_down():
    from stories.models import Story

    kept = StoryFactory(headline="Ferry service resumes")
    edited = StoryFactory(headline="Ferry fares rise")
    deleted = StoryFactory(headline="Ferry terminal opens")
    search_index.drop_sqlite_triggers(connection)  # what migrate does before a migration
    Story.objects.filter(pk=edited.pk).update(headline="Tram fares rise")
    Story.objects.filter(pk=deleted.pk).delete()
    StoryFactory(headline="Tram line opens")

    done = search_index.sync_sqlite_index(connection)

    assert [step for step in done if "rebuilt" in step] == []
    assert done[-1] == "reindexed 3 rows of search_story_fts"
    assert found("ferry") == [kept.headline]
    assert sorted(found("tram")) == ["Tram fares rise", "Tram line opens"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 index is SQLite's")
def test_sqlite_index_is_rebuilt_when_its_definition_changes(monkeypatch):
    StoryFactory(headline="Ferry service resumes")
    original = search_index.SQLITE_TABLES["search_story_fts"]
    changed = original.replace("tokenize=", "prefix='2', tokenize=")
    monkeypatch.setitem(search_index.SQLITE_TABLES, "search_story_fts", changed)

    assert search_index.sync_sqlite_index(connection) == ["rebuilt search_story_fts"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'search_story_fts'")
        assert cursor.fetchone()[0] == changed
    assert found("ferry") == ["Ferry service resumes"]
    assert search_index.sync_sqlite_index(connection) == []

    monkeypatch.setitem(search_index.SQLITE_TABLES, "search_story_fts", original)
    assert search_index.sync_sqlite_index(connection) == ["rebuilt search_story_fts"]

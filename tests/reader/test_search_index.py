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

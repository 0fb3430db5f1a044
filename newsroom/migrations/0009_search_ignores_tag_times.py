"""The search index's tag triggers fire only when a tag row's tag or story changes, not
when its copy of the story's publication time does (stories 0024): publishing a story
rewrites that copy, which changes no search document (see search_index.py)."""

from django.db import migrations


def update(apps, schema_editor):
    from newsroom import search_index

    # PostgreSQL's function is replaced here; SQLite's triggers are brought up to date
    # after every migrate (search_index.sync_sqlite_index).
    search_index.update_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0008_search_story_document")]

    # Backwards keeps the narrower trigger: the documents it skips are the same ones.
    operations = [migrations.RunPython(update, migrations.RunPython.noop, elidable=False)]

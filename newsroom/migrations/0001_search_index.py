"""The full-text search index: a tsvector column on PostgreSQL, FTS5 tables on SQLite.

Vendor-specific SQL lives in newsroom/search_index.py; Django's model state is untouched,
because the index is the database's business, not the models'.
"""

from django.db import migrations


def install(apps, schema_editor):
    from newsroom import search_index

    search_index.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    from newsroom import search_index

    search_index.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0008_responsive_images"),
        ("sources", "0003_responsive_images"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]

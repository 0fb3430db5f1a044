"""PostgreSQL: tag changes re-index each story once per statement, not once per tag row,
and the story trigger re-parses the text only when it changed (see search_index.py)."""

from django.db import migrations


def update(apps, schema_editor):
    from newsroom import search_index

    search_index.update_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0005_front_editor_permissions")]

    # Backwards keeps the new triggers: they index exactly what the old ones did.
    operations = [migrations.RunPython(update, migrations.RunPython.noop, elidable=False)]

"""PostgreSQL: the function search uses to choose between the GIN index and the primary
key for a query's newest matches (see search_index.py and search.py)."""

from django.db import migrations


def update(apps, schema_editor):
    from newsroom import search_index

    search_index.update_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0006_search_index_statement_triggers")]

    # Backwards keeps the function: nothing older calls it, and it changes no data.
    operations = [migrations.RunPython(update, migrations.RunPython.noop, elidable=False)]

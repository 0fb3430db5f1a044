"""Step 3 of 3: drop the sources' own photo columns; the key takes the name `photo`."""

from django.db import migrations

from media.adopt import drop_sqlite_search_triggers


class Migration(migrations.Migration):
    dependencies = [("sources", "0006_move_photos_to_library")]

    operations = [
        migrations.RunPython(drop_sqlite_search_triggers, migrations.RunPython.noop),
        migrations.RemoveField(model_name="source", name="photo"),
        migrations.RemoveField(model_name="source", name="photo_width"),
        migrations.RemoveField(model_name="source", name="photo_height"),
        migrations.RemoveField(model_name="source", name="photo_credit"),
        migrations.RenameField(model_name="source", old_name="library_photo", new_name="photo"),
        # Unapplied, operations run last to first: the triggers go before the rebuilds then.
        migrations.RunPython(migrations.RunPython.noop, drop_sqlite_search_triggers),
    ]

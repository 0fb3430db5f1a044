"""Step 3 of 3: drop the stories' and authors' own image columns; the keys take their names.

On SQLite some of these operations rebuild the table, so the search triggers go first
(media.adopt.drop_sqlite_search_triggers); migrate's post_migrate handler
(newsroom/search_index.py) puts them back and reindexes every row written meanwhile.
"""

from django.db import migrations

from media.adopt import drop_sqlite_search_triggers


class Migration(migrations.Migration):
    dependencies = [("stories", "0014_move_images_to_library")]

    operations = [
        migrations.RunPython(drop_sqlite_search_triggers, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="story", name="story_lead_image_has_alt"),
        migrations.RemoveField(model_name="story", name="lead_image"),
        migrations.RemoveField(model_name="story", name="lead_image_width"),
        migrations.RemoveField(model_name="story", name="lead_image_height"),
        migrations.RemoveField(model_name="story", name="lead_image_caption"),
        migrations.RemoveField(model_name="story", name="lead_image_credit"),
        migrations.RemoveField(model_name="story", name="lead_image_alt"),
        migrations.RemoveField(model_name="author", name="photo"),
        migrations.RemoveField(model_name="author", name="photo_width"),
        migrations.RemoveField(model_name="author", name="photo_height"),
        migrations.RenameField(
            model_name="story", old_name="library_lead_image", new_name="lead_image"
        ),
        migrations.RenameField(model_name="author", old_name="library_photo", new_name="photo"),
        # Unapplied, operations run last to first: the triggers go before the rebuilds then.
        migrations.RunPython(migrations.RunPython.noop, drop_sqlite_search_triggers),
    ]

from django.db import migrations, models


class Migration(migrations.Migration):
    """The next embargo to lift, for the page cache's horizon, read from a small index."""

    dependencies = [
        ("stories", "0020_story_list_indexes_live"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="story",
            index=models.Index(
                condition=models.Q(("embargo_until__isnull", False)),
                fields=["embargo_until"],
                name="story_embargo_idx",
            ),
        ),
    ]

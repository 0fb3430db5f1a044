from django.db import migrations, models


class Migration(migrations.Migration):
    """The newest update among live stories, for the sitemap index, walked from an index."""

    dependencies = [
        ("stories", "0022_listing_times"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="story",
            index=models.Index(fields=["-updated_at"], name="story_updated_idx"),
        ),
    ]

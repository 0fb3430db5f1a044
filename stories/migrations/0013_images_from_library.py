"""A story's lead image and an author's photo become library images: step 1 of 3.

The foreign keys are added under temporary names beside the old file columns, so the
next migration can copy each file into the library before 0015 drops the columns and
gives the keys their names.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("media", "0001_initial"),
        ("stories", "0012_body_images"),
    ]

    operations = [
        migrations.AddField(
            model_name="story",
            name="library_lead_image",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="lead_image_of_stories",
                to="media.image",
                verbose_name="lead image",
                help_text="Chosen from the media library, or uploaded there with its alt text.",
            ),
        ),
        migrations.AddField(
            model_name="author",
            name="library_photo",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="photo_of_authors",
                to="media.image",
                verbose_name="photo",
            ),
        ),
    ]

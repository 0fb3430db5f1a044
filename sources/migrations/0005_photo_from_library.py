"""A source's photo becomes a library image: step 1 of 3 (see stories 0013)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("media", "0001_initial"),
        ("sources", "0004_random_photo_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="source",
            name="library_photo",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="photo_of_sources",
                to="media.image",
                verbose_name="photo",
            ),
        ),
    ]

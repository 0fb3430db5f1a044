from django.db import migrations, models
from django.db.models.functions import Lower


class Migration(migrations.Migration):
    """/sources/ read in its case-insensitive order from an index, a page at a time."""

    dependencies = [
        ("sources", "0008_source_public_since"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="source",
            index=models.Index(
                Lower("sort_name"), Lower("name"), models.F("id"), name="source_list_idx"
            ),
        ),
    ]

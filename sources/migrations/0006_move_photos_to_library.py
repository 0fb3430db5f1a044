"""Step 2 of 3: every source's photo becomes a library image, its credit moving with it.

The file stays where it was stored, so its address and its renditions' keep working.
The alt text is the source's name, which is what the profile page said about the photo.
"""

from django.db import migrations

from media.adopt import Adopted, adopt

BATCH = 1000


def move_photos(apps, schema_editor):
    Source = apps.get_model("sources", "Source")
    Image = apps.get_model("media", "Image")
    rows = list(
        Source.objects.exclude(photo="").values(
            "pk", "name", "photo", "photo_width", "photo_height", "photo_credit"
        )
    )
    ids = adopt(
        Image,
        [
            Adopted(
                name=row["photo"],
                width=row["photo_width"],
                height=row["photo_height"],
                alt_text=row["name"] or "Photo",
                credit=row["photo_credit"],
                title=row["name"],
            )
            for row in rows
        ],
    )
    Source.objects.bulk_update(
        [Source(pk=row["pk"], library_photo_id=ids[row["photo"]]) for row in rows],
        ["library_photo"],
        batch_size=BATCH,
    )


def move_back(apps, schema_editor):
    Source = apps.get_model("sources", "Source")
    for source in Source.objects.exclude(library_photo=None).select_related("library_photo"):
        image = source.library_photo
        Source.objects.filter(pk=source.pk).update(
            photo=image.file.name,
            photo_width=image.width,
            photo_height=image.height,
            photo_credit=image.credit,
        )


class Migration(migrations.Migration):
    dependencies = [("sources", "0005_photo_from_library")]

    operations = [migrations.RunPython(move_photos, move_back)]

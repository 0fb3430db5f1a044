"""Step 2 of 3: every lead image and author photo becomes a library image.

The file stays where it was stored, so its public address and its renditions' addresses
keep working; the alt text, caption and credit move with it. Stored revisions name the
old fields, and reverting a story would fail on them: each one is rewritten to name the
library image instead (created for a file only an old revision still shows).
"""

import json

from django.db import migrations

from media.adopt import Adopted, adopt

BATCH = 1000
OLD_FIELDS = [
    "lead_image",
    "lead_image_width",
    "lead_image_height",
    "lead_image_alt",
    "lead_image_caption",
    "lead_image_credit",
]


def _lead_image(row: dict, headline: str) -> Adopted:
    return Adopted(
        name=row["lead_image"],
        width=row.get("lead_image_width"),
        height=row.get("lead_image_height"),
        # A lead image always had alt text (a constraint); a revision from before that
        # constraint may not: the headline is a truthful stand-in, and editors see it.
        alt_text=(row.get("lead_image_alt") or "").strip() or headline or "Lead image",
        caption=row.get("lead_image_caption") or "",
        credit=row.get("lead_image_credit") or "",
        title=headline,
    )


def move_lead_images(apps, schema_editor):
    Story = apps.get_model("stories", "Story")
    Image = apps.get_model("media", "Image")
    stories = Story.objects.exclude(lead_image="").order_by("pk")
    last = 0
    while True:
        rows = list(stories.filter(pk__gt=last).values("pk", "headline", *OLD_FIELDS)[:BATCH])
        if not rows:
            break
        last = rows[-1]["pk"]
        ids = adopt(Image, [_lead_image(row, row["headline"]) for row in rows])
        updates = [
            Story(pk=row["pk"], library_lead_image_id=ids[row["lead_image"]]) for row in rows
        ]
        Story.objects.bulk_update(updates, ["library_lead_image"])


def move_author_photos(apps, schema_editor):
    Author = apps.get_model("stories", "Author")
    Image = apps.get_model("media", "Image")
    rows = list(
        Author.objects.exclude(photo="").values(
            "pk", "name", "photo", "photo_width", "photo_height"
        )
    )
    ids = adopt(
        Image,
        [
            Adopted(
                name=row["photo"],
                width=row["photo_width"],
                height=row["photo_height"],
                alt_text=row["name"] or "Author photo",
                title=row["name"],
            )
            for row in rows
        ],
    )
    Author.objects.bulk_update(
        [Author(pk=row["pk"], library_photo_id=ids[row["photo"]]) for row in rows],
        ["library_photo"],
        batch_size=BATCH,
    )


def rewrite_revisions(apps, schema_editor):
    """Stored story revisions name the library image instead of the old columns."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Version = apps.get_model("reversion", "Version")
    Image = apps.get_model("media", "Image")
    content_type = ContentType.objects.filter(app_label="stories", model="story").first()
    if content_type is None:
        return
    versions = Version.objects.filter(content_type=content_type, format="json").order_by("pk")
    last = 0
    while True:
        batch = list(versions.filter(pk__gt=last).only("pk", "serialized_data")[:BATCH])
        if not batch:
            break
        last = batch[-1].pk
        decoded = [(version, json.loads(version.serialized_data)) for version in batch]
        wanted = [
            _lead_image(obj["fields"], obj["fields"].get("headline", ""))
            for _version, data in decoded
            for obj in data
            if obj["fields"].get("lead_image")
        ]
        ids = adopt(Image, wanted)
        changed = {}
        for version, data in decoded:
            for obj in data:
                fields = obj["fields"]
                if not any(name in fields for name in OLD_FIELDS):
                    continue
                name = fields.get("lead_image") or ""
                for old in OLD_FIELDS:
                    fields.pop(old, None)
                fields["lead_image"] = ids[name] if name else None
                version.serialized_data = json.dumps(data)
                changed[version.pk] = version
        Version.objects.bulk_update(list(changed.values()), ["serialized_data"])


def move_back(apps, schema_editor):
    """Reversed: the columns get the library image's file and words back (revisions keep
    the new form; they are not rewritten twice)."""
    Story = apps.get_model("stories", "Story")
    Author = apps.get_model("stories", "Author")
    for story in Story.objects.exclude(library_lead_image=None).select_related(
        "library_lead_image"
    ):
        image = story.library_lead_image
        Story.objects.filter(pk=story.pk).update(
            lead_image=image.file.name,
            lead_image_width=image.width,
            lead_image_height=image.height,
            lead_image_alt=image.alt_text,
            lead_image_caption=image.caption,
            lead_image_credit=image.credit,
        )
    for author in Author.objects.exclude(library_photo=None).select_related("library_photo"):
        image = author.library_photo
        Author.objects.filter(pk=author.pk).update(
            photo=image.file.name, photo_width=image.width, photo_height=image.height
        )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
        ("stories", "0013_images_from_library"),
    ]

    operations = [
        migrations.RunPython(move_lead_images, move_back, elidable=False),
        migrations.RunPython(move_author_photos, migrations.RunPython.noop),
        migrations.RunPython(rewrite_revisions, migrations.RunPython.noop),
    ]

"""Uploads get random file names, so a photo's public URL reveals nothing."""

from django.db import migrations

import media.images


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0008_responsive_images"),
    ]

    # upload_to lives in Python only: the column is unchanged, so only Django's state moves.
    # An AlterField would make SQLite rebuild the whole table for nothing.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="author",
                    name="photo",
                    field=media.images.ResponsiveImageField(
                        blank=True,
                        height_field="photo_height",
                        upload_to=media.images.RandomFileName("authors/%Y/"),
                        validators=[media.images.ImageUploadValidator()],
                        verbose_name="photo",
                        width_field="photo_width",
                    ),
                ),
                migrations.AlterField(
                    model_name="story",
                    name="lead_image",
                    field=media.images.ResponsiveImageField(
                        blank=True,
                        height_field="lead_image_height",
                        help_text="JPEG, PNG or WebP. Location and camera data are removed on upload.",
                        upload_to=media.images.RandomFileName("stories/%Y/%m/"),
                        validators=[media.images.ImageUploadValidator()],
                        verbose_name="lead image",
                        width_field="lead_image_width",
                    ),
                ),
            ],
        ),
    ]

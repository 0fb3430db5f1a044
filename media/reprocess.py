"""Rewriting stored originals and their renditions in place (generate_renditions)."""

import posixpath
from functools import partial

from django.db import models, transaction

from .images import delete_stored, random_file_name
from .models import Image
from .renditions import renditions_for, without_metadata, write_renditions


def reprocess_images(
    *, images: list[tuple[models.Model, str]], dry_run: bool = False, rename: bool = False
) -> int:
    """Strip metadata from stored originals, rewrite their renditions, stored sizes and (for
    library images) link previews.

    For photos stored before this module existed, or after RENDITION_WIDTHS changed.
    `rename` moves each photo to a random name in its folder, for photos uploaded while
    files kept their uploaded names; the old files are deleted once the transaction commits.
    `images` is a list of (instance, field name); returns how many were processed.
    """
    processed = 0
    for instance, field_name in images:
        fieldfile = getattr(instance, field_name)
        if not fieldfile:
            continue
        processed += 1
        if dry_run:
            continue
        name, storage = fieldfile.name, fieldfile.storage
        with storage.open(name) as stored:
            cleaned = without_metadata(stored)
        if rename:
            field = fieldfile.field
            width = getattr(instance, field.width_field) if field.width_field else None
            height = getattr(instance, field.height_field) if field.height_field else None
            old_files = [name]
            if width and height:
                old_files += [r.name for r in renditions_for(name, width, height)]
            # Deleted only once the new names are committed: a rolled-back run loses nothing.
            transaction.on_commit(partial(delete_stored, storage, old_files))
            name = posixpath.join(posixpath.dirname(name), random_file_name(name))
        else:
            storage.delete(name)
        fieldfile.name = storage.save(name, cleaned)
        fieldfile.field.update_dimension_fields(instance, force=True)
        write_renditions(fieldfile)
        field = fieldfile.field
        type(instance)._default_manager.filter(pk=instance.pk).update(
            **{
                field.attname: fieldfile.name,
                field.width_field: getattr(instance, field.width_field),
                field.height_field: getattr(instance, field.height_field),
            }
        )
        if isinstance(instance, Image):
            # Library images have a focal point: their link preview too (photos from
            # before previews existed get their first one here).
            instance.write_social_card(force=True)
    return processed

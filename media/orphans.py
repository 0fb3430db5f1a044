"""Stored image files that nothing refers to any more: deleted when they become unused,
and found on existing installs by `manage.py delete_orphan_media`.

Media is served publicly, so a photo an editor replaced ("wrong person in the picture") or
an upload whose save failed must not stay reachable for ever. "Unused" has one definition,
`is_referenced`: no file field of any row names it, and no stored revision does either
(django-reversion keeps a story's earlier lead images so that restoring a revision brings
its photo back; such a file goes once its revisions are deleted).
"""

import posixpath
import re
from collections.abc import Iterator
from datetime import timedelta

from django.apps import apps
from django.db import models
from django.utils import timezone

from .images import ResponsiveImageField
from .models import Image
from .renditions import RENDITION_FORMATS, image_and_renditions

RENDITIONS_FOLDER = "renditions"
RENDITION_EXTENSIONS = "|".join(extension for extension, _format, _mime in RENDITION_FORMATS)
RENDITION_NAME = re.compile(rf"^{RENDITIONS_FOLDER}/(?P<stem>.+)-\d+w\.(?:{RENDITION_EXTENSIONS})$")
# A link preview (renditions.card_for): kept only while a row names it, since moving the
# focal point replaces it with a card of another name beside the same original.
CARD_NAME = re.compile(rf"^{RENDITIONS_FOLDER}/.+-card-\d+-\d+\.jpg$")


def file_fields() -> list[tuple[type[models.Model], models.FileField]]:
    """Every file field of every installed model: found by type, so media imports no app."""
    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField)
    ]


def names_in_rows() -> set[str]:
    """The file names every row of every model refers to (one query per file field), and
    the library's link previews."""
    names = set(Image.objects.exclude(social_card="").values_list("social_card", flat=True))
    for model, field in file_fields():
        names.update(
            model._base_manager.exclude(**{field.attname: ""})
            .values_list(field.attname, flat=True)
            .distinct()
        )
    return names


def in_revisions(name: str) -> bool:
    if not apps.is_installed("reversion"):
        return False
    from reversion.models import Version

    return Version.objects.filter(serialized_data__contains=f'"{name}"').exists()


def is_referenced(name: str) -> bool:
    """Whether a row or a stored revision still names this file."""
    for model, field in file_fields():
        if model._base_manager.filter(**{field.attname: name}).exists():
            return True
    return in_revisions(name)


def delete_unused(storage, name: str, width: int | None, height: int | None) -> bool:
    """Delete a photo and its renditions if nothing refers to it any more (its link
    preview goes with its row: media.models.delete_unused_card)."""
    if not name or is_referenced(name):
        return False
    for stored in image_and_renditions(name, width, height):
        if storage.exists(stored):
            storage.delete(stored)
    return True


# Where photos were uploaded before the library: the data migrations that adopted them
# (stories 0014, sources 0006) left each file where it was, so its address keeps working.
ADOPTED_FOLDERS = ("stories", "sources", "authors")


def image_folders() -> list[str]:
    """The top folders photos are uploaded into ("images", and those of photos adopted from
    before the library) and renditions."""
    folders = {RENDITIONS_FOLDER, *ADOPTED_FOLDERS}
    for _model, field in file_fields():
        if isinstance(field, ResponsiveImageField) and hasattr(field.upload_to, "folder"):
            folders.add(field.upload_to.folder.split("/")[0])
    return sorted(folders)


def walk(storage, folder: str) -> Iterator[str]:
    if not storage.exists(folder):
        return
    directories, files = storage.listdir(folder)
    for file in files:
        yield posixpath.join(folder, file)
    for directory in directories:
        yield from walk(storage, posixpath.join(folder, directory))


def find_orphans(storage, *, min_age: timedelta) -> list[str]:
    """Files in the photo folders that no row or revision refers to, oldest first-found.

    Files younger than `min_age` are left alone: an upload being saved right now is on disk
    before its row is committed. A rendition goes with its original.
    """
    cutoff = timezone.now() - min_age
    in_rows = names_in_rows()
    originals, renditions = [], []
    for folder in image_folders():
        for name in walk(storage, folder):
            (renditions if folder == RENDITIONS_FOLDER else originals).append(name)

    def young(name: str) -> bool:
        return storage.get_modified_time(name) > cutoff

    kept_stems = {posixpath.splitext(name)[0] for name in in_rows}
    orphans = []
    for name in originals:
        if name in in_rows or young(name) or in_revisions(name):
            kept_stems.add(posixpath.splitext(name)[0])
        else:
            orphans.append(name)
    for name in renditions:
        if CARD_NAME.match(name):
            if name not in in_rows and not young(name):
                orphans.append(name)
            continue
        match = RENDITION_NAME.match(name)
        stem = match["stem"] if match else None
        if stem not in kept_stems and not young(name):
            orphans.append(name)
    return orphans

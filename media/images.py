"""Uploaded photos: checked, stripped of metadata, and rendered at several widths.

The bottom layer (Django and Pillow only). The library's `Image.file` (media/models.py) is
the one ResponsiveImageField; every use of a picture is a foreign key to an Image, and
templates render it with `{% responsive_picture story.lead_image alt=... sizes=... %}`.

Why on save, in the field: every write path (admin, forms, shell, import commands) goes
through `pre_save`, so no photo is ever stored with the GPS position of the person who took
it, and renditions exist before the first reader asks: pages never resize at request time.
"""

import posixpath
import secrets
from functools import partial

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from .renditions import image_and_renditions, without_metadata, write_renditions

ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
# Extensions an upload may keep; anything else is dropped rather than copied into the URL.
FILE_EXTENSIONS = {*ACCEPTED_FORMATS.values(), "jpeg"}
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # e.g. 8000 x 5000: anything bigger is not a news photo
# A panorama is 4:1 or so; a 1 x 39000 strip is an attack on the encoders (WebP stops at
# 16383 pixels a side, and a rendition 1200 wide would be 46 million pixels tall).
MAX_ASPECT_RATIO = 10
MAX_SIDE = 12_000


@deconstructible
class ImageUploadValidator:
    """Accept only real JPEG, PNG, WebP or GIF images within a size and pixel budget."""

    def __init__(self, *, max_bytes: int = MAX_UPLOAD_BYTES, max_pixels: int = MAX_PIXELS):
        self.max_bytes = max_bytes
        self.max_pixels = max_pixels

    def __call__(self, file):
        if getattr(file, "_committed", False):
            # Already stored (an edit that keeps the photo): it was checked on upload, and
            # re-reading it from storage on every save would only add latency and failure.
            return
        if file.size is not None and file.size > self.max_bytes:
            raise ValidationError(
                _("The image is %(size)s MB; the limit is %(limit)s MB."),
                code="image_too_large",
                params={
                    "size": round(file.size / 1024 / 1024, 1),
                    "limit": self.max_bytes // 1024 // 1024,
                },
            )
        position = file.tell() if hasattr(file, "tell") else 0
        try:
            file.seek(0)
            with Image.open(file) as image:
                # Pillow reads the header only: the pixel check comes before any decoding.
                image_format, (width, height) = image.format, image.size
                if image_format not in ACCEPTED_FORMATS:
                    raise ValidationError(
                        _("Upload a JPEG, PNG, WebP or GIF image; this file is %(format)s."),
                        code="image_format",
                        params={"format": image_format or _("not an image")},
                    )
                if width * height > self.max_pixels:
                    raise ValidationError(
                        _(
                            "The image is %(width)s × %(height)s pixels; the limit is %(limit)s "
                            "megapixels."
                        ),
                        code="image_too_many_pixels",
                        params={
                            "width": width,
                            "height": height,
                            "limit": self.max_pixels // 1_000_000,
                        },
                    )
                if max(width, height) > MAX_SIDE or max(width, height) > MAX_ASPECT_RATIO * min(
                    width, height
                ):
                    raise ValidationError(
                        _(
                            "The image is %(width)s × %(height)s pixels: a side may be at most "
                            "%(side)s pixels, and at most %(ratio)s times the other."
                        ),
                        code="image_shape",
                        params={
                            "width": width,
                            "height": height,
                            "side": MAX_SIDE,
                            "ratio": MAX_ASPECT_RATIO,
                        },
                    )
                image.verify()
            # verify() checks little beyond PNG checksums: a truncated JPEG passes it and
            # fails only when decoded. Decode now, within the pixel budget checked above,
            # so a damaged file is a form error rather than a 500 when it is saved.
            file.seek(0)
            with Image.open(file) as image:
                image.load()
        except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
            raise ValidationError(
                _("The file is not an image we can read, or it is damaged."), code="image_invalid"
            ) from exc
        finally:
            file.seek(position)

    def __eq__(self, other):
        return (
            isinstance(other, ImageUploadValidator)
            and self.max_bytes == other.max_bytes
            and self.max_pixels == other.max_pixels
        )


validate_image_upload = ImageUploadValidator()


def random_file_name(filename: str) -> str:
    """A random name with `filename`'s lower-cased extension, if it is an image's."""
    extension = posixpath.splitext(filename)[1].lower()
    if extension.lstrip(".") not in FILE_EXTENSIONS:
        extension = ""
    # 128 random bits: not guessable, and no two uploads collide in practice.
    return secrets.token_urlsafe(16) + extension


@deconstructible
class RandomFileName:
    """upload_to: a dated folder and a random file name, e.g. "sources/2026/Xq3...Zk.jpg".

    Uploaded names say who or what a photo shows ("jane-doe-whistleblower.jpg",
    "mayor-resigns.jpg") and media is served publicly, so a kept name would let anyone guess
    the URL of a confidential source's photo or a draft's lead image. Only the lower-cased
    extension survives; renditions are named after the stored file, so they are random too.
    """

    def __init__(self, folder: str):
        self.folder = folder  # a strftime pattern, as for a string upload_to

    def __call__(self, instance, filename: str) -> str:
        folder = timezone.localtime().strftime(self.folder)
        return posixpath.join(folder, random_file_name(filename))

    def __eq__(self, other):
        return isinstance(other, RandomFileName) and self.folder == other.folder


class ResponsiveImageField(models.ImageField):
    """An ImageField that strips metadata and writes renditions when a new file is saved.

    The file it replaces, and the file of a deleted row, are deleted once the transaction
    commits, unless something still refers to them (media/orphans.py).
    """

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if not cls._meta.abstract:
            models.signals.post_delete.connect(self._delete_files_of_deleted_row, sender=cls)

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            replaced = None if add else self._stored_file(model_instance)
            file.save(file.name, without_metadata(file), save=False)
            # Read the stored file's size again: ImageField's descriptor leaves the sizes
            # empty when a new file replaces one on an existing row.
            self.update_dimension_fields(model_instance, force=True)
            try:
                write_renditions(file)
            except Exception:
                # Nothing will refer to what was written: do not leave it public.
                width, height = self._dimensions(model_instance)
                delete_stored(file.storage, image_and_renditions(file.name, width, height))
                raise
            if replaced and replaced[0] != file.name:
                transaction.on_commit(
                    partial(_delete_unused, file.storage, *replaced), using=model_instance._state.db
                )
        return file

    def _dimensions(self, instance):
        width = getattr(instance, self.width_field) if self.width_field else None
        height = getattr(instance, self.height_field) if self.height_field else None
        return width, height

    def _stored_file(self, instance) -> tuple[str, int | None, int | None] | None:
        """The file name and size the row has in the database, before this save."""
        if instance.pk is None:
            return None
        columns = [self.attname, *(f for f in (self.width_field, self.height_field) if f)]
        row = type(instance)._base_manager.filter(pk=instance.pk).values_list(*columns).first()
        if not row or not row[0]:
            return None
        name, *size = row
        return (name, *size, None, None)[:3]

    def _delete_files_of_deleted_row(self, sender, instance, using, **kwargs):
        fieldfile = getattr(instance, self.attname)
        if fieldfile:
            width, height = self._dimensions(instance)
            transaction.on_commit(
                partial(_delete_unused, fieldfile.storage, fieldfile.name, width, height),
                using=using,
            )


def _delete_unused(storage, name, width, height):
    from .orphans import delete_unused

    delete_unused(storage, name, width, height)


def delete_stored(storage, names: list[str]) -> None:
    """Delete these stored files, those that exist."""
    for name in names:
        if storage.exists(name):
            storage.delete(name)

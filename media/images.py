"""Uploaded photos: checked, stripped of metadata, and rendered at several widths.

The bottom layer (Django and Pillow only). The library's `Image.file` (media/models.py) is
the one ResponsiveImageField; every use of a picture is a foreign key to an Image, and
templates render it with `{% responsive_picture story.lead_image alt=... sizes=... %}`.

Why on save, in the field: every write path (admin, forms, shell, import commands) goes
through `pre_save`, so no photo is ever stored with the GPS position of the person who took
it, and renditions exist before the first reader asks: pages never resize at request time.
"""

import io
import posixpath
import secrets
from dataclasses import dataclass, replace
from functools import partial

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

RENDITION_WIDTHS = (480, 800, 1200)
# Served in this order: browsers take the first <source> type they understand.
RENDITION_FORMATS = (("webp", "WEBP", "image/webp"), ("jpg", "JPEG", "image/jpeg"))
ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
# Extensions an upload may keep; anything else is dropped rather than copied into the URL.
FILE_EXTENSIONS = {*ACCEPTED_FORMATS.values(), "jpeg"}
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # e.g. 8000 x 5000: anything bigger is not a news photo
# A panorama is 4:1 or so; a 1 x 39000 strip is an attack on the encoders (WebP stops at
# 16383 pixels a side, and a rendition 1200 wide would be 46 million pixels tall).
MAX_ASPECT_RATIO = 10
MAX_SIDE = 12_000
RENDITION_QUALITY = 82


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


SRGB_PROFILE = ImageCms.createProfile("sRGB")
# What the re-encoded file keeps of Pillow's `info`: how to draw the pixels, nothing about
# who, where or with what. Everything else (EXIF, XMP, JPEG COM and GIF comment blocks,
# PNG tEXt/iTXt/zTXt chunks, Photoshop and Adobe blocks, DPI) is dropped.
KEPT_INFO = ("transparency",)


def in_srgb(image: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """The pixels converted to sRGB, so the file needs no embedded ICC profile.

    A profile is a blob the uploader chose: besides colours it can carry free text (a
    description, a copyright line, a device name). Converting keeps a phone's wide-gamut
    colours right in every browser, and the blob goes. A profile lcms cannot read is dropped.
    """
    if not icc_profile:
        return image
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        if image.mode not in ("RGB", "RGBA", "CMYK", "L"):
            image = image.convert("RGBA" if image.has_transparency_data else "RGB")
        output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(image, profile, SRGB_PROFILE, outputMode=output_mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image


def without_metadata(file) -> ContentFile:
    """The image re-encoded with no metadata block at all: only pixels survive.

    EXIF orientation is applied to the pixels first, so the picture still stands upright;
    an ICC profile is applied to the pixels (sRGB) instead of being copied. Only the first
    frame of an animated GIF is kept.
    """
    file.seek(0)
    with Image.open(file) as original:
        image_format = original.format
        icc_profile = original.info.get("icc_profile")
        image = ImageOps.exif_transpose(original)
        image.load()
    image = in_srgb(image, icc_profile)
    image.info = {key: image.info[key] for key in KEPT_INFO if key in image.info}
    options = {}
    if image_format == "JPEG":
        image = image.convert("RGB") if image.mode not in ("RGB", "L") else image
        options.update(quality=92, optimize=True)
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **options)
    return ContentFile(buffer.getvalue())


@dataclass(frozen=True)
class Rendition:
    name: str
    width: int
    height: int
    mime_type: str


def rendition_widths(width: int) -> list[int]:
    """Widths to render for an original this wide: never upscaled, never wider than needed."""
    # The original's own width closes the list only when it is narrower than the widest
    # rendition; otherwise the widest is already in it (a width twice is an invalid srcset).
    widths = [w for w in RENDITION_WIDTHS if w < width]
    if width <= RENDITION_WIDTHS[-1]:
        widths.append(width)
    return widths


def renditions_for(name: str, width: int, height: int) -> list[Rendition]:
    """The renditions an original has, computed from its name and size: no file system access."""
    stem = posixpath.splitext(name)[0]
    return [
        Rendition(
            name=f"renditions/{stem}-{w}w.{extension}",
            width=w,
            height=max(1, round(height * w / width)),
            mime_type=mime_type,
        )
        for extension, _format, mime_type in RENDITION_FORMATS
        for w in rendition_widths(width)
    ]


def flatten(image: Image.Image) -> Image.Image:
    """RGB for JPEG: transparent areas (a PNG logo) on white, not on black."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def write_renditions(fieldfile) -> list[Rendition]:
    """Resize a stored original to every rendition and save them next to it in its storage."""
    storage = fieldfile.storage
    fieldfile.open("rb")
    try:
        with Image.open(fieldfile) as original:
            image = flatten(original)
    finally:
        fieldfile.close()
    renditions = renditions_for(fieldfile.name, image.width, image.height)
    formats = {mime: pil_format for _ext, pil_format, mime in RENDITION_FORMATS}
    for rendition in renditions:
        resized = image.resize((rendition.width, rendition.height), Image.Resampling.LANCZOS)
        resized.info = {}  # nothing of the original's metadata, whatever Pillow carried over
        buffer = io.BytesIO()
        resized.save(
            buffer, format=formats[rendition.mime_type], quality=RENDITION_QUALITY, optimize=True
        )
        if storage.exists(rendition.name):
            storage.delete(rendition.name)
        storage.save(rendition.name, ContentFile(buffer.getvalue()))
    return renditions


def image_and_renditions(name: str, width: int | None, height: int | None) -> list[str]:
    """The stored names of an original and of every rendition it has."""
    if not (width and height):
        return [name]
    return [name, *(r.name for r in renditions_for(name, width, height))]


@dataclass(frozen=True)
class Picture:
    """What a template needs for <picture>: per-format srcsets, a fallback, intrinsic size."""

    src: str
    width: int | None
    height: int | None
    sources: list[tuple[str, str]]  # (mime type, srcset)
    # CSS object-position ("30% 20%") where a crop must centre on the subject; empty: centre.
    position: str = ""


def picture_for(image) -> Picture | None:
    """The <picture> data for an image field or a library image (anything with a `file`
    and a `focal_point`), from the stored dimensions and focal point only: no file access.

    Wherever CSS crops the picture to a fixed shape (object-fit: cover, e.g. the round
    author photo), the library image's focal point decides what stays in view.
    """
    if image is None:
        return None
    focal = getattr(image, "focal_point", None)
    fieldfile = getattr(image, "file", image) if focal is not None else image
    if not fieldfile:
        return None
    field = fieldfile.field
    width = getattr(fieldfile.instance, field.width_field, None) if field.width_field else None
    height = getattr(fieldfile.instance, field.height_field, None) if field.height_field else None
    picture = picture_of(fieldfile.storage, fieldfile.name, width, height)
    if focal is not None and focal != (0.5, 0.5):
        position = f"{round(focal[0] * 100, 1):g}% {round(focal[1] * 100, 1):g}%"
        picture = replace(picture, position=position)
    return picture


def picture_of(storage, name: str, width: int | None, height: int | None) -> Picture:
    """The <picture> data for a stored original of this name and size: no file access."""
    if not (width and height):
        # An image stored before renditions existed: the original, sized by CSS.
        return Picture(src=storage.url(name), width=None, height=None, sources=[])
    renditions = renditions_for(name, width, height)
    sources = []
    for _extension, _format, mime_type in RENDITION_FORMATS:
        srcset = ", ".join(
            f"{storage.url(r.name)} {r.width}w" for r in renditions if r.mime_type == mime_type
        )
        sources.append((mime_type, srcset))
    largest = renditions[-1]  # the widest JPEG: the fallback every browser can show
    return Picture(
        src=storage.url(largest.name), width=largest.width, height=largest.height, sources=sources
    )


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
                _delete(file.storage, image_and_renditions(file.name, width, height))
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


def _delete(storage, names: list[str]) -> None:
    for name in names:
        if storage.exists(name):
            storage.delete(name)

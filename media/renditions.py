"""What is written from a stored original: a clean copy, and the renditions pages serve.

The pixels only (media.images checks the upload and calls these from the field's
`pre_save`): the original re-encoded without metadata and in sRGB, its renditions at
RENDITION_WIDTHS in each of RENDITION_FORMATS, and the <picture> data templates render,
computed from the stored name, size and focal point without touching the files.
"""

import io
import posixpath
from dataclasses import dataclass, replace

from django.core.files.base import ContentFile
from PIL import Image, ImageCms, ImageOps

RENDITION_WIDTHS = (480, 800, 1200)
# Served in this order: browsers take the first <source> type they understand.
RENDITION_FORMATS = (("webp", "WEBP", "image/webp"), ("jpg", "JPEG", "image/jpeg"))
RENDITION_QUALITY = 82
# The link preview (OpenGraph's og:image, X's summary_large_image): the 1.91:1 shape both
# crop a shared link's picture to, at the size they ask for. Ours is cut around the focal
# point, so the crop the platforms would make from the centre never cuts off the subject.
CARD_WIDTH, CARD_HEIGHT = 1200, 630


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


def flat_original(fieldfile) -> Image.Image:
    """A stored original's pixels, flattened to RGB (see flatten)."""
    fieldfile.open("rb")
    try:
        with Image.open(fieldfile) as original:
            return flatten(original)
    finally:
        fieldfile.close()


def write_renditions(fieldfile) -> list[Rendition]:
    """Resize a stored original to every rendition and save them next to it in its storage."""
    storage = fieldfile.storage
    image = flat_original(fieldfile)
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


def card_box(width: int, height: int, focal: tuple[float, float]) -> tuple[int, int, int, int]:
    """The largest CARD_WIDTH:CARD_HEIGHT box inside a picture this size, centred on the
    focal point as far as the picture's edges allow: (left, top, right, bottom)."""
    if width * CARD_HEIGHT > height * CARD_WIDTH:  # wider than a card: all of its height
        box_width, box_height = max(1, round(height * CARD_WIDTH / CARD_HEIGHT)), height
    else:
        box_width, box_height = width, max(1, round(width * CARD_HEIGHT / CARD_WIDTH))
    left = min(max(0, round(focal[0] * width - box_width / 2)), width - box_width)
    top = min(max(0, round(focal[1] * height - box_height / 2)), height - box_height)
    return left, top, left + box_width, top + box_height


def card_for(name: str, width: int, height: int, focal: tuple[float, float]) -> Rendition:
    """The link preview of an original, computed from its name, size and focal point.

    The focal point is in the name: moving it makes a new file at a new address, so link
    previews the platforms cached, and media served as immutable, never show a stale crop.
    A picture narrower than a card is cut to the card's shape but not upscaled.
    """
    left, top, right, bottom = card_box(width, height, focal)
    card_width = min(CARD_WIDTH, right - left)
    card_height = max(1, round((bottom - top) * card_width / (right - left)))
    across, down = (round(fraction * 1000) for fraction in focal)
    return Rendition(
        name=f"renditions/{posixpath.splitext(name)[0]}-card-{across}-{down}.jpg",
        width=card_width,
        height=card_height,
        mime_type="image/jpeg",
    )


def write_card(fieldfile, focal: tuple[float, float]) -> Rendition:
    """Cut a stored original's link preview around the focal point and save it beside its
    renditions (replacing a file of the same name)."""
    storage = fieldfile.storage
    image = flat_original(fieldfile)
    card = card_for(fieldfile.name, image.width, image.height, focal)
    cropped = image.crop(card_box(image.width, image.height, focal))
    resized = cropped.resize((card.width, card.height), Image.Resampling.LANCZOS)
    resized.info = {}
    buffer = io.BytesIO()
    resized.save(buffer, format="JPEG", quality=RENDITION_QUALITY, optimize=True)
    if storage.exists(card.name):
        storage.delete(card.name)
    storage.save(card.name, ContentFile(buffer.getvalue()))
    return card


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
    # The link preview (card_for) with its absolute-able URL, once one has been written for
    # the image's current focal point; None for photos that have none yet.
    card: "LinkPreview | None" = None


@dataclass(frozen=True)
class LinkPreview:
    src: str
    width: int
    height: int


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
    written = getattr(image, "social_card", "")
    if written and width and height:
        card = card_for(fieldfile.name, width, height, focal)
        # Only the card cut for the focal point the image has now (the name says which).
        if card.name == written:
            preview = LinkPreview(fieldfile.storage.url(card.name), card.width, card.height)
            picture = replace(picture, card=preview)
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

"""Images from the media library inside a story's body.

The editor's figure button picks an image from the library (media/picker.py) and writes
<figure class="figure"><img src="/media/images/…" alt="…"><figcaption>…</figcaption>
</figure>; the sanitizer keeps an <img> only when its address is a library file.

- `complete_figures`, on the story form: each image's size, and its alt text when the
  editor left it empty, come from the library, so the page can size it before it loads.
- `sync_body_images`, after every save: BodyImage rows list the library images a body
  shows, so the image's page says where it is used and it cannot be deleted meanwhile.
- `responsive_figures`, on the public page: each library <img> becomes the same
  <picture> as the lead image, its renditions named from its file name and size (no query).
"""

import html
import re
from urllib.parse import unquote

from django.conf import settings
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils.html import format_html

from media.models import Image
from media.renditions import picture_of

from .models import BodyImage
from .sanitize import IMG_TAG, library_image_url

_ATTRIBUTE = re.compile(r'([a-zA-Z-]+)="([^"]*)"')
# A figure spans the story's column; on a phone, the screen.
BODY_IMAGE_SIZES = "(min-width: 44rem) 42rem, 100vw"


def _attributes(inside: str) -> dict[str, str]:
    return {name.lower(): html.unescape(value) for name, value in _ATTRIBUTE.findall(inside)}


def library_name(src: str) -> str | None:
    """The stored file name of a library image address, None for any other address."""
    if not library_image_url(src):
        return None
    return unquote(src[len(settings.MEDIA_URL) :])


def library_names(body: str) -> list[str]:
    """The library files a body shows, in order, each once."""
    names = []
    for match in IMG_TAG.finditer(body or ""):
        name = library_name(_attributes(match.group(1)).get("src", ""))
        if name and name not in names:
            names.append(name)
    return names


def images_without_alt(body: str) -> int:
    """How many images in a body have no alt text (a screen reader would read nothing)."""
    return sum(
        1
        for match in IMG_TAG.finditer(body or "")
        if not _attributes(match.group(1)).get("alt", "").strip()
    )


def complete_figures(body: str) -> tuple[str, list[str]]:
    """The body with each library image's size, and any empty alt text, from the library.

    Also returns the addresses of images that are no longer in the library (deleted, or
    typed by hand), for the form to refuse. One query, whatever the number of images.
    """
    names = library_names(body)
    if not names:
        return body, []
    images = {image.file.name: image for image in Image.objects.filter(file__in=names)}

    def complete(match):
        attributes = _attributes(match.group(1))
        image = images.get(library_name(attributes.get("src", "")) or "")
        if image is None:
            return match.group(0)
        return format_html(
            '<img src="{}" alt="{}" width="{}" height="{}">',
            attributes["src"],
            attributes.get("alt", "").strip() or image.alt_text,
            image.width,
            image.height,
        )

    missing = [settings.MEDIA_URL + name for name in names if name not in images]
    return IMG_TAG.sub(complete, body), missing


def responsive_figures(body: str) -> str:
    """The stored body with each library image as a responsive <picture>."""

    def picture(match):
        attributes = _attributes(match.group(1))
        name = library_name(attributes.get("src", ""))
        if name is None:
            return match.group(0)
        width, height = attributes.get("width", ""), attributes.get("height", "")
        size = (int(width), int(height)) if width.isdigit() and height.isdigit() else (None, None)
        return render_to_string(
            "includes/picture.html",
            {
                "picture": picture_of(default_storage, name, *size),
                "alt": attributes.get("alt", ""),
                "sizes": BODY_IMAGE_SIZES,
                "loading": "lazy",
            },
        ).strip()

    if "<img" not in body:
        return body
    return IMG_TAG.sub(picture, body)


def sync_body_images(story) -> None:
    """Make the story's BodyImage rows match the library images its body shows."""
    names = library_names(story.body)
    wanted = (
        set(Image.objects.filter(file__in=names).values_list("pk", flat=True)) if names else set()
    )
    rows = BodyImage.objects.filter(story=story)
    current = set(rows.values_list("image_id", flat=True))
    if current - wanted:
        rows.filter(image_id__in=current - wanted).delete()
    BodyImage.objects.bulk_create(
        [BodyImage(story=story, image_id=pk) for pk in wanted - current], ignore_conflicts=True
    )


def after_story_save(sender, instance, created, update_fields=None, raw=False, **kwargs):
    """post_save: a saved body keeps its BodyImage rows in step (fixtures load raw: skip)."""
    if raw or (update_fields is not None and "body" not in update_fields):
        return
    if created and "<img" not in instance.body:
        return  # nothing to list, nothing listed yet: no query
    sync_body_images(instance)

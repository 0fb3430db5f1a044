"""Link previews: a shared story shows a 1200 x 630 picture cut around the focal point,
not whatever the platform's centre crop leaves of a tall photo."""

import io
import json
import os
import posixpath
import re
import time
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image

from media.models import Image as LibraryImage
from media.orphans import find_orphans
from tests.factories import StoryFactory

pytestmark = pytest.mark.django_db

RED = (220, 20, 20)


def portrait_with_a_red_band(size=(1000, 2000), band=(250, 350)) -> ContentFile:
    """A tall gray photo with a red band across it (a face near the top of a portrait)."""
    image = Image.new("RGB", size, (128, 128, 128))
    image.paste(RED, (0, band[0], size[0], band[1]))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95)
    return ContentFile(buffer.getvalue(), name="portrait.jpg")


def library_image(**fields) -> LibraryImage:
    return LibraryImage.objects.create(
        file=portrait_with_a_red_band(), alt_text="A council member at the lectern", **fields
    )


def red_rows(name: str) -> list[int]:
    """The rows of a stored JPEG whose middle pixel is clearly red."""
    with default_storage.open(name) as stored, Image.open(stored) as image:
        rgb = image.convert("RGB")
        middle = rgb.width // 2
        return [
            y
            for y in range(rgb.height)
            if (pixel := rgb.getpixel((middle, y)))[0] > 180 and pixel[1] < 80
        ]


def og(page: str, prop: str) -> str:
    match = re.search(rf'<meta property="og:{prop}" content="([^"]*)"', page)
    assert match, prop
    return match[1]


def test_the_preview_keeps_the_subject_the_focal_point_marks():
    """A portrait's face near the top survives in the preview; cut from the centre (no
    focal point), the same photo's preview shows none of it."""
    framed = library_image(focal_x=0.5, focal_y=0.15)
    centred = library_image()
    with default_storage.open(framed.social_card) as stored, Image.open(stored) as card:
        # Narrower than a card: cut to the card's shape, not upscaled.
        assert (card.width, card.height) == (1000, 525)
    assert red_rows(framed.social_card), "the subject was cut off"
    assert red_rows(centred.social_card) == []


def test_a_shared_story_links_the_preview_with_its_size(client):
    image = library_image(focal_x=0.5, focal_y=0.15)
    story = StoryFactory(lead_image=image)
    page = client.get(story.get_absolute_url()).content.decode()
    assert og(page, "image").endswith(default_storage.url(image.social_card))
    assert (og(page, "image:width"), og(page, "image:height")) == ("1000", "525")
    assert og(page, "image:alt") == "A council member at the lectern"
    # Search engines get the preview and the whole picture.
    article = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)[1]
    )
    article = next(item for item in article.get("@graph", [article]) if item.get("image"))
    assert article["image"][0].endswith(image.social_card)
    assert len(article["image"]) == 2


def test_moving_the_focal_point_makes_a_new_preview_and_deletes_the_old_one(
    client, django_capture_on_commit_callbacks
):
    image = library_image(focal_x=0.5, focal_y=0.5)
    story = StoryFactory(lead_image=image)
    old = image.social_card
    with django_capture_on_commit_callbacks(execute=True):
        image.focal_x, image.focal_y = 0.5, 0.15
        image.save()
    assert image.social_card != old
    assert default_storage.exists(image.social_card)
    assert not default_storage.exists(old)
    # A new address, so platforms that cached the old preview fetch the new one.
    page = client.get(story.get_absolute_url()).content.decode()
    assert og(page, "image").endswith(default_storage.url(image.social_card))
    assert red_rows(image.social_card)


def test_a_photo_without_a_preview_yet_shares_its_widest_rendition(client):
    image = library_image()
    LibraryImage.objects.filter(pk=image.pk).update(social_card="")
    story = StoryFactory(lead_image=image)
    page = client.get(story.get_absolute_url()).content.decode()
    assert "-card-" not in og(page, "image")
    assert og(page, "image").endswith("-1000w.jpg")
    assert og(page, "image:width") == "1000"


def test_generate_renditions_cuts_previews_for_photos_uploaded_before_them():
    image = library_image(focal_x=0.5, focal_y=0.15)
    card = image.social_card
    default_storage.delete(card)
    LibraryImage.objects.filter(pk=image.pk).update(social_card="")
    call_command("generate_renditions", stdout=io.StringIO())
    image.refresh_from_db()
    assert image.social_card == card
    assert red_rows(card)


def test_previews_go_with_their_photo_and_stale_ones_are_orphans(
    django_capture_on_commit_callbacks,
):
    image = library_image()
    card = image.social_card
    # A preview a rolled-back focal-point change left behind: no row names it.
    stale = default_storage.save(card.replace("-card-500-500", "-card-100-900"), ContentFile(b"x"))
    old = time.time() - 3 * 3600
    for name in (card, stale):
        path = default_storage.path(name)
        os.utime(path, (old, old))
    assert find_orphans(default_storage, min_age=timedelta(hours=1)) == [stale]

    with django_capture_on_commit_callbacks(execute=True):
        LibraryImage.objects.filter(pk=image.pk).delete()  # bulk, as the admin's action
    assert not default_storage.exists(card)
    call_command("delete_orphan_media", stdout=io.StringIO())
    assert not default_storage.exists(stale)


def test_deleting_a_photo_leaves_files_of_a_photo_with_a_similar_name():
    """Photos adopted from an old install keep their names: deleting photo.jpg must not
    take photo-card-2.jpg's renditions for its own preview."""
    kept = library_image()
    gone = library_image()
    folder = posixpath.dirname(gone.file.name)
    lookalike = f"{folder}/{posixpath.splitext(posixpath.basename(gone.file.name))[0]}-card-2"
    LibraryImage.objects.filter(pk=kept.pk).update(file=f"{lookalike}.jpg")
    default_storage.save(f"{lookalike}.jpg", ContentFile(b"x"))
    rendition = default_storage.save(f"renditions/{lookalike}-480w.webp", ContentFile(b"x"))
    gone.delete()
    assert default_storage.exists(rendition)


def test_a_save_from_a_form_loaded_before_a_colleagues_change_names_a_card_that_exists(
    django_capture_on_commit_callbacks,
):
    image = library_image()
    first = image.social_card
    ana = LibraryImage.objects.get(pk=image.pk)
    ben = LibraryImage.objects.get(pk=image.pk)  # opened before Ana saved
    with django_capture_on_commit_callbacks(execute=True):
        ana.focal_x, ana.focal_y = 0.5, 0.15
        ana.save()
    assert not default_storage.exists(first)
    with django_capture_on_commit_callbacks(execute=True):
        ben.alt_text = "The council member at the lectern, speaking"
        ben.save()
    image.refresh_from_db()
    # Ben's form brought the old focal point back (the image form has no conflict check),
    # and the card it names was cut again; Ana's, named by no row, is an orphan now.
    assert image.social_card == first
    assert default_storage.exists(image.social_card)


def test_an_image_whose_file_is_gone_still_saves_its_description(caplog):
    """Editing the alt text of a photo the storage lost keeps the edit; it just has no preview."""
    image = library_image()
    LibraryImage.objects.filter(pk=image.pk).update(social_card="")
    default_storage.delete(image.file.name)
    image = LibraryImage.objects.get(pk=image.pk)  # as the admin loads it
    image.alt_text = "The council chamber, empty"
    image.save()
    image = LibraryImage.objects.get(pk=image.pk)
    assert image.alt_text == "The council chamber, empty"
    assert image.social_card == ""
    assert "No link preview" in caplog.text

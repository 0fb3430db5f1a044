"""Uploads: no metadata block survives, hostile shapes and damaged files are form errors,
and files nothing refers to any more are deleted."""

import io
import os
import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image, ImageCms, PngImagePlugin

from media import images
from media.images import validate_image_upload
from media.models import Image as LibraryImage
from media.orphans import find_orphans
from media.renditions import renditions_for
from tests.factories import StoryFactory, UserFactory

pytestmark = pytest.mark.django_db

SECRET = b"SECRET-zq7"


def icc_with_text() -> bytes:
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    return profile.tobytes() + b""  # the description tag is text the uploader controls


def image_with_every_metadata_block(image_format: str) -> bytes:
    image = Image.new("RGB", (900, 600), (200, 30, 30))
    buffer = io.BytesIO()
    if image_format == "JPEG":
        image.save(buffer, "JPEG", comment=SECRET + b"-com", xmp=SECRET + b"-xmp")
    elif image_format == "GIF":
        image.convert("P").save(buffer, "GIF", comment=SECRET + b"-gif")
    elif image_format == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_text("Author", (SECRET + b"-text").decode())
        info.add_itxt("Description", (SECRET + b"-itxt").decode())
        info.add_text("Comment", (SECRET + b"-ztxt").decode(), zip=True)
        info.add_text("XML:com.adobe.xmp", (SECRET + b"-pngxmp").decode())
        image.save(buffer, "PNG", pnginfo=info)
    else:
        image.save(buffer, "WEBP", xmp=SECRET + b"-webpxmp")
    return buffer.getvalue()


def stored_bytes(name: str) -> bytes:
    with default_storage.open(name) as stored:
        return stored.read()


@pytest.mark.parametrize("image_format", ["JPEG", "GIF", "PNG", "WEBP"])
def test_no_metadata_block_survives_in_the_original_or_any_rendition(image_format):
    raw = image_with_every_metadata_block(image_format)
    assert SECRET in raw or image_format == "PNG"  # PNG zTXt is compressed
    image = library_image(SimpleUploadedFile("p." + image_format.lower(), raw))
    names = [image.file.name, *(r.name for r in renditions_for(image.file.name, 900, 600))]
    for name in names:
        data = stored_bytes(name)
        assert SECRET not in data, name
        with Image.open(io.BytesIO(data)) as stored:
            assert not set(stored.info) - {
                "jfif",
                "jfif_version",
                "jfif_unit",
                "jfif_density",
                "version",
                "background",
                "duration",
                "loop",
                "transparency",
                "dpi",
            }, stored.info
            assert "icc_profile" not in stored.info
            assert not stored.getexif()


def test_an_icc_profile_is_applied_to_the_pixels_not_copied():
    buffer = io.BytesIO()
    Image.new("RGB", (600, 400), (10, 120, 200)).save(buffer, "JPEG", icc_profile=icc_with_text())
    image = library_image(SimpleUploadedFile("p.jpg", buffer.getvalue()))
    with Image.open(io.BytesIO(stored_bytes(image.file.name))) as stored:
        assert "icc_profile" not in stored.info
        red, green, blue = stored.getpixel((300, 200))
        assert abs(red - 10) < 8 and abs(green - 120) < 8 and abs(blue - 200) < 8


def png(width, height) -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (width, height)).save(buffer, "PNG")
    return buffer.getvalue()


def truncated_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((800, 600), 64).convert("RGB").save(buffer, "JPEG", quality=90)
    data = buffer.getvalue()
    return data[: len(data) * 2 // 3]  # the header is intact: Pillow opens it happily


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (png(1, 39000), "a side may be at most 12000 pixels"),
        (png(39000, 1), "a side may be at most 12000 pixels"),
        (png(20, 2000), "at most 10 times the other"),
        (truncated_jpeg(), "not an image we can read, or it is damaged"),
    ],
    ids=["1x39000", "39000x1", "1:100", "truncated-jpeg"],
)
def test_hostile_shapes_and_damaged_files_are_clear_validation_errors(data, message):
    with pytest.raises(ValidationError, match=message):
        validate_image_upload(SimpleUploadedFile("x.png", data))


@pytest.mark.parametrize(
    "data", [png(1, 39000), truncated_jpeg()], ids=["1x39000", "truncated-jpeg"]
)
def test_the_admin_answers_a_hostile_photo_with_a_form_error_not_a_500(client, data):
    client.force_login(UserFactory(username="ed", groups=["Editors"]))
    form = {"alt_text": "A photo", "file": SimpleUploadedFile("x.jpg", data)}
    response = client.post(reverse("admin:media_image_add"), form)
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert not LibraryImage.objects.exists()
    assert not default_storage.exists("images") and not default_storage.exists("renditions")


def photo(size=(900, 600)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (40, 90, 160)).save(buffer, "JPEG")
    return SimpleUploadedFile("photo.jpg", buffer.getvalue())


def library_image(upload) -> LibraryImage:
    return LibraryImage.objects.create(file=upload, alt_text="A street corner")


def files_of(image, width=900, height=600) -> list[str]:
    return images.image_and_renditions(image.file.name, width, height)


def test_a_replaced_photo_and_its_renditions_are_deleted_once_the_save_commits(
    django_capture_on_commit_callbacks,
):
    image = library_image(photo())
    old = files_of(image)
    assert all(default_storage.exists(name) for name in old)
    with django_capture_on_commit_callbacks(execute=True):
        image.file = photo()
        image.save()
    assert not any(default_storage.exists(name) for name in old)
    assert all(default_storage.exists(name) for name in files_of(image))


def test_a_deleted_images_files_are_deleted(django_capture_on_commit_callbacks):
    image = library_image(photo())
    names = files_of(image)
    with django_capture_on_commit_callbacks(execute=True):
        image.delete()
    assert not any(default_storage.exists(name) for name in names)


def test_a_replaced_lead_image_stays_in_the_library_so_a_revision_can_bring_it_back(
    django_capture_on_commit_callbacks,
):
    import reversion

    story = StoryFactory(lead_image=library_image(photo()))
    with reversion.create_revision():
        reversion.add_to_revision(story)
    old = files_of(story.lead_image)
    with django_capture_on_commit_callbacks(execute=True):
        story.lead_image = library_image(photo())
        story.save()
    assert all(default_storage.exists(name) for name in old)


def test_files_of_a_save_that_fails_while_writing_renditions_are_deleted(monkeypatch):
    def broken(fieldfile):
        default_storage.save("renditions/half-written.jpg", ContentFile(b"x"))
        raise OSError("encoder error")

    monkeypatch.setattr(images, "write_renditions", broken)
    image = LibraryImage(file=photo(), alt_text="A street corner")
    with pytest.raises(OSError, match="encoder error"):
        image.save()
    _folders, files = default_storage.listdir(f"images/{time.strftime('%Y/%m')}")
    assert files == []


def make_old(name: str) -> None:
    path = default_storage.path(name)
    old = time.time() - 3 * 3600
    os.utime(path, (old, old))


def test_delete_orphan_media_finds_only_unreferenced_files_and_dry_run_keeps_them():
    kept = library_image(photo())
    kept_files = files_of(kept)
    # A photo adopted from before the library stays where it was stored, and is kept.
    adopted = default_storage.save("sources/2021/adopted.jpg", ContentFile(b"x"))
    orphan = library_image(photo())
    orphan_files = files_of(orphan)
    # The row now names the adopted file (as an old version left it): its own files are orphans.
    LibraryImage.objects.filter(pk=orphan.pk).update(file=adopted)
    kept_files.append(adopted)
    fresh = default_storage.save("sources/2026/being-uploaded.jpg", ContentFile(b"x"))
    other = default_storage.save("exports/stories.json", ContentFile(b"{}"))
    for name in [*kept_files, *orphan_files, other]:
        make_old(name)

    assert sorted(find_orphans(default_storage, min_age=timedelta(hours=1))) == sorted(orphan_files)
    out = io.StringIO()
    call_command("delete_orphan_media", "--dry-run", stdout=out)
    assert f"Would delete {len(orphan_files)} orphaned file(s)." in out.getvalue()
    assert all(default_storage.exists(name) for name in orphan_files)

    call_command("delete_orphan_media", stdout=io.StringIO())
    assert not any(default_storage.exists(name) for name in orphan_files)
    assert all(default_storage.exists(name) for name in [*kept_files, fresh, other])

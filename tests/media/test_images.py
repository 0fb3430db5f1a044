"""Uploaded photos: validated, stripped of location data, delivered as responsive renditions."""

import io
import posixpath

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from PIL import ExifTags, Image

from media.images import ImageUploadValidator, validate_image_upload
from media.models import Image as LibraryImage
from media.renditions import renditions_for, write_renditions
from stories.models import Story
from tests.factories import SourceFactory, StoryFactory

pytestmark = pytest.mark.django_db


def photo_bytes(size=(1600, 900), image_format="JPEG", gps=True):
    image = Image.new("RGB", size, (180, 40, 40))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Canon"
    if gps:
        exif[ExifTags.IFD.GPSInfo] = {
            ExifTags.GPS.GPSLatitudeRef: "N",
            ExifTags.GPS.GPSLatitude: (34.0, 3.0, 0.0),
            ExifTags.GPS.GPSLongitudeRef: "W",
            ExifTags.GPS.GPSLongitude: (118.0, 14.0, 0.0),
        }
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, exif=exif)
    return buffer.getvalue()


def library_image(content, name="photo.jpg", alt_text="Protesters outside City Hall"):
    """An upload saved into the library, as the picker and the chooser save it."""
    return LibraryImage.objects.create(file=ContentFile(content, name=name), alt_text=alt_text)


def story_with_image(**kwargs):
    return StoryFactory(lead_image=library_image(photo_bytes(), name="protest.jpg"), **kwargs)


def test_the_test_photo_really_carries_gps():
    with Image.open(io.BytesIO(photo_bytes())) as image:
        assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo)


def test_gps_and_camera_metadata_are_stripped_on_save():
    story = story_with_image()
    with default_storage.open(story.lead_image.file.name) as stored, Image.open(stored) as image:
        exif = image.getexif()
        assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
        assert ExifTags.Base.Make not in exif
        assert image.size == (1600, 900)


def test_dimensions_are_stored_so_pages_need_no_file_access():
    story = story_with_image()
    story.lead_image.refresh_from_db()
    assert (story.lead_image.width, story.lead_image.height) == (1600, 900)


def test_renditions_are_written_in_webp_and_jpeg_at_each_width():
    story = story_with_image()
    renditions = renditions_for(story.lead_image.file.name, 1600, 900)
    assert {(r.width, r.mime_type) for r in renditions} == {
        (w, t) for w in (480, 800, 1200) for t in ("image/webp", "image/jpeg")
    }
    for rendition in renditions:
        with default_storage.open(rendition.name) as stored, Image.open(stored) as image:
            assert image.size == (rendition.width, rendition.height)
            assert image.format == {"image/webp": "WEBP", "image/jpeg": "JPEG"}[rendition.mime_type]
            assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)


def test_small_originals_are_never_upscaled():
    widths = [r.width for r in renditions_for("a.jpg", 600, 400) if r.mime_type == "image/jpeg"]
    assert widths == [480, 600]


def test_story_page_delivers_a_responsive_eager_lead_image(client):
    story = story_with_image()
    response = client.get(story.get_absolute_url())
    body = response.content.decode()
    assert '<source type="image/webp" srcset="' in body
    assert "-480w.webp 480w" in body and "-1200w.jpg 1200w" in body
    assert 'alt="Protesters outside City Hall" width="1200" height="675" loading="eager"' in body
    assert 'fetchpriority="high"' in body
    assert 'property="og:image" content="http://testserver/media/renditions/' in body
    assert "summary_large_image" in body
    assert '"image": ["http://testserver/media/renditions/images/' in body


def test_the_validator_does_not_reread_a_photo_already_stored():
    story = Story.objects.get(pk=story_with_image().pk)
    default_storage.delete(story.lead_image.file.name)  # e.g. moved to another bucket
    validate_image_upload(story.lead_image.file)  # would fail with "not an image" if re-read


def test_library_images_of_every_shape_get_renditions():
    square = library_image(photo_bytes(size=(500, 500)), name="ana.jpg")
    tall = library_image(photo_bytes(size=(900, 1200), image_format="PNG"), name="pat.png")
    for image, width, height in [(square, 500, 500), (tall, 900, 1200)]:
        assert (image.width, image.height) == (width, height)
        for rendition in renditions_for(image.file.name, width, height):
            assert default_storage.exists(rendition.name)


def stored_names(fieldfile, width, height):
    return [fieldfile.name, *(r.name for r in renditions_for(fieldfile.name, width, height))]


def test_uploaded_names_never_reach_the_public_url_of_a_photo_or_its_renditions():
    """Media is public: a kept file name would let anyone guess a confidential photo's URL."""
    source = SourceFactory(confidential=True)
    source.photo = library_image(photo_bytes(size=(900, 600)), name="jane-doe-whistleblower.jpg")
    source.save()
    draft = StoryFactory(status=Story.Status.DRAFT, published_at=None)
    draft.lead_image = library_image(photo_bytes(size=(900, 600)), name="Mayor-Resigns.JPG")
    draft.save()
    folder = timezone.localtime().strftime("images/%Y/%m/")
    for fieldfile, words in [
        (source.photo.file, ["jane", "doe", "whistleblower"]),
        (draft.lead_image.file, ["mayor", "resigns"]),
    ]:
        assert fieldfile.name.startswith(folder)
        assert fieldfile.name.endswith(".jpg")
        for name in stored_names(fieldfile, 900, 600):
            assert default_storage.exists(name)
            assert not any(word in name.lower() for word in words), name


def test_the_same_file_uploaded_twice_gets_two_unrelated_names():
    names = {
        posixpath.basename(library_image(photo_bytes(size=(500, 500)), "ana-reyes.jpg").file.name)
        for _ in range(2)
    }
    assert len(names) == 2
    assert not any("ana" in name for name in names)


def test_an_extension_that_is_not_an_image_format_is_dropped_not_copied():
    image = library_image(photo_bytes(size=(500, 500)), name="pat.lee-informant")
    assert "informant" not in image.file.name
    assert "." not in posixpath.basename(image.file.name)


def test_validator_accepts_a_real_photo():
    validate_image_upload(SimpleUploadedFile("ok.jpg", photo_bytes(), "image/jpeg"))


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("fake.jpg", b"<?php system($_GET['c']); ?>"), "not an image"),
        (SimpleUploadedFile("cut.jpg", photo_bytes()[:200]), "not an image"),
    ],
)
def test_validator_refuses_files_that_are_not_images(upload, message):
    with pytest.raises(ValidationError, match=message):
        validate_image_upload(upload)


def test_validator_refuses_other_formats():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="BMP")
    with pytest.raises(ValidationError, match="Upload a JPEG, PNG, WebP or GIF image"):
        validate_image_upload(SimpleUploadedFile("x.bmp", buffer.getvalue()))


def test_validator_refuses_too_many_pixels_and_too_many_bytes():
    with pytest.raises(ValidationError, match="megapixels"):
        ImageUploadValidator(max_pixels=1_000_000)(SimpleUploadedFile("big.jpg", photo_bytes()))
    with pytest.raises(ValidationError, match="the limit is 1 MB"):
        ImageUploadValidator(max_bytes=1024 * 1024)(
            SimpleUploadedFile("huge.jpg", photo_bytes() + b"\0" * 2 * 1024 * 1024)
        )


def test_the_admin_form_refuses_a_non_image(editor_client):
    response = editor_client.post(
        "/admin/media/image/add/",
        {"alt_text": "Ana Ruiz", "file": SimpleUploadedFile("x.jpg", b"not a photo")},
    )
    assert response.status_code == 200
    assert b"errorlist" in response.content

    assert not LibraryImage.objects.exists()


def test_generate_renditions_cleans_photos_stored_before_renditions_existed():
    name = default_storage.save("stories/2021/01/old.jpg", ContentFile(photo_bytes()))
    image = library_image(photo_bytes(size=(60, 40)))
    # As a photo adopted from an old upload was: no sizes, no renditions, metadata kept.
    LibraryImage.objects.filter(pk=image.pk).update(file=name, width=None, height=None)

    call_command("generate_renditions", "--dry-run", stdout=io.StringIO())
    assert not default_storage.exists(renditions_for(name, 1600, 900)[0].name)

    out = io.StringIO()
    call_command("generate_renditions", stdout=out)
    assert "Processed 1 photo(s)." in out.getvalue()
    image.refresh_from_db()
    assert (image.width, image.height) == (1600, 900)
    with default_storage.open(image.file.name) as stored, Image.open(stored) as opened:
        assert not opened.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    for rendition in renditions_for(image.file.name, 1600, 900):
        assert default_storage.exists(rendition.name)


def test_generate_renditions_rename_moves_old_guessable_photos_to_random_names(
    django_capture_on_commit_callbacks,
):
    """Photos uploaded while files kept their names: the operator moves them, old URLs die."""
    old_name = default_storage.save(
        "sources/2021/jane-doe-whistleblower.jpg", ContentFile(photo_bytes(size=(900, 600)))
    )
    image = library_image(photo_bytes(size=(60, 40)))
    LibraryImage.objects.filter(pk=image.pk).update(file=old_name, width=900, height=600)
    image.refresh_from_db()
    write_renditions(image.file)  # as they were written under the old name
    old_files = stored_names(image.file, 900, 600)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("generate_renditions", "--rename", stdout=io.StringIO())

    image.refresh_from_db()
    assert image.file.name.startswith("sources/2021/")
    for name in stored_names(image.file, 900, 600):
        assert default_storage.exists(name)
        assert "jane" not in name and "whistleblower" not in name
    assert not any(default_storage.exists(name) for name in old_files)


def test_transparent_png_renditions_are_on_white():
    buffer = io.BytesIO()
    Image.new("RGBA", (600, 300), (0, 0, 0, 0)).save(buffer, format="PNG")
    logo = library_image(buffer.getvalue(), name="logo.png")
    jpeg = next(r for r in renditions_for(logo.file.name, 600, 300) if r.name.endswith(".jpg"))
    with default_storage.open(jpeg.name) as stored, Image.open(stored) as image:
        assert image.getpixel((10, 10)) == (255, 255, 255)


@pytest.mark.parametrize(
    ("width", "expected"),
    [(1600, [480, 800, 1200]), (1200, [480, 800, 1200]), (900, [480, 800, 900]), (300, [300])],
)
def test_each_rendition_width_is_listed_once(width, expected):
    widths = [r.width for r in renditions_for("a.jpg", width, 900) if r.mime_type == "image/jpeg"]
    assert widths == expected


def test_a_srcset_for_an_image_wider_than_1200_px_names_each_width_once(client):
    """A duplicate width makes the srcset invalid HTML; browsers may drop the whole set."""
    story = story_with_image()  # 1600 px wide
    body = client.get(story.get_absolute_url()).content.decode()
    srcsets = [chunk.split('"', 1)[0] for chunk in body.split('srcset="')[1:]]
    assert len(srcsets) == 2
    for srcset in srcsets:
        widths = [candidate.split()[-1] for candidate in srcset.split(", ")]
        assert widths == ["480w", "800w", "1200w"]

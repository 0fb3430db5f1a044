"""The media library's Image: alt text always, a title to find it by, renditions like any photo."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction

from media.models import Image
from media.renditions import picture_for, renditions_for
from tests.factories import ImageFactory, photo_file

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("alt_text", ["", "   "])
def test_an_image_without_alt_text_is_refused_by_the_form_and_the_database(alt_text):
    image = Image(file=photo_file(), alt_text=alt_text)
    with pytest.raises(ValidationError) as refused:
        image.full_clean()
    assert "alt_text" in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        # A write path that skips validation (a shell, a script) meets the constraint.
        Image.objects.create(file=photo_file(), alt_text=alt_text)


def test_a_focal_point_outside_the_image_is_refused():
    image = Image(file=photo_file(), alt_text="A crowd", focal_x=1.5, focal_y=0.5)
    with pytest.raises(ValidationError) as refused:
        image.full_clean()
    assert "focal_x" in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Image.objects.create(file=photo_file(), alt_text="A crowd", focal_y=-0.1)


def test_the_title_defaults_to_the_uploaded_name_but_the_stored_name_is_random():
    image = ImageFactory(file=photo_file(name="mayor-at-the-podium.jpg"))
    assert image.title == "mayor-at-the-podium.jpg"
    assert "mayor" not in image.file.name
    assert image.file.name.startswith("images/")


def test_a_library_image_is_stored_with_its_size_and_renditions():
    image = ImageFactory(file=photo_file(size=(1600, 900)))
    assert (image.width, image.height) == (1600, 900)
    for rendition in renditions_for(image.file.name, 1600, 900):
        assert default_storage.exists(rendition.name)
    picture = picture_for(image.file)
    assert picture.width == 1200
    assert image.file.url != picture.src

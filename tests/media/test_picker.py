"""The media library's picker window (media/picker.py): the body editor's figure button
opens it to choose an image, search the library or upload one in place."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from media.models import Image
from tests.factories import ImageFactory, UserFactory, photo_file

pytestmark = pytest.mark.django_db

PICK = reverse("admin:media_image_pick")


def staff_with(*codenames):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="media", codename__in=codenames)
    )
    return user


def test_it_lists_the_library_newest_first_and_hands_back_what_the_figure_needs(client):
    older = ImageFactory(alt_text="City Hall at dusk", caption="City Hall", credit="KABC")
    newer = ImageFactory(alt_text="A polling place in Van Nuys")
    client.force_login(staff_with("view_image"))
    page = client.get(PICK, {"CKEditorFuncNum": "-1"}).content.decode()
    assert page.index(f"picker-image-{newer.pk}") < page.index(f"picker-image-{older.pk}")
    assert f'data-url="{older.file.url}"' in page
    assert 'data-alt="City Hall at dusk"' in page
    assert 'data-caption="City Hall (KABC)"' in page
    assert 'data-callback="-1"' in page


def test_search_matches_alt_text_caption_credit_and_title(client):
    ImageFactory(alt_text="Karen Bass at a rally")
    ImageFactory(alt_text="A freeway at night", credit="Rick's Photo Agency")
    ImageFactory(alt_text="A dog")
    client.force_login(staff_with("view_image"))
    for query, found in [("rally", 1), ("photo agency", 1), ("a", 3), ("nothing like it", 0)]:
        page = client.get(PICK, {"q": query}).content.decode()
        assert page.count('class="image-picker-choice"') == found, query


def test_an_upload_in_place_joins_the_library_under_its_uploader_and_is_chosen(client):
    user = staff_with("view_image", "add_image")
    client.force_login(user)
    response = client.post(
        PICK + "?CKEditorFuncNum=-3",
        {"file": photo_file(name="council.jpg"), "alt_text": "The council votes", "credit": "Ed"},
    )
    image = Image.objects.get()
    assert image.uploaded_by == user
    assert image.title == "council.jpg"
    page = response.content.decode()
    assert f'data-chosen="{image.pk}"' in page
    assert 'data-callback="-3"' in page


def test_an_upload_without_alt_text_is_refused_and_nothing_is_stored(client):
    client.force_login(staff_with("view_image", "add_image"))
    response = client.post(PICK, {"file": photo_file(), "alt_text": "  "})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not Image.objects.exists()


def test_who_may_see_and_upload(client):
    assert client.get(PICK).status_code == 302  # to the sign-in page
    client.force_login(UserFactory(is_staff=True))
    assert client.get(PICK).status_code == 403
    client.force_login(staff_with("view_image"))
    assert client.get(PICK).status_code == 200
    upload = {"file": photo_file(), "alt_text": "A picture"}
    assert client.post(PICK, upload).status_code == 403
    assert not Image.objects.exists()


def test_a_callback_that_is_not_the_editors_number_is_not_passed_back(client):
    client.force_login(staff_with("view_image"))
    page = client.get(PICK, {"CKEditorFuncNum": "alert(1)"}).content.decode()
    assert 'data-callback=""' in page

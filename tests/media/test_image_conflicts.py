"""Two editors on one library image: changes to different fields both survive; the same
field changed by both is refused once, showing theirs, and the next save keeps yours."""

import pytest
from django.test import Client
from django.urls import reverse

from media.models import Image
from tests.admin_forms import form_data
from tests.factories import ImageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def image():
    return ImageFactory(alt_text="The mayor at the podium", caption="", credit="Staff")


def editor_opens(image, username) -> tuple[Client, dict]:
    client = Client()
    client.force_login(UserFactory(username=username, groups=["Editors"]))
    url = reverse("admin:media_image_change", args=[image.pk])
    return client, form_data(client.get(url))


def save(client, image, data, **typed):
    # The file input is posted empty, as a browser posts it when no new file is chosen.
    post = {**data, **typed, "file": ""}
    return client.post(reverse("admin:media_image_change", args=[image.pk]), post)


def test_changes_to_different_fields_are_both_kept(image):
    ana, ana_form = editor_opens(image, "ana")
    ben, ben_form = editor_opens(image, "ben")
    assert save(ana, image, ana_form, alt_text="Mayor Karen Bass at the podium").status_code == 302
    assert save(ben, image, ben_form, caption="Election night, Nov. 8").status_code == 302
    image.refresh_from_db()
    assert image.alt_text == "Mayor Karen Bass at the podium"
    assert image.caption == "Election night, Nov. 8"


def test_the_same_field_changed_by_both_is_refused_once_then_saved(image):
    ana, ana_form = editor_opens(image, "ana")
    ben, ben_form = editor_opens(image, "ben")
    save(ana, image, ana_form, alt_text="Mayor Karen Bass at the podium", credit="AP")

    refused = save(ben, image, ben_form, alt_text="Karen Bass speaking")
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Someone saved this image after you opened it" in page
    assert "Mayor Karen Bass at the podium" in page
    image.refresh_from_db()
    assert image.alt_text == "Mayor Karen Bass at the podium"

    # Saved again from the form as it came back: Ben's alt text, Ana's credit.
    again = form_data(refused)
    assert again["credit"] == "AP"
    assert save(ben, image, again).status_code == 302
    image.refresh_from_db()
    assert (image.alt_text, image.credit) == ("Karen Bass speaking", "AP")


def test_an_altered_form_is_refused_and_changes_nothing(image):
    ben, ben_form = editor_opens(image, "ben")
    response = save(ben, image, ben_form, alt_text="Changed", opened="forged")
    assert response.status_code == 200
    assert "The form was altered" in response.content.decode()
    assert Image.objects.get(pk=image.pk).alt_text == "The mayor at the podium"

"""The chooser for a story's lead image and an author's or source's photo (media/chooser.py):
it shows the chosen library image, opens the picker in its choosing mode, and posts the
image's id; and who may upload, choose and delete library images."""

import pytest
from django.urls import reverse

from media.models import Image
from stories.models import Author, Story
from tests.admin_forms import form_data, new_story_data
from tests.factories import AuthorFactory, ImageFactory, SectionFactory, StoryFactory, photo_file

pytestmark = pytest.mark.django_db

PICK = reverse("admin:media_image_pick")
STORY_ADD = reverse("admin:stories_story_add")


def test_the_story_form_offers_the_chooser_and_no_file_upload(editor_client):
    page = editor_client.get(STORY_ADD).content.decode()
    assert 'id="id_lead_image_chooser"' in page
    assert 'data-pick-url="/admin/media/image/pick/?choose=id_lead_image"' in page
    assert "No image chosen." in page
    assert (
        'name="lead_image" type="file"' not in page and 'type="file" name="lead_image"' not in page
    )
    assert "js/admin/image-chooser.js" in page


def test_choosing_an_image_saves_it_as_the_lead_image_and_the_form_shows_it(editor_client):
    image = ImageFactory(alt_text="Karen Bass at her election night party", title="bass.jpg")
    section = SectionFactory()
    data = new_story_data(editor_client, section=str(section.pk), lead_image=str(image.pk))
    response = editor_client.post(STORY_ADD, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    story = Story.objects.get()
    assert story.lead_image == image

    page = editor_client.get(
        reverse("admin:stories_story_change", args=[story.pk])
    ).content.decode()
    assert f'name="lead_image" id="id_lead_image" value="{image.pk}"' in page
    assert "Chosen: bass.jpg. Alt text: “Karen Bass at her election night party”" in page
    assert "-60w.jpg" in page  # the thumbnail is a rendition, not the original


def test_a_save_that_fails_validation_keeps_the_chosen_lead_image(editor_client):
    """The failure issue 11 names: a refused save must not drop the image the editor chose."""
    StoryFactory(slug="taken")
    image = ImageFactory(title="crowd.jpg")
    data = new_story_data(editor_client, slug="taken", lead_image=str(image.pk))
    response = editor_client.post(STORY_ADD, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Story with this Slug already exists." in page
    assert f'name="lead_image" id="id_lead_image" value="{image.pk}"' in page
    assert "Chosen: crowd.jpg." in page


@pytest.mark.parametrize("typed", ["abc", "999999", "²", "-1", "1.5"])
def test_a_typed_number_that_names_no_image_is_refused_with_the_form_kept(editor_client, typed):
    """Without JavaScript the editor types the image's number: anything else is a form
    error on that field, never a server error, and nothing is saved."""
    author = AuthorFactory(name="Dana Reporter")
    url = reverse("admin:stories_author_change", args=[author.pk])
    response = editor_client.post(url, form_data(editor_client.get(url), photo=typed))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Select a valid choice" in page
    assert "No image chosen." in page
    assert Author.objects.get(pk=author.pk).photo is None


def test_a_typed_number_with_spaces_chooses_the_image(editor_client):
    image = ImageFactory()
    author = AuthorFactory()
    url = reverse("admin:stories_author_change", args=[author.pk])
    response = editor_client.post(url, form_data(editor_client.get(url), photo=f" {image.pk} "))
    assert response.status_code == 302
    assert Author.objects.get(pk=author.pk).photo == image


def test_removing_the_lead_image_leaves_the_image_in_the_library(editor_client):
    image = ImageFactory()
    story = StoryFactory(lead_image=image)
    url = reverse("admin:stories_story_change", args=[story.pk])
    response = editor_client.post(url, form_data(editor_client.get(url), lead_image=""))
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.lead_image is None
    assert Image.objects.filter(pk=image.pk).exists()


def test_author_and_source_forms_choose_their_photo_from_the_library(editor_client):
    image = ImageFactory(alt_text="Ana Reyes")
    url = reverse("admin:stories_author_add")
    data = form_data(
        editor_client.get(url), name="Ana Reyes", slug="ana-reyes", photo=str(image.pk)
    )
    assert editor_client.post(url, data).status_code == 302
    assert Author.objects.get().photo == image
    page = editor_client.get(reverse("admin:sources_source_add")).content.decode()
    assert 'id="id_photo_chooser"' in page


def test_the_picker_in_choosing_mode_hands_back_the_images_id(editor_client):
    image = ImageFactory(title="harbor.jpg")
    page = editor_client.get(PICK, {"choose": "id_lead_image"}).content.decode()
    assert 'data-choose="id_lead_image"' in page
    assert f'data-id="{image.pk}" data-title="harbor.jpg"' in page
    # The upload form and the page links stay in choosing mode.
    assert 'action="?CKEditorFuncNum=&amp;choose=id_lead_image"' in page


def test_a_choose_value_that_is_not_a_field_id_is_not_passed_back(editor_client):
    page = editor_client.get(PICK, {"choose": 'x");alert(1)//'}).content.decode()
    assert 'data-choose=""' in page


def test_a_reporter_can_upload_in_place_and_choose_but_not_delete(client, reporter):
    client.force_login(reporter)
    response = client.post(
        PICK + "?choose=id_lead_image",
        {"file": photo_file(name="council.jpg"), "alt_text": "Council chamber, full"},
    )
    assert response.status_code == 200
    image = Image.objects.get()
    assert image.uploaded_by == reporter
    assert f'data-chosen="{image.pk}"' in response.content.decode()
    delete = reverse("admin:media_image_delete", args=[image.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Image.objects.filter(pk=image.pk).exists()


def test_an_upload_in_place_without_alt_text_is_refused(client, reporter):
    client.force_login(reporter)
    response = client.post(PICK + "?choose=id_photo", {"file": photo_file(), "alt_text": " "})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not Image.objects.exists()


@pytest.mark.parametrize("use", ["lead image", "author photo", "source photo", "body"])
def test_an_image_in_use_cannot_be_deleted_and_its_page_says_where(editor_client, use):
    from tests.factories import SourceFactory

    image = ImageFactory()
    if use == "lead image":
        user = StoryFactory(headline="Port strike ends", lead_image=image)
    elif use == "author photo":
        user = AuthorFactory(name="Port Strike Reporter", photo=image)
    elif use == "source photo":
        user = SourceFactory(name="Port Strike Union", photo=image)
    else:
        user = StoryFactory(
            headline="Port strike ends",
            body=f'<figure><img src="{image.file.url}" alt="Dock"></figure>',
        )
    change = reverse("admin:media_image_change", args=[image.pk])
    page = editor_client.get(change).content.decode()
    assert "Port Strike" in page.replace("Port strike", "Port Strike")
    assert "Nowhere yet" not in page

    response = editor_client.post(
        reverse("admin:media_image_delete", args=[image.pk]), {"post": "yes"}
    )
    assert Image.objects.filter(pk=image.pk).exists()
    assert response.status_code == 200
    assert "Cannot delete image" in response.content.decode()
    assert user.pk


def test_an_editor_deletes_an_image_nothing_uses(editor_client):
    image = ImageFactory()
    page = editor_client.get(reverse("admin:media_image_change", args=[image.pk]))
    assert "Nowhere yet: it may be deleted." in page.content.decode()
    response = editor_client.post(
        reverse("admin:media_image_delete", args=[image.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Image.objects.exists()


def test_restoring_a_revision_whose_lead_image_was_deleted_keeps_the_current_one(editor):
    """An image may be deleted once nothing uses it; old revisions still name it."""
    import reversion

    from stories import publishing

    old, new = ImageFactory(), ImageFactory()
    story = StoryFactory(headline="First words", lead_image=old)
    with reversion.create_revision():
        reversion.add_to_revision(story)
    version = reversion.models.Version.objects.get_for_object(story).get()
    story.headline, story.lead_image = "Later words", new
    story.save()
    old.delete()

    publishing.restore_revision(story=story, version=version, user=editor)
    story.refresh_from_db()
    assert story.headline == "First words"
    assert story.lead_image == new

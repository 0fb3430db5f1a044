"""Library images inside a story's body: what the sanitizer keeps, what the story form
fills in or refuses, which rows say where an image is used, and what readers get."""

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from media.models import Image
from stories import publishing
from stories.checks import failing, prepublish_checks
from stories.figures import responsive_figures
from stories.models import BodyImage
from stories.sanitize import clean_body, clean_body_with_report
from tests.admin_forms import form_data
from tests.factories import ImageFactory, StoryFactory, photo_file
from tests.query_budget import assert_query_budget

pytestmark = pytest.mark.django_db


def figure(image, alt=None, caption="A caption"):
    alt = image.alt_text if alt is None else alt
    return (
        f'<figure class="figure"><img src="{image.file.url}" alt="{alt}">'
        f'<figcaption class="figure-caption">{caption}</figcaption></figure>'
    )


def change_url(story):
    return reverse("admin:stories_story_change", args=[story.pk])


def test_a_library_figure_survives_sanitizing_unchanged():
    image = ImageFactory()
    body = f"<p>Before.</p>{figure(image)}<p>After.</p>"
    assert clean_body(body) == body


@pytest.mark.parametrize(
    "src",
    [
        "https://tracker.example/pixel.gif",
        "//tracker.example/pixel.gif",
        "data:image/gif;base64,R0lGODlhAQABAAAAACw=",
        "javascript:alert(1)",
        "/media/renditions/images/x-480w.jpg",
        "/media/images/../../secrets.jpg",
        "/static/admin/img/icon-yes.svg",
    ],
)
def test_an_image_from_anywhere_but_the_library_is_removed_and_the_editor_told(src):
    cleaned, report = clean_body_with_report(f'<p>Text.<img src="{src}" alt="x"></p>')
    assert cleaned == "<p>Text.</p>"
    assert report == "1 image not from the media library was removed"


def test_figure_classes_other_than_the_editors_are_dropped():
    image = ImageFactory()
    body = figure(image).replace('class="figure"', 'class="figure float-left"')
    assert 'class="figure"' in clean_body(body)
    assert "float-left" not in clean_body(body)


def test_the_story_form_fills_in_size_and_missing_alt_text_from_the_library(editor_client):
    image = ImageFactory(file=photo_file(size=(900, 600)))
    story = StoryFactory(body="<p>Old.</p>")
    data = form_data(
        editor_client.get(change_url(story)), body=f"<p>Old.</p>{figure(image, alt='')}"
    )
    response = editor_client.post(change_url(story), data)
    assert response.status_code == 302
    story.refresh_from_db()
    assert f'alt="{image.alt_text}" width="900" height="600"' in story.body
    assert list(BodyImage.objects.filter(story=story).values_list("image", flat=True)) == [image.pk]


def test_an_image_no_longer_in_the_library_is_refused_and_nothing_is_saved(editor_client):
    image = ImageFactory()
    gone = figure(image)
    BodyImage.objects.all().delete()
    image.delete()
    story = StoryFactory(body="<p>Old.</p>")
    data = form_data(editor_client.get(change_url(story)), body=f"<p>New.</p>{gone}")
    response = editor_client.post(change_url(story), data)
    assert response.status_code == 200
    assert "not in the media library" in response.content.decode()
    story.refresh_from_db()
    assert story.body == "<p>Old.</p>"


def test_an_image_in_a_body_cannot_be_deleted_until_the_body_drops_it():
    image = ImageFactory()
    story = StoryFactory(body=figure(image))
    with pytest.raises(ProtectedError):
        image.delete()
    story.body = "<p>No picture any more.</p>"
    story.save()
    assert not BodyImage.objects.filter(story=story).exists()
    image.delete()
    assert not Image.objects.filter(pk=image.pk).exists()


def test_restoring_a_revision_restores_the_list_of_body_images(editor):
    import reversion

    image = ImageFactory()
    story = StoryFactory(body="<p>Text.</p>")
    with reversion.create_revision():
        story.body = figure(image)
        story.save()
    with reversion.create_revision():
        story.body = "<p>Text only.</p>"
        story.save()
    assert not BodyImage.objects.filter(story=story).exists()
    from reversion.models import Version

    with_figure = Version.objects.get_for_object(story).order_by("pk").first()
    publishing.restore_revision(story=story, version=with_figure, user=editor)
    assert BodyImage.objects.filter(story=story, image=image).exists()


def test_publishing_is_blocked_while_a_body_image_has_no_alt_text():
    image = ImageFactory()
    story = StoryFactory.build(body=figure(image, alt=""))
    assert "body_alt_text" in {
        check.code for check in failing(prepublish_checks(story, bylined=True, tagged=True))
    }
    story.body = figure(image)
    assert "body_alt_text" not in {
        check.code for check in failing(prepublish_checks(story, bylined=True, tagged=True))
    }


def test_readers_get_a_responsive_picture_with_the_figures_alt_text_and_caption():
    image = ImageFactory(file=photo_file(size=(1600, 900)))
    body = clean_body(figure(image, caption="Bass at the rally"))
    body = body.replace("<img ", f'<img width="{image.width}" height="{image.height}" ', 1)
    shown = responsive_figures(clean_body(body))
    assert '<source type="image/webp"' in shown
    assert "480w" in shown and "1200w" in shown
    assert f'alt="{image.alt_text}"' in shown
    assert 'loading="lazy"' in shown
    assert '<figcaption class="figure-caption">Bass at the rally</figcaption>' in shown


def test_figure_alt_text_and_caption_are_escaped_on_the_page(client):
    image = ImageFactory(alt_text='"><script>alert(1)</script>')
    story = StoryFactory(body=figure(image, alt='"><script>alert(1)</script>'))
    page = client.get(story.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page


def stories_with_figures(size):
    images = [ImageFactory() for _ in range(size)]
    return StoryFactory(body="".join(figure(image) for image in images))


def test_figures_cost_no_queries_on_the_story_page(client):
    # However many figures the body shows, the page costs what a story without any does:
    # renditions are named from the file name and size stored in the body.
    plain = StoryFactory()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as without:
        assert client.get(plain.get_absolute_url()).status_code == 200
    assert_query_budget(
        build=stories_with_figures,
        act=lambda story: client.get(story.get_absolute_url()),
        budget=len(without),
        sizes=(1, 5),
    )


def test_an_alt_text_holding_angle_brackets_keeps_its_image_whole():
    image = ImageFactory(file=photo_file(size=(900, 600)))
    body = clean_body(
        f'<figure class="figure"><img alt="Turnout 2 > 1 <b>" src="{image.file.url}" '
        'width="900" height="600"></figure>'
    )
    assert image.file.url in body
    shown = responsive_figures(body)
    assert 'alt="Turnout 2 &gt; 1 &lt;b&gt;"' in shown
    assert "<b>" not in shown and "900w" in shown

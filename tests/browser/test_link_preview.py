"""The link preview in Chromium, as an editor checks it: the image's page in the library
shows how a shared story will look, and moving the focal point moves the preview."""

import pytest
from django.urls import reverse

from media.models import Image
from tests.browser.test_accessibility import record_problems
from tests.browser.test_story_editor import editor_user, log_in
from tests.factories import ImageFactory
from tests.media.test_social_card import portrait_with_a_red_band

pytestmark = pytest.mark.browser

PREVIEW = ".field-link_preview img.link-preview"


@pytest.mark.django_db(transaction=True)
def test_moving_the_focal_point_moves_the_link_preview(page, live_server):
    image = ImageFactory(file=portrait_with_a_red_band(), alt_text="A council member speaking")
    log_in(page, live_server, editor_user("ed", "Ed"))
    problems = record_problems(page)
    page.goto(live_server.url + reverse("admin:media_image_change", args=[image.pk]))
    before = page.get_attribute(PREVIEW, "src")
    assert "-card-500-500" in before

    # The face is near the top of the portrait: the editor says so and saves.
    page.fill("#id_focal_y", "0.15")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    after = page.get_attribute(PREVIEW, "src")
    assert after != before and "-card-500-150" in after
    # The new preview is a picture the browser can show, at the card's shape.
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=page.locator(PREVIEW).element_handle()
    )
    width, height = page.evaluate(
        "img => [img.naturalWidth, img.naturalHeight]", page.locator(PREVIEW).element_handle()
    )
    assert round(width / height, 2) == 1.9
    assert Image.objects.get(pk=image.pk).social_card.endswith(after.rsplit("/", 1)[1])
    assert problems == []

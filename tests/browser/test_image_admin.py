"""The library image's admin page in Chromium, as editors use it: the link preview shows
how a shared story will look and follows the focal point; two editors on one image lose
nothing."""

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


@pytest.mark.django_db(transaction=True)
def test_two_editors_captioning_one_image_lose_nothing(browser, live_server):
    """Ana fixes the alt text while Ben, who opened the image before her save, adds a
    caption and also rewrites the alt text: Ben is shown Ana's words before anything is
    overwritten, and his second save keeps his alt text and her credit."""
    image = ImageFactory(alt_text="The mayor at the podium", credit="Staff")
    url = live_server.url + reverse("admin:media_image_change", args=[image.pk])
    pages = []
    for username, name in [("ana", "Ana"), ("ben", "Ben")]:
        page = browser.new_context().new_page()
        log_in(page, live_server, editor_user(username, name))
        page.goto(url)
        pages.append(page)
    ana, ben = pages

    ana.fill("#id_alt_text", "Mayor Karen Bass at the podium")
    ana.fill("#id_credit", "AP")
    ana.click("input[name=_continue]")
    ana.wait_for_selector(".messagelist .success")

    ben.fill("#id_alt_text", "Karen Bass speaking on election night")
    ben.fill("#id_caption", "Election night, Nov. 8")
    ben.click("input[name=_continue]")
    ben.wait_for_selector(".errornote")
    assert "Mayor Karen Bass at the podium" in ben.inner_text(".errorlist")
    assert Image.objects.get(pk=image.pk).alt_text == "Mayor Karen Bass at the podium"
    # His own typing is still in the form; her credit is in it now too.
    assert ben.input_value("#id_caption") == "Election night, Nov. 8"
    assert ben.input_value("#id_credit") == "AP"

    ben.click("input[name=_continue]")
    ben.wait_for_selector(".messagelist .success")
    image.refresh_from_db()
    assert image.alt_text == "Karen Bass speaking on election night"
    assert (image.caption, image.credit) == ("Election night, Nov. 8", "AP")
    for page in pages:
        page.context.close()

"""The lead image chooser in Chromium, as an editor uses it: the library's picker opened
from the story form, a search, a click; an upload in place; and the failure issue 11
names: a save refused by validation must keep the chosen image."""

import pytest
from django.urls import reverse

from media.models import Image
from stories.models import Story
from tests.browser.test_accessibility import describe, record_problems
from tests.browser.test_body_figures import evening_sky
from tests.browser.test_story_editor import axe_violations, editor_user, log_in, open_form
from tests.factories import ImageFactory, StoryFactory, photo_file

pytestmark = pytest.mark.browser

STATUS = "#id_lead_image_status"


def open_chooser(page):
    with page.expect_popup() as opened:
        page.click("#id_lead_image_chooser [data-chooser-open]")
    return opened.value


@pytest.mark.django_db(transaction=True)
def test_a_refused_save_keeps_the_chosen_lead_image_and_the_next_save_stores_it(page, live_server):
    StoryFactory(slug="bass-wins", headline="An older story")
    image = ImageFactory(file=evening_sky(), alt_text="Karen Bass at her election night party")
    ImageFactory(alt_text="Something else entirely")
    log_in(page, live_server, editor_user("ed", "Ed"))
    problems = record_problems(page)
    body = open_form(page, live_server, reverse("admin:stories_story_add"))
    page.fill("#id_slug", "bass-wins")  # taken: the save will be refused
    page.fill("#id_headline", "Bass wins the run-off")
    body.click()
    page.keyboard.type("Bass won by nine points.")

    picker = open_chooser(page)
    picker.fill("#picker-q", "election night")
    picker.click(".image-picker-search button")
    picker.wait_for_url("**q=election**")
    assert picker.locator(".image-picker-choice").count() == 1
    with picker.expect_event("close"):
        picker.click(f"#picker-image-{image.pk}")
    assert "Karen Bass at her election night party" in page.inner_text(STATUS)
    assert page.locator("#id_lead_image_chooser img").is_visible()
    # Focus is back on the control that opened the picker, now offering to replace it.
    assert page.evaluate("document.activeElement.textContent") == "Replace"

    page.click("input[name=_continue]")
    page.wait_for_selector(".errornote")
    assert "already exists" in page.inner_text(".field-slug")
    assert "Karen Bass at her election night party" in page.inner_text(STATUS)
    assert page.input_value("#id_lead_image") == str(image.pk)

    page.fill("#id_slug", "bass-wins-run-off")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    assert Story.objects.get(slug="bass-wins-run-off").lead_image == image
    assert problems == []


@pytest.mark.django_db(transaction=True)
def test_an_image_uploaded_in_place_is_chosen_and_can_be_removed(page, live_server, tmp_path):
    log_in(page, live_server, editor_user("ed", "Ed"))
    open_form(page, live_server, reverse("admin:stories_story_add"))
    upload = tmp_path / "council.jpg"
    upload.write_bytes(photo_file(size=(900, 600)).read())

    picker = open_chooser(page)
    picker.set_input_files("#id_file", str(upload))
    # Alt text is required: the browser says so before anything is sent.
    assert picker.locator("#id_alt_text:invalid").count() == 1
    picker.fill("#id_alt_text", "The council chamber, every seat taken")
    violations = axe_violations(picker)
    assert not violations, f"axe on the picker:\n{describe(violations)}"
    with picker.expect_event("close"):
        picker.click("button:has-text('Upload and choose')")
    image = Image.objects.get()
    assert page.input_value("#id_lead_image") == str(image.pk)
    assert "every seat taken" in page.inner_text(STATUS)
    violations = axe_violations(page)
    assert not violations, f"axe on the story form:\n{describe(violations)}"

    page.keyboard.press("Tab")  # from "Replace" to "Remove", by keyboard
    page.keyboard.press("Enter")
    assert page.input_value("#id_lead_image") == ""
    assert page.inner_text(STATUS) == "No image chosen."
    assert not page.locator("#id_lead_image_chooser [data-chooser-clear]").is_visible()


@pytest.mark.django_db(transaction=True)
def test_without_javascript_the_lead_image_is_chosen_by_its_library_number(browser, live_server):
    """Scripts blocked or failed to load: the chooser is a field for the number the picker
    and the library list show, and the form still saves the choice."""
    story = StoryFactory(headline="Bass wins the run-off", body="<p>Bass won.</p>")
    image = ImageFactory(alt_text="Karen Bass at her election night party")
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        log_in(page, live_server, editor_user("ed", "Ed"))
        page.goto(live_server.url + reverse("admin:media_image_changelist"))
        assert str(image.pk) in page.locator("#result_list td.field-number").first.inner_text()

        page.goto(live_server.url + reverse("admin:stories_story_change", args=[story.pk]))
        field = page.get_by_label("Library image number")
        assert field.is_visible()
        assert page.locator("#id_lead_image_chooser [data-chooser-open]").is_hidden()
        field.fill("999999")  # no such image: refused, nothing saved
        page.click("input[name=_continue]")
        assert "Select a valid choice" in page.inner_text(".field-lead_image")
        assert Story.objects.get(pk=story.pk).lead_image is None

        page.get_by_label("Library image number").fill(str(image.pk))
        page.click("input[name=_continue]")
        assert page.locator(".messagelist .success").count() == 1
        assert Story.objects.get(pk=story.pk).lead_image == image
        assert "Karen Bass at her election night party" in page.inner_text(STATUS)
    finally:
        context.close()

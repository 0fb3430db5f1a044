"""An image from the media library inside a story's body, chosen in Chromium the way an
editor does: the figure button, the library's picker window, the figure dialog."""

import pytest
from django.urls import reverse

from stories import publishing
from stories.models import BodyImage, Story
from tests.browser.test_accessibility import describe, record_problems
from tests.browser.test_story_editor import axe_violations, editor_user, log_in, open_form
from tests.browser.tools import SCREENSHOTS
from tests.factories import ImageFactory, SectionFactory

pytestmark = pytest.mark.browser

FIGURE = ".prose-editor [contenteditable=true] figure img"
# Written on every run; docs/img/story-figure.png is a copy, reduced to 64 colours.
SCREENSHOT = SCREENSHOTS / "story-figure.png"


def evening_sky():
    """A 1600 x 900 JPEG that looks like something in the docs' screenshot: a sky at dusk
    over a skyline."""
    from io import BytesIO

    from django.core.files.base import ContentFile
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (1600, 900))
    draw = ImageDraw.Draw(picture)
    for y in range(900):
        draw.line([(0, y), (1600, y)], fill=(40 + y // 6, 60 + y // 8, 140 - y // 10))
    for x, height in [(100, 300), (260, 420), (400, 250), (700, 520), (900, 380), (1200, 460)]:
        draw.rectangle([x, 900 - height, x + 140, 900], fill=(25, 25, 35))
    buffer = BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    return ContentFile(buffer.getvalue(), name="rally.jpg")


@pytest.mark.django_db(transaction=True)
def test_an_editor_puts_a_library_image_in_the_body_and_readers_see_it(page, live_server):
    image = ImageFactory(
        file=evening_sky(),
        alt_text="Karen Bass speaks at a rally in South LA",
        caption="Bass at the rally",
        credit="Jane Doe / KABC",
    )
    ImageFactory(alt_text="Something else entirely")
    editor = editor_user("ed", "Ed")
    log_in(page, live_server, editor)
    problems = record_problems(page)
    body = open_form(page, live_server, reverse("admin:stories_story_add"))
    page.fill("#id_slug", "bass-rallies")
    body.click()
    page.keyboard.type("Bass spoke for twenty minutes.")
    page.keyboard.press("Enter")

    # The figure button opens the library in a window; a search narrows it; a click chooses.
    with page.expect_popup() as opened:
        page.click(".prose-menubar__button[data-name=figure]")
        page.locator("dialog[open] button:has-text('Browse')").click()
    picker = opened.value
    picker.fill("#picker-q", "rally")
    picker.click(".image-picker-search button")
    picker.wait_for_url("**q=rally**")
    assert picker.locator(".image-picker-choice").count() == 1
    violations = axe_violations(picker)
    assert not violations, f"axe on the picker:\n{describe(violations)}"
    with picker.expect_event("close"):
        picker.click(f"#picker-image-{image.pk}")
    # The dialog comes back filled from the library: address, alt text, caption and credit.
    dialog = page.locator("dialog[open]")
    assert dialog.locator("input[name=imageUrl]").input_value() == image.file.url
    assert dialog.locator("input[name=altText]").input_value() == image.alt_text
    caption = dialog.locator("input[name=caption]").input_value()
    assert caption == "Bass at the rally (Jane Doe / KABC)"
    dialog.locator("button[type=submit]").click()
    page.wait_for_selector(FIGURE)
    page.wait_for_function("img => img.complete", arg=page.locator(FIGURE).element_handle())
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.locator(".form-row.field-body").screenshot(path=str(SCREENSHOT))

    # Refused (no headline yet): the figure is still in the body.
    page.click("input[name=_continue]")
    page.wait_for_selector(".errornote")
    page.wait_for_selector(FIGURE)
    page.fill("#id_headline", "Bass rallies in South LA")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    story = Story.objects.get(slug="bass-rallies")
    assert f'src="{image.file.url}"' in story.body
    assert f'width="{image.width}" height="{image.height}"' in story.body
    # The image's page lists the story, and the image cannot be deleted meanwhile.
    assert BodyImage.objects.filter(story=story, image=image).exists()

    # Opened again and saved untouched: nothing changed, nothing recorded.
    page.wait_for_selector(FIGURE)
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .info")
    assert "Nothing was changed" in page.inner_text(".messagelist")
    assert problems == []

    story.section = SectionFactory(name="Politics")
    story.credit = "Newsroom"
    story.save(update_fields=["section", "credit"])
    publishing.publish(story=story, user=editor, override_reason="Tags come later.")
    page.goto(live_server.url + story.get_absolute_url())
    figure = page.locator(".story-body figure")
    # Responsive like the lead image: WebP and JPEG renditions, sized, loaded lazily.
    shown = figure.locator("img")
    assert shown.get_attribute("alt") == image.alt_text
    assert shown.get_attribute("loading") == "lazy"
    assert figure.locator("source[type='image/webp']").get_attribute("srcset").count("w,") >= 1
    assert figure.locator("figcaption").inner_text() == caption
    shown.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=shown.element_handle()
    )

"""Reflow, zoom, keyboard focus and screenshots, in Chromium against the live server.

Zoom is emulated the way the browser does it: at 200% a 1280 px wide window lays the page
out in 640 CSS pixels, so "200% zoom" is a 640 px viewport at device scale factor 2.
WCAG 1.4.10 (reflow) is the 320 px case: 1280 px at 400%; 1.4.12 (text spacing) is
checked there too, with the spacing a reader's style sheet may impose.
"""

import pytest

from tests.browser.pages import PAGES
from tests.browser.tools import SCREENSHOTS

pytestmark = pytest.mark.browser

STORY = next(p for p in PAGES if p.name == "story")

# Widest element edge past the viewport, and the computed size of body text.
MEASURE = """() => {
  const width = document.documentElement.clientWidth;
  const overflowing = [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > width + 1)
    .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
  return {
    scrollWidth: document.documentElement.scrollWidth,
    width,
    overflowing,
    bodyFontPx: parseFloat(
      getComputedStyle(document.querySelector('.story-body p:not(.dateline)')).fontSize),
  };
}"""


def open_at(browser, url, *, width, scale=1):
    # bypass_csp: the checks add their own style sheets (tests/browser/conftest.py).
    context = browser.new_context(
        viewport={"width": width, "height": 800}, device_scale_factor=scale, bypass_csp=True
    )
    page = context.new_page()
    page.goto(url)
    return context, page


# WCAG 1.4.12: a reader's style sheet may widen spacing up to these values without loss.
TEXT_SPACING = """* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
                     word-spacing: 0.16em !important; }
                   p { margin-bottom: 2em !important; }"""


@pytest.mark.parametrize(
    ("width", "scale", "spacing"),
    [(360, 1, False), (320, 1, False), (640, 2, False), (320, 1, True)],
    ids=["phone-360", "reflow-320", "zoom-200", "text-spacing-320"],
)
def test_story_page_fits_narrow_and_zoomed_viewports(
    browser, live_server, browser_site, width, scale, spacing
):
    context, page = open_at(browser, live_server.url + STORY.url(), width=width, scale=scale)
    try:
        if spacing:
            page.add_style_tag(content=TEXT_SPACING)
        measured = page.evaluate(MEASURE)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        suffix = "-text-spacing" if spacing else ""
        page.screenshot(path=SCREENSHOTS / f"story-{width}-x{scale}{suffix}.png")
    finally:
        context.close()
    assert measured["scrollWidth"] <= measured["width"], measured
    assert measured["overflowing"] == [], measured
    assert measured["bodyFontPx"] >= 16


def test_skip_link_is_first_visible_on_focus_and_moves_focus_to_main(
    page, live_server, browser_site
):
    page.goto(live_server.url + STORY.url())
    page.keyboard.press("Tab")
    skip = page.evaluate(
        """() => {
          const el = document.activeElement, box = el.getBoundingClientRect();
          return {cls: el.className, text: el.textContent.trim(), top: box.top,
                  bottom: box.bottom, height: box.height};
        }"""
    )
    assert skip["cls"] == "skip-link" and skip["text"] == "Skip to content"
    assert skip["top"] >= 0 and skip["height"] > 0 and skip["bottom"] <= 800
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "skip-link-focused.png")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # The next Tab continues inside the story, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('main')")


def test_every_link_on_the_story_page_shows_a_focus_outline(page, live_server, browser_site):
    page.goto(live_server.url + STORY.url())
    links = page.evaluate("document.querySelectorAll('a[href], button, input, select').length")
    seen = []
    for _ in range(links):
        page.keyboard.press("Tab")
        seen.append(
            page.evaluate(
                """() => {
                  const el = document.activeElement, style = getComputedStyle(el);
                  return {el: el.outerHTML.slice(0, 80), outline: style.outlineStyle,
                          width: parseFloat(style.outlineWidth)};
                }"""
            )
        )
    invisible = [s for s in seen if s["outline"] == "none" or s["width"] < 2]
    assert len(seen) == links > 5
    assert invisible == []


@pytest.mark.parametrize("width", [390, 1280], ids=["phone", "desktop"])
@pytest.mark.parametrize(
    "page_type", [p for p in PAGES if p.screenshot], ids=[p.name for p in PAGES if p.screenshot]
)
def test_key_pages_fit_phone_and_desktop_and_are_captured(
    browser, live_server, browser_site, page_type, width
):
    context, page = open_at(browser, live_server.url + page_type.url(), width=width)
    try:
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{page_type.name}-{width}.png"
        page.screenshot(path=path, full_page=True)
    finally:
        context.close()
    assert scroll_width <= width
    assert path.stat().st_size > 10_000

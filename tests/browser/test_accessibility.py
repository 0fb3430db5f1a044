"""axe-core on every public page type, in Chromium, against the live server."""

import pytest

from tests.browser.pages import PAGES
from tests.browser.tools import AXE_JS

# The arranged fronts, the breaking banner and the preview: checked at phone widths too.
FRONTS = ("front", "section", "section-front-banner", "front-preview")

pytestmark = pytest.mark.browser

# WCAG 2.0, 2.1 and 2.2 at levels A and AA, plus axe's best practices, which carry the
# landmark, heading-order and page-has-heading-one rules the issue asks for.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]


def run_axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(results => results.violations)",
        AXE_TAGS,
    )


def describe(violations: list[dict]) -> str:
    """One block per rule: what is wrong, where, and axe's own advice."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            summary = " ".join(node["failureSummary"].split())
            lines.append(f"    at {' '.join(node['target'])}: {summary}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more elements")
        lines.append(f"    see {violation['helpUrl']}")
    return "\n".join(lines)


def record_problems(page) -> list[str]:
    """Script errors and failed or missing subresources (a stylesheet, an icon, a font)."""
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("requestfailed", lambda request: problems.append(f"not loaded: {request.url}"))
    page.on(
        "response",
        lambda response: (
            problems.append(f"{response.status}: {response.url}")
            if response.status >= 400 and response.request.resource_type != "document"
            else None
        ),
    )
    return problems


@pytest.mark.parametrize("page_type", PAGES, ids=[p.name for p in PAGES])
def test_page_type_loads_cleanly_with_no_axe_violations(
    page_type, page, live_server, browser_site, staff_cookie
):
    if page_type.staff:
        page.context.add_cookies([staff_cookie])
    problems = record_problems(page)
    response = page.goto(live_server.url + page_type.url())
    assert response.status == page_type.status
    assert problems == []
    violations = run_axe(page)
    if violations:
        pytest.fail(f"axe on the {page_type.name} page:\n{describe(violations)}")


def test_axe_catches_what_it_should(page, live_server, browser_site):
    """A guard on the check itself: an unlabelled image and grey-on-white text are reported."""
    page.goto(live_server.url + PAGES[0].url())
    page.evaluate(
        """() => document.querySelector('main').insertAdjacentHTML('beforeend',
          '<img src="/static/img/favicon.svg"><p style="color:#bbb">Faint text</p>')"""
    )
    assert {"image-alt", "color-contrast"} <= {v["id"] for v in run_axe(page)}


FRONT_PAGE_TYPES = [p for p in PAGES if p.name in FRONTS]


@pytest.mark.parametrize("width", [320, 360, 1280])
@pytest.mark.parametrize("page_type", FRONT_PAGE_TYPES, ids=[p.name for p in FRONT_PAGE_TYPES])
def test_fronts_pass_axe_without_sideways_scroll_at_every_width(
    page_type, browser, live_server, browser_site, staff_cookie, width
):
    context = browser.new_context(viewport={"width": width, "height": 800}, bypass_csp=True)
    if page_type.staff:
        context.add_cookies([staff_cookie])
    page = context.new_page()
    try:
        page.goto(live_server.url + page_type.url())
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        violations = run_axe(page)
    finally:
        context.close()
    assert scroll_width <= width
    if violations:
        pytest.fail(f"axe on the {page_type.name} page at {width} px:\n{describe(violations)}")

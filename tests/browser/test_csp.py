"""The Content-Security-Policy in a real browser: every public page type, the admin story
form and the workflow page load with no violation, and an injected script is refused."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.browser.pages import PAGES
from tests.conftest import SEED_SLUG

pytestmark = pytest.mark.browser

# Collects every violation the page reports, from before its first script runs.
COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
    `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`
));
"""


@pytest.fixture
def strict_page(browser, live_server):
    """A page that honours the site's policy (the shared `page` fixture bypasses it)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(live_server.url) else route.abort()
        ),
    )
    page = context.new_page()
    page.add_init_script(COLLECT_VIOLATIONS)
    messages: list[str] = []
    page.on(
        "console",
        lambda m: messages.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.csp_console = messages
    yield page
    context.close()


def violations(page) -> list[str]:
    page.wait_for_load_state("load")
    return [*page.evaluate("window.__cspViolations"), *page.csp_console]


@pytest.mark.parametrize("page_type", PAGES, ids=[p.name for p in PAGES])
def test_public_page_types_load_with_no_csp_violation(
    page_type, strict_page, live_server, browser_site
):
    response = strict_page.goto(live_server.url + page_type.url())
    assert response.status == page_type.status
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert violations(strict_page) == []


def log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.mark.parametrize("url_name", ["admin:stories_story_change", "admin:stories_story_workflow"])
def test_the_admin_story_form_and_workflow_page_run_with_no_csp_violation(
    strict_page, live_server, browser_site, url_name
):
    from stories.models import Story
    from tests.factories import UserFactory

    # A superuser: the live server's database is flushed, groups and all, between tests.
    editor = UserFactory(username="chief", is_superuser=True)
    story = Story.objects.get(slug=SEED_SLUG)
    log_in(strict_page, live_server, editor)
    errors: list[str] = []
    strict_page.on("pageerror", lambda error: errors.append(str(error)))
    response = strict_page.goto(live_server.url + reverse(url_name, args=[story.pk]))
    assert response.status == 200
    assert "/admin/login/" not in strict_page.url
    assert violations(strict_page) == []
    assert errors == []
    if url_name == "admin:stories_story_change":
        # The admin's own scripts ran: the date-time shortcuts exist only through them.
        assert strict_page.locator(".datetimeshortcuts").count() > 0


def test_an_injected_inline_script_is_refused_and_reported(strict_page, live_server, browser_site):
    """A guard on the check itself."""
    strict_page.goto(live_server.url + reverse("front_page"))
    strict_page.evaluate(
        """() => { const s = document.createElement('script');
                   s.textContent = 'window.__ran = true'; document.body.append(s); }"""
    )
    assert strict_page.evaluate("window.__ran === undefined")
    assert any("script-src" in v for v in violations(strict_page))


def test_the_media_library_picker_runs_with_no_csp_violation(
    strict_page, live_server, browser_site
):
    from tests.factories import ImageFactory, UserFactory

    image = ImageFactory()
    log_in(strict_page, live_server, UserFactory(username="chief", is_superuser=True))
    errors: list[str] = []
    strict_page.on("pageerror", lambda error: errors.append(str(error)))
    response = strict_page.goto(live_server.url + reverse("admin:media_image_pick"))
    assert response.status == 200
    assert strict_page.locator(f"#picker-image-{image.pk} img").count() == 1
    assert violations(strict_page) == []
    assert errors == []

from datetime import timedelta

import pytest
from django.conf import settings

from tests.browser.pages import ANALYSIS_SLUG, AUTHOR_SLUG, PAGED_SECTION_SLUG
from tests.browser.tools import CHROMIUM, CHROMIUM_ARGS, missing_tools


@pytest.fixture(scope="session", autouse=True)
def _browser_tools():
    # Session scope runs this before the browser is launched, and one place of skipping
    # folds every skipped check into one line of the summary with the reason.
    missing = missing_tools()
    if missing:
        pytest.skip(f"browser checks need {', '.join(missing)}: run `make browser-deps`")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread, which Django takes
    # for async code and refuses the ORM to. The tests' ORM calls are synchronous, so
    # lift that check only while a browser module runs (module scope keeps it contained).
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    # bypass_csp: axe and the checks inject their own scripts, which the site's
    # Content-Security-Policy would rightly refuse; tests/browser/test_csp.py checks the
    # policy itself in contexts of its own.
    context = browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=True)
    # Only the live server is reachable: nothing from outside may slip into a page.
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(("http://localhost", "http://127.0.0.1"))
            else route.abort()
        ),
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def browser_site(seed):
    """The seed story, a bylined analysis with a rich body, and a section long enough to page.

    Between them every template part a reader can meet is on some page type: the lead
    card, the kind label, several bylines with roles, headings, lists, quotes and links in
    a body, related stories, tags and pagination.
    """
    from stories.models import Byline, Story
    from tests.factories import AuthorFactory, SectionFactory, StoryFactory

    author = AuthorFactory(
        name="Maya Ortiz",
        slug=AUTHOR_SLUG,
        job_title="City Hall reporter",
        bio="Maya Ortiz covers City Hall and the Los Angeles City Council.",
    )
    analysis = StoryFactory(
        headline="Council delays the vote on the homelessness budget",
        slug=ANALYSIS_SLUG,
        dek="Members asked for a week to read the auditor’s report.",
        kind=Story.Kind.ANALYSIS,
        section=seed.section,
        tags=["Homelessness", "City Hall"],
        authors=[author],
        body=(
            "<p>The council put off Tuesday’s vote by a week.</p>"
            "<h2>What the auditor found</h2>"
            "<ul><li>Contracts without targets</li><li>Late payments to shelters</li></ul>"
            "<blockquote><p>We need to read it first.</p></blockquote>"
            '<p>Read <a href="https://example.org/audit">the audit</a>.</p>'
        ),
    )
    Byline.objects.create(
        story=analysis,
        author=AuthorFactory(name="Luis Park"),
        role=Byline.Role.PHOTOGRAPHER,
        position=1,
    )
    city_hall = SectionFactory(name="City Hall", slug=PAGED_SECTION_SLUG)
    # Older than the seed, so the front page still leads with the stories above.
    start = seed.published_at - timedelta(days=30)
    for day in range(settings.NEWSROOM_STORIES_PER_PAGE + 1):
        StoryFactory(section=city_hall, published_at=start - timedelta(days=day))
    return seed

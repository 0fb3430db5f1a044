import pytest

from tests.browser.pages import AUTHOR_SLUG
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
    context = browser.new_context(viewport={"width": 1280, "height": 800})
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
    """The seed story plus a bylined story, so every page type has something to show."""
    from tests.factories import AuthorFactory, StoryFactory

    author = AuthorFactory(name="Maya Ortiz", slug=AUTHOR_SLUG, job_title="City Hall reporter")
    StoryFactory(
        headline="Council delays the vote on the homelessness budget",
        dek="Members asked for a week to read the auditor’s report.",
        section=seed.section,
        tags=["Homelessness", "City Hall"],
        authors=[author],
    )
    return seed

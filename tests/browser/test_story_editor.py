"""The story form in Chromium: writing in the rich-text editor, conflicts between two
editors, autosave and the leave-page warning, axe, and the screenshot in docs/."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from stories import publishing
from stories.models import Story
from stories.sanitize import clean_body
from tests.browser.test_accessibility import AXE_TAGS, describe, record_problems
from tests.browser.tools import AXE_JS, SCREENSHOTS
from tests.factories import SectionFactory, StoryFactory, UserFactory

pytestmark = pytest.mark.browser

# Written on every run; docs/img/story-editor.png is a copy, reduced to 64 colours.
SCREENSHOT = SCREENSHOTS / "story-editor.png"


def log_in(page, live_server, user):
    """Give `page`'s browser context the session cookie of `user`."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def open_form(page, live_server, url):
    page.goto(live_server.url + url)
    # The editor starts asynchronously (an ES module); the form is ready once it has.
    page.wait_for_selector(".prose-editor [contenteditable=true]")
    return page.locator(".prose-editor [contenteditable=true]")


def change_url(story):
    return reverse("admin:stories_story_change", args=[story.pk])


def editor_user(username, first_name):
    # Superusers: a transactional test before may have flushed the groups the migrations
    # made, and roles are not what these tests are about.
    return UserFactory(username=username, first_name=first_name, is_staff=True, is_superuser=True)


@pytest.mark.django_db(transaction=True)
def test_a_reporter_writes_a_story_through_a_validation_error_and_it_is_published(
    page, live_server
):
    import importlib

    from django.contrib.auth.models import Group, Permission

    # A transactional test may follow others that flushed the groups the data migration
    # made (permissions come back after a flush; groups do not): give the role back.
    roles = importlib.import_module("stories.migrations.0002_editorial_groups")
    reporters, _ = Group.objects.get_or_create(name="Reporters")
    for app_label, codename in roles.REPORTER_PERMISSIONS:
        reporters.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    reporter = UserFactory(username="rita", first_name="Rita", groups=["Reporters"])
    log_in(page, live_server, reporter)
    problems = record_problems(page)
    body = open_form(page, live_server, reverse("admin:stories_story_add"))

    page.fill("#id_slug", "budget-vote-tuesday")
    page.fill("#id_dek", "The council votes on Tuesday.")
    body.click()
    page.keyboard.type("The council ")
    page.keyboard.press("Control+b")
    page.keyboard.type("passed")
    page.keyboard.press("Control+b")
    page.keyboard.type(" the budget, says the ")
    # A link: select the words, then the toolbar's link button and its dialog.
    page.keyboard.type("city clerk")
    for _ in "city clerk":
        page.keyboard.press("Shift+ArrowLeft")
    page.click(".prose-menubar__button[data-name=link]")
    dialog = page.locator("dialog[open]")
    dialog.locator("input").first.fill("https://example.org/clerk")
    dialog.locator(
        "button[type=submit], button:has-text('Update'), button:has-text('OK')"
    ).first.click()
    page.keyboard.press("End")
    page.keyboard.type(".")
    page.keyboard.press("Enter")
    page.click(".prose-menubar__button[data-name=bulletList]")
    page.keyboard.type("Twelve for")
    page.keyboard.press("Enter")
    page.keyboard.type("Three against")
    page.click("input[name=_continue]")

    # Refused (no headline yet): nothing typed is lost.
    page.wait_for_selector(".errornote")
    assert "This field is required." in page.content()
    body = page.locator(".prose-editor [contenteditable=true]")
    page.wait_for_selector(".prose-editor [contenteditable=true] li")
    written = page.eval_on_selector("#id_body", "textarea => textarea.value")
    assert "<strong>passed</strong>" in written
    assert 'href="https://example.org/clerk"' in written
    assert "<li><p>Twelve for</p></li><li><p>Three against</p></li>" in written
    assert page.input_value("#id_dek") == "The council votes on Tuesday."

    page.fill("#id_headline", "Budget vote")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success, .messagelist .info")
    story = Story.objects.get(slug="budget-vote-tuesday")
    # Everything the editor wrote survives the sanitizer unchanged (rel aside, which the
    # sanitizer puts last).
    assert clean_body(written) == story.body
    assert problems == []

    editor = editor_user("ed", "Ed")
    # The desk files it before it goes live (the pre-publish checks ask for these).
    story.section = SectionFactory(name="Politics")
    story.credit = "Newsroom"
    story.save(update_fields=["section", "credit"])
    publishing.publish(story=story, user=editor, override_reason="Tags come later.")
    page.goto(live_server.url + story.get_absolute_url())
    article = page.locator("article").inner_html()
    assert "<strong>passed</strong>" in article
    assert 'href="https://example.org/clerk"' in article
    assert "Three against" in page.locator("article li").last.inner_text()


@pytest.mark.django_db
def test_two_editors_conflicting_edits_keep_both_changes(browser, live_server):
    story = StoryFactory(dek="Old dek.", body="<p>Old body.</p>")
    pages = []
    for username, name in [("ana", "Ana"), ("ben", "Ben")]:
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        log_in(page, live_server, editor_user(username, name))
        pages.append(page)
    ana, ben = pages
    open_form(ana, live_server, change_url(story))
    ben_body = open_form(ben, live_server, change_url(story))

    ana.fill("#id_dek", "Ana's dek.")
    ana.click("input[name=_continue]")
    ana.wait_for_selector(".messagelist .success")

    ben_body.click()
    ben.keyboard.press("Control+a")
    ben.keyboard.type("Ben's body.")
    ben.click("input[name=_continue]")
    ben.wait_for_selector(".story-conflict")
    assert "Saving again keeps their changes to: dek" in ben.content()
    ben.wait_for_selector(".prose-editor [contenteditable=true]")
    ben.click("input[name=_continue]")
    ben.wait_for_selector(".messagelist .success")

    story.refresh_from_db()
    assert story.dek == "Ana's dek."
    assert story.body == "<p>Ben's body.</p>"
    for page in pages:
        page.context.close()


@pytest.mark.django_db
def test_unsaved_changes_warn_on_leaving_and_can_be_restored(page, live_server):
    editor = editor_user("ed", "Ed")
    story = StoryFactory(dek="Old dek.")
    log_in(page, live_server, editor)
    open_form(page, live_server, change_url(story))
    # Typed with the mouse and keyboard: Chromium asks before leaving only after a real
    # user gesture on the page.
    page.click("#id_dek")
    page.keyboard.press("Control+a")
    page.keyboard.type("Half-written dek.")
    page.wait_for_function("Object.keys(localStorage).some(k => k.startsWith('newsroom:story:'))")
    # Leaving asks first; the editor stays ("dismiss").
    with page.expect_event("dialog") as asked:
        page.close(run_before_unload=True)
    assert asked.value.type == "beforeunload"
    asked.value.dismiss()
    assert not page.is_closed()

    # The tab crashes (closed without asking); opening the story again offers the text back.
    page.close()
    again = page.context.new_page()
    open_form(again, live_server, change_url(story))
    again.wait_for_selector("#story-autosave:not([hidden])")
    assert again.input_value("#id_dek") == "Old dek."
    again.click("#story-autosave [data-restore]")
    assert again.input_value("#id_dek") == "Half-written dek."
    again.click("input[name=_continue]")
    again.wait_for_selector(".messagelist .success")
    assert Story.objects.get(pk=story.pk).dek == "Half-written dek."
    # Saved: nothing is offered any more. The page forgets the saved text when its editor
    # module starts, which may be after the server's message is on screen (CI saw the
    # check run first), so wait for it; a page that never forgets times the wait out.
    again.wait_for_function(
        "!Object.keys(localStorage).some(k => k.startsWith('newsroom:story:'))", timeout=5000
    )
    again.reload()
    again.wait_for_selector(".prose-editor [contenteditable=true]")
    assert again.locator("#story-autosave").is_hidden()


def axe_violations(page):
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(results => results.violations)",
        AXE_TAGS,
    )


@pytest.mark.django_db
def test_a_new_story_form_with_new_rows_and_a_choice_passes_axe(page, live_server, seed):
    # A new story, a row added to each inline and a choice made in an autocomplete box:
    # the controls select2 and the inlines build after the page has loaded are named too.
    log_in(page, live_server, editor_user("ed", "Ed"))
    open_form(page, live_server, reverse("admin:stories_story_add"))
    for inline in ("bylines", "quotes"):
        page.locator(f"#{inline}-group .add-row a").click()
    page.locator("#id_races + .select2").click()
    page.locator(".select2-results__option").first.click()
    violations = axe_violations(page)
    if violations:
        pytest.fail(f"axe on the new story form:\n{describe(violations)}")


@pytest.mark.django_db
def test_the_story_form_passes_axe_and_is_pictured_in_the_docs(page, live_server, seed):
    editor = editor_user("ed", "Ed")
    log_in(page, live_server, editor)
    problems = record_problems(page)
    open_form(page, live_server, change_url(seed))
    assert problems == []
    assert "words · " in page.inner_text("#body-count")
    # The whole form, Django's own widgets included: the inline tables, select2's boxes
    # and the split date fields are named by stories/admin/a11y.py and static/js/admin/a11y.js.
    violations = axe_violations(page)
    if violations:
        pytest.fail(f"axe on the story form:\n{describe(violations)}")
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1000, "height": 700})
    page.locator(".form-row.field-body").scroll_into_view_if_needed()
    box = page.locator(".form-row.field-body").bounding_box()
    page.screenshot(
        path=str(SCREENSHOT),
        full_page=True,
        clip={
            "x": box["x"],
            "y": box["y"] + page.evaluate("window.scrollY"),
            "width": box["width"],
            "height": 480,
        },
    )

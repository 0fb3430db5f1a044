"""The story form as an editor meets it every day: the editor widget, word counts, saves
that change nothing, typed line endings, help texts."""

import pytest
from django.urls import reverse
from reversion.models import Version

from stories.admin.editor import editor_allowlist, reading_label, same_body, word_count
from stories.models import Story
from stories.sanitize import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_CLASSES,
    ALLOWED_TAGS,
    ALLOWED_URL_SCHEMES,
    clean_body,
    clean_body_with_report,
)
from tests.admin_forms import form_data
from tests.factories import StoryFactory


def change_url(story):
    return reverse("admin:stories_story_change", args=[story.pk])


@pytest.mark.django_db
def test_the_body_is_edited_in_the_rich_text_editor_served_by_us(editor_client):
    story = StoryFactory()
    page = editor_client.get(change_url(story)).content.decode()
    assert "data-django-prose-editor-configurable" in page
    assert "/static/django_prose_editor/editor.js" in page
    assert "/static/js/admin/story-editor.js" in page
    assert "//cdn" not in page and "https://" not in page.split("<body")[0]


def test_word_count_and_reading_time_count_what_readers_read():
    body = "<p>Three <strong>short</strong> words.</p><ul><li>and&nbsp;two</li></ul>"
    assert word_count(body) == 5
    assert reading_label(5) == "5 words · 1 min read"
    assert reading_label(401) == "401 words · 3 min read"
    assert reading_label(1) == "1 word · 1 min read"


@pytest.mark.django_db
def test_the_form_shows_the_word_count_beside_the_body(editor_client):
    story = StoryFactory(body="<p>" + "word " * 450 + "</p>")
    page = editor_client.get(change_url(story)).content.decode()
    assert '<p class="help" id="body-count" aria-live="polite">450 words · 3 min read</p>' in page


@pytest.mark.django_db
def test_a_save_that_changes_nothing_records_no_revision_and_no_change(editor_client):
    story = StoryFactory()
    opened = form_data(editor_client.get(change_url(story)))
    revisions_before = Version.objects.get_for_object(story).count()
    # The editor re-serialises the body: blocks on one line, a link's rel before its href.
    response = editor_client.post(change_url(story), opened, follow=True)
    assert "Nothing was changed, so nothing was saved." in response.content.decode()
    assert Version.objects.get_for_object(story).count() == revisions_before
    assert Story.objects.get(pk=story.pk).version == story.version


@pytest.mark.django_db
def test_a_body_that_differs_only_in_block_whitespace_is_kept_byte_for_byte(editor_client, seed):
    stored = Story.objects.get(pk=seed.pk).body
    assert "</p>\n<p>" in stored
    opened = form_data(editor_client.get(change_url(seed)))
    as_the_editor_writes = stored.replace("</p>\n<p>", "</p><p>")
    response = editor_client.post(change_url(seed), {**opened, "body": as_the_editor_writes})
    assert response.status_code == 302
    assert Story.objects.get(pk=seed.pk).body == stored


@pytest.mark.django_db
def test_line_endings_are_normalised_where_they_are_typed(editor_client):
    story = StoryFactory(dek="One line.\nAnother.")
    opened = form_data(editor_client.get(change_url(story)))
    revisions_before = Version.objects.get_for_object(story).count()
    # What a browser posts for the same textarea: CRLF.
    editor_client.post(change_url(story), {**opened, "dek": "One line.\r\nAnother."})
    assert Version.objects.get_for_object(story).count() == revisions_before
    editor_client.post(change_url(story), {**opened, "dek": "One line.\r\nChanged."})
    assert Story.objects.get(pk=story.pk).dek == "One line.\nChanged."


@pytest.mark.django_db
def test_help_texts_render_literally(editor_client):
    page = editor_client.get(reverse("admin:stories_story_add")).content.decode()
    assert "/stories/&lt;slug&gt;/" in page


def test_the_editor_offers_exactly_what_the_sanitizer_keeps():
    allowed = editor_allowlist()
    # <b> and <i> are kept as what the editor reads as bold and italic (pasted, imported).
    assert allowed["tags"] == ALLOWED_TAGS - {"b", "i"}
    assert allowed["url_schemes"] == ALLOWED_URL_SCHEMES
    # rel is the sanitizer's to set; an ordered list's start/type the editor never writes
    # unless told to (the toolbar has no list-properties button); an image's data-file only
    # when a picker hands one over (the library's picker does not).
    unwritten = {"rel", "start", "type", "data-type", "data-file"}
    for tag, attributes in allowed["attributes"].items():
        # A figure's class is kept when it is one the editor writes (ALLOWED_CLASSES).
        kept = ALLOWED_ATTRIBUTES.get(tag, set()) | ({"class"} if tag in ALLOWED_CLASSES else set())
        assert attributes - unwritten <= kept, tag


# What the editor writes for each thing its toolbar offers (ProseMirror's serialisation).
EDITOR_OUTPUT = (
    "<h2>Heading</h2><h3>Sub</h3><h4>Minor</h4>"
    "<p>Plain, <strong>bold</strong>, <em>italic</em>, <strong><em>both</em></strong>,"
    '<br>a break and <a rel="noopener noreferrer" href="https://example.org/a?b=1&amp;c=2">'
    'a link</a> and <a rel="noopener noreferrer" href="mailto:desk@example.org">mail</a>.</p>'
    "<ul><li><p>One</p></li><li><p>Two</p><ol><li><p>Nested</p></li></ol></li></ul>"
    "<blockquote><p>A quote &amp; “curly” ‘quotes’.</p></blockquote>"
    # A figure from the library, as the browser test saw the editor write it.
    '<figure class="figure"><img src="/media/images/2026/12/AVHWnXHSVeIGZrrg7Lz8lg.jpg" '
    'alt="Bass at a rally" width="1600" height="900"><figcaption class="figure-caption">'
    "Bass at the rally (Jane Doe / KABC)</figcaption></figure>"
)


def test_everything_the_editor_writes_survives_sanitizing():
    cleaned = clean_body(EDITOR_OUTPUT)
    # Only the link's attribute order differs (the sanitizer writes rel last).
    assert cleaned == EDITOR_OUTPUT.replace(
        '<a rel="noopener noreferrer" href="https://example.org/a?b=1&amp;c=2">',
        '<a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer">',
    ).replace(
        '<a rel="noopener noreferrer" href="mailto:desk@example.org">',
        '<a href="mailto:desk@example.org" rel="noopener noreferrer">',
    )
    assert same_body(EDITOR_OUTPUT, cleaned)
    assert clean_body_with_report(EDITOR_OUTPUT)[1] == ""


@pytest.mark.django_db
def test_saving_tells_the_editor_what_sanitizing_removed(editor_client):
    story = StoryFactory()
    opened = form_data(editor_client.get(change_url(story)))
    pasted = (
        '<p style="color:red">Hi<script>a()</script><script>b()</script>'
        '<span class="MsoNormal">there</span></p>'
    )
    response = editor_client.post(change_url(story), {**opened, "body": pasted}, follow=True)
    page = response.content.decode()
    assert (
        "2 script elements, 1 span element, 1 class attribute and 1 inline style were removed"
        in page
    )
    assert Story.objects.get(pk=story.pk).body == "<p>Hithere</p>"


@pytest.mark.django_db
def test_a_clean_save_says_nothing_was_removed(editor_client):
    story = StoryFactory()
    opened = form_data(editor_client.get(change_url(story)))
    response = editor_client.post(change_url(story), {**opened, "body": "<p>New.</p>"}, follow=True)
    assert "were removed" not in response.content.decode()
    assert "was removed" not in response.content.decode()


@pytest.mark.django_db
def test_history_labels_each_revision_with_who_when_and_what_changed(editor_client, editor):
    story = StoryFactory()
    opened = form_data(editor_client.get(change_url(story)))
    editor_client.post(change_url(story), {**opened, "dek": "A new dek."})
    page = editor_client.get(
        reverse("admin:stories_story_history", args=[story.pk])
    ).content.decode()
    assert f"— {editor.get_username()} — Changed Dek.</option>" in page


def test_markup_the_editor_does_not_offer_keeps_its_text_and_loses_its_tags():
    pasted = "<h5>Minor</h5><p><u>Under</u>, <mark>marked</mark> and <abbr>LAPD</abbr>.</p><hr>"
    cleaned, report = clean_body_with_report(pasted)
    assert cleaned == "Minor<p>Under, marked and LAPD.</p>"
    assert (
        report
        == "1 abbr element, 1 h5 element, 1 hr element, 1 mark element and 1 u element were removed"
    )

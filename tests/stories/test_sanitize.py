import json
from io import StringIO

import pytest
import reversion
from django.core.management import call_command
from reversion.models import Version

from stories import publishing
from stories.models import Story, StoryProposal
from stories.sanitize import clean_body
from tests.factories import StoryFactory, UserFactory

DIRTY = '<p onmouseover="x()">Hi<script>bad()</script> <a href="javascript:bad()">there</a></p>'
CLEAN = '<p>Hi <a rel="noopener noreferrer">there</a></p>'


@pytest.mark.parametrize(
    ("dirty", "forbidden"),
    [
        ("<p>Hi</p><script>alert('x')</script>", "alert("),
        ('<p onclick="steal()">Hi</p>', "onclick"),
        ('<a href="javascript:steal()">link</a>', "javascript:"),
        ('<a href="JaVaScRiPt:steal()">link</a>', "steal()"),
        ('<img src="x" onerror="steal()">', "onerror"),
        ("<iframe src='https://evil.example'></iframe>", "iframe"),
        ("<style>body{display:none}</style><p>x</p>", "display:none"),
        ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "data:"),
    ],
)
def test_sanitizer_removes_executable_content(dirty, forbidden):
    """Scripts, event handlers and javascript:/data: links never survive sanitizing."""
    assert forbidden.lower() not in clean_body(dirty).lower()


def test_sanitizer_keeps_the_editorial_allow_list():
    """Paragraphs, headings, emphasis, lists, quotes and ordinary links are kept."""
    html = (
        '<h2>Sub</h2><p>A <strong>bold</strong> <em>claim</em> and a <a href="https://example.org/">'
        'link</a> or <a href="mailto:tips@newsroom.test">mail</a>.</p><ul><li>one</li></ul>'
        "<blockquote><p>Quoted</p></blockquote>"
    )
    cleaned = clean_body(html)
    for fragment in ["<h2>Sub</h2>", "<strong>bold</strong>", "<em>claim</em>", "<li>one</li>",
                     'href="https://example.org/"', 'href="mailto:tips@newsroom.test"',
                     "<blockquote>"]:  # fmt: skip
        assert fragment in cleaned


@pytest.mark.django_db
def test_story_body_is_sanitized_on_every_write_path():
    """save() and bulk_create() both store the cleaned body."""
    saved = StoryFactory(body='<p onmouseover="x()">Hi<script>bad()</script></p>')
    [bulk] = Story.objects.bulk_create(
        [Story(headline="B", slug="b", body='<a href="javascript:bad()">x</a>')]
    )
    saved.refresh_from_db()
    assert saved.body == "<p>Hi</p>"
    assert "javascript" not in Story.objects.get(pk=bulk.pk).body


def test_the_sanitizer_is_idempotent():
    """Every write path may clean a body again without changing it."""
    assert clean_body(DIRTY) == CLEAN
    assert clean_body(clean_body(DIRTY)) == CLEAN


def import_body(tmp_path, body: str, version: str) -> Story:
    item = {"uri": "urn:test:dirty", "type": "text", "version": version, "headline": "Dirty"}
    path = tmp_path / f"{version}.json"
    path.write_text(json.dumps({**item, "body_html": body}), "utf-8")
    call_command("import_story", str(path), stdout=StringIO(), stderr=StringIO())
    return Story.objects.get(import_key="urn:test:dirty")


@pytest.mark.django_db
def test_the_importers_bulk_create_and_bulk_update_store_sanitized_bodies(tmp_path):
    """bulk_update skips the model's save path: the importer's batch path sanitizes itself."""
    assert import_body(tmp_path, DIRTY, "1").body == CLEAN  # bulk_create
    assert import_body(tmp_path, DIRTY + "<p>More</p>", "2").body == CLEAN + "<p>More</p>"


@pytest.mark.django_db
def test_an_applied_proposal_stores_a_sanitized_body(editor, reporter):
    story = StoryFactory(body="<p>Old.</p>", created_by=reporter)
    proposal = publishing.propose_change(story=story, user=reporter, fields={"body": DIRTY})
    assert StoryProposal.objects.get(pk=proposal.pk).body == CLEAN
    publishing.apply_proposal(proposal=proposal, user=editor)
    story.refresh_from_db()
    assert story.body == CLEAN


@pytest.mark.django_db
def test_restoring_a_revision_with_unsanitized_html_stores_it_sanitized():
    """A revision recorded under an older, looser allow-list cannot bring markup back.

    django-reversion reverts with raw saves, which skip the model's save path.
    """
    editor = UserFactory(is_superuser=True, is_staff=True)
    story = StoryFactory(body="<p>First.</p>")
    with reversion.create_revision():
        reversion.add_to_revision(story)
    version = Version.objects.get_for_object(story).get()
    data = json.loads(version.serialized_data)
    data[0]["fields"]["body"] = DIRTY
    Version.objects.filter(pk=version.pk).update(serialized_data=json.dumps(data))
    version.refresh_from_db()

    publishing.restore_revision(story=story, version=version, user=editor)

    story.refresh_from_db()
    assert story.body == CLEAN


@pytest.mark.django_db
def test_story_page_never_serves_a_script(client):
    """Even a body typed with a script renders to readers without it."""
    story = StoryFactory(body="<p>Fine</p><script>document.cookie</script>")
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert b"document.cookie" not in response.content
    assert b"<p>Fine</p>" in response.content


@pytest.mark.django_db
def test_editor_typed_headline_is_escaped(client):
    story = StoryFactory(headline="<img src=x onerror=alert(1)> Council")
    response = client.get(story.get_absolute_url())
    assert b"<img src=x" not in response.content
    assert b"&lt;img src=x onerror=alert(1)&gt; Council" in response.content

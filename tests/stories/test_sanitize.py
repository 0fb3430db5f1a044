import pytest

from stories.models import Story
from stories.sanitize import clean_body
from tests.factories import StoryFactory


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

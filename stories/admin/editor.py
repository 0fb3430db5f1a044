"""The story body's rich-text editor (django-prose-editor: ProseMirror/Tiptap).

The editor offers a subset of what stories.sanitize keeps, so whatever it produces is
stored unchanged; the sanitizer stays the authority on every write path (pasted HTML,
imports, a forged post). tests/stories/test_editor.py holds the two in step.
"""

import re

from django import forms
from django_prose_editor.config import allowlist_from_extensions
from django_prose_editor.widgets import AdminProseEditorWidget

from ..sanitize import clean_html

# Paragraphs, headings h2 to h4, bold, italic, links, bulleted and numbered lists and block quotes:
# what a news story needs. Headline is the page's h1, so the body starts at h2.
EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    # Targets and rel are the site's business (the sanitizer adds rel on every link).
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
}


def editor_allowlist() -> dict:
    """Tags and attributes the editor can produce, as django-prose-editor derives them."""
    return allowlist_from_extensions(EXTENSIONS)


class BodyEditorWidget(AdminProseEditorWidget):
    """The rich-text editor on the story form, labelled for screen readers."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"rows": 20, **(attrs or {})},
            config={"extensions": EXTENSIONS},
            preset="configurable",
        )


def normalise_line_endings(text: str) -> str:
    """Browsers post textarea lines ending in CRLF; stored text ends lines in LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class TypedTextField(forms.CharField):
    """Text an editor types: line endings normalised once, here, where input enters."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_line_endings(value) if value else value


_BETWEEN_BLOCKS = re.compile(r">\s+<(?=/?(?:p|h[1-6]|ul|ol|li|blockquote)\b)")


def same_body(a: str, b: str) -> bool:
    """Whether two bodies store the same: compared as sanitized, block whitespace aside.

    The editor writes "<p>…</p><p>…</p>" where an import stored "<p>…</p>\\n<p>…</p>", and
    puts a link's rel before its href where the sanitizer puts it after: opening such a
    story and saving it is no change.
    """
    return _canonical(a) == _canonical(b)


def _canonical(body: str) -> str:
    return _BETWEEN_BLOCKS.sub("><", clean_html(body or "")).strip()


class BodyField(TypedTextField):
    """The body: the rich-text editor, and no change when only block whitespace differs."""

    widget = BodyEditorWidget

    def has_changed(self, initial, data):
        return not same_body(initial or "", self.to_python(data) or "")

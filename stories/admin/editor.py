"""The story body's rich-text editor (django-prose-editor: ProseMirror/Tiptap).

The editor offers a subset of what stories.sanitize keeps, so whatever it produces is
stored unchanged; the sanitizer stays the authority on every write path (pasted HTML,
imports, a forged post). tests/stories/test_editor.py holds the two in step.
"""

import math
import re

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_prose_editor.config import allowlist_from_extensions
from django_prose_editor.widgets import AdminProseEditorWidget

from ..plaintext import plain_text
from ..sanitize import clean_body

# Paragraphs, headings h2 to h4, bold, italic, links, lists and block quotes:
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
    # A figure: an image chosen from the media library (media/picker.py), its alt text
    # and a caption. The sanitizer keeps only images whose address is a library file.
    "Figure": {"pickerUrl": reverse_lazy("admin:media_image_pick")},
    "Caption": True,
    "Image": True,
}


def editor_allowlist() -> dict:
    """Tags and attributes the editor can produce, as django-prose-editor derives them."""
    return allowlist_from_extensions(EXTENSIONS)


# An adult reads news copy at about this many words a minute; the count rounds up.
WORDS_PER_MINUTE = 200


def word_count(body: str) -> int:
    """Words a reader reads in the body (tags and entities do not count)."""
    return len(plain_text(body).split())


def reading_label(words: int) -> str:
    minutes = max(1, math.ceil(words / WORDS_PER_MINUTE))
    return ngettext("%(n)d word", "%(n)d words", words) % {"n": words} + _(" · %(m)d min read") % {
        "m": minutes
    }


class BodyEditorWidget(AdminProseEditorWidget):
    """The rich-text editor on the story form, with the body's word count and reading time.

    The count is rendered here so it is right without JavaScript; static/js/admin/
    story-editor.js keeps it current while the editor types.
    """

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"rows": 20, **(attrs or {})},
            config={"extensions": EXTENSIONS},
            preset="configurable",
        )

    def render(self, name, value, attrs=None, renderer=None):
        editor = super().render(name, value, attrs, renderer)
        try:
            label = reading_label(word_count(value or ""))
        except ValidationError:
            # A refused body (too long or too deep) comes back with its error; no count.
            label = _("The body is too large to count.")
        # One block for the editor and its count, as wide as a column of copy.
        return format_html(
            '<div class="story-body" style="flex:1 1 auto;max-width:48rem">{}'
            '<p class="help" id="body-count" aria-live="polite">{}</p></div>',
            editor,
            label,
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
    return _BETWEEN_BLOCKS.sub("><", clean_body(body or "")).strip()


class BodyField(TypedTextField):
    """The body: the rich-text editor, and no change when only block whitespace differs."""

    widget = BodyEditorWidget

    def has_changed(self, initial, data):
        try:
            return not same_body(initial or "", self.to_python(data) or "")
        except ValidationError:
            # Too large or too deep to sanitize: changed, and clean() says why to the editor.
            return True

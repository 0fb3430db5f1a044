"""Plain-text views of stored HTML, for checks that compare what the reader reads."""

import html
import re

from .sanitize import clean_body

_BLOCK_TAG = re.compile(r"</?(?:p|br|h[1-6]|ul|ol|li|blockquote|hr)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
# Editors type straight quotes; copy pasted from a word processor carries curly ones.
# Both read the same to a reader, so a quote check must treat them alike.
_TYPOGRAPHIC = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\u00a0": " "})


def normalise(text: str) -> str:
    """`text` with typographic quotes made straight and every run of whitespace one space."""
    return _SPACE.sub(" ", text.translate(_TYPOGRAPHIC)).strip()


def plain_text(body_html: str) -> str:
    """What a reader reads in `body_html`: tags removed, entities decoded, whitespace normalised.

    The body is sanitized first, exactly as it will be stored, so an unsaved admin
    form is checked against the text readers will actually get.
    """
    # Block-level tags become spaces, so "</p><p>" never glues two words together;
    # inline ones vanish, so "<em>not</em>," still reads "not,".
    text = _TAG.sub("", _BLOCK_TAG.sub(" ", clean_body(body_html)))
    return normalise(html.unescape(text))

"""The one allow-list for editor-typed rich text.

Story bodies arrive from the admin, from imports and from wire services; all of them
pass through `clean_body` before they are stored, so templates can render the stored
HTML as it is.
"""

import re
from collections import Counter
from html.parser import HTMLParser

import nh3
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "h5", "h6",
    "strong", "b", "em", "i", "u", "s", "sub", "sup", "small", "mark",
    "a", "ul", "ol", "li", "blockquote", "q", "cite", "abbr", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "q": {"cite"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

# Bounds checked before the HTML parser sees a body. The parser's work grows with the
# square of nesting depth (a 440 KB body of nested <div>s took 10 s) and with length; the
# longest real story is under 100 KB and nests a dozen deep. Within both bounds the worst
# body we found sanitizes in well under a second (bench/hostile_inputs.py).
MAX_HTML_CHARACTERS = 150_000
MAX_HTML_DEPTH = 100
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(/?)>")
# Elements that never hold content, or whose end tag HTML lets writers leave out: they do
# not nest when unclosed, so they do not count towards the depth.
_NOT_NESTING = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "thead", "tbody",
    "tfoot", "colgroup", "caption", "rp", "rt", "optgroup",
}  # fmt: skip


class HTMLTooComplexError(ValidationError):
    """A body over the size or nesting bounds: refused, with a message an editor can act on."""


def check_html_bounds(html: str) -> None:
    """Refuse HTML too long or nested too deep to sanitize quickly; linear in its length."""
    if len(html) > MAX_HTML_CHARACTERS:
        raise HTMLTooComplexError(
            _("The text is %(length)s characters of HTML; the limit is %(limit)s."),
            code="html_too_long",
            params={"length": f"{len(html):,}", "limit": f"{MAX_HTML_CHARACTERS:,}"},
        )
    depth = deepest = 0
    for closing, name, self_closing in _TAG.findall(html):
        if name.lower() in _NOT_NESTING or self_closing:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        deepest = max(deepest, depth)
        if deepest > MAX_HTML_DEPTH:
            raise HTMLTooComplexError(
                _(
                    "The text nests HTML elements more than %(limit)s deep (unclosed tags "
                    "count as nested); simplify its formatting."
                ),
                code="html_too_deep",
                params={"limit": MAX_HTML_DEPTH},
            )


def clean_body(html: str) -> str:
    """Return `html` with every tag, attribute and URL scheme outside the allow-list removed.

    Script and style elements are dropped with their content; links keep only
    http, https and mailto targets and get rel="noopener noreferrer". Raises
    HTMLTooComplexError, before any parsing, for HTML outside the bounds above.
    """
    if not html:
        return ""
    check_html_bounds(html)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        clean_content_tags={"script", "style"},
        link_rel="noopener noreferrer",
    ).strip()


class _Census(HTMLParser):
    """How many of each element and each attribute a piece of HTML holds."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: Counter[str] = Counter()
        self.attributes: Counter[str] = Counter()
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements[tag] += 1
        for name, _value in attrs:
            # The sanitizer sets every link's rel itself: a changed rel is not a removal.
            if not (tag == "a" and name == "rel"):
                self.attributes[name] += 1

    handle_startendtag = handle_starttag


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def clean_body_with_report(html: str) -> tuple[str, str]:
    """`clean_body(html)`, and one sentence saying what it removed ("" when nothing).

    "2 script elements and 1 inline style were removed": the story form shows it, so an
    editor never loses pasted markup silently.
    """
    cleaned = clean_body(html)
    before, after = _Census(html or ""), _Census(cleaned)
    removed = []
    for tag, count in sorted((before.elements - after.elements).items()):
        removed.append(_plural(count, f"{tag} element", f"{tag} elements"))
    for name, count in sorted((before.attributes - after.attributes).items()):
        if name == "style":
            removed.append(_plural(count, "inline style", "inline styles"))
        else:
            removed.append(_plural(count, f"{name} attribute", f"{name} attributes"))
    if not removed:
        return cleaned, ""
    listed = removed[0] if len(removed) == 1 else f"{', '.join(removed[:-1])} and {removed[-1]}"
    verb = "was" if len(removed) == 1 and removed[0].startswith("1 ") else "were"
    return cleaned, f"{listed} {verb} removed"

"""The one allow-list for editor-typed rich text.

Story bodies arrive from the admin, from imports and from wire services; all of them
pass through `clean_body` before they are stored, so templates can render the stored
HTML as it is.
"""

from collections import Counter
from html.parser import HTMLParser

import nh3

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


def clean_body(html: str) -> str:
    """Return `html` with every tag, attribute and URL scheme outside the allow-list removed.

    Script and style elements are dropped with their content; links keep only
    http, https and mailto targets and get rel="noopener noreferrer".
    """
    if not html:
        return ""
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

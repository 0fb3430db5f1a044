"""The one allow-list for editor-typed rich text.

Story bodies arrive from the admin, from imports and from wire services; all of them
pass through `clean_body` before they are stored, so templates can render the stored
HTML as it is.
"""

import re
from collections import Counter
from html.parser import HTMLParser

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Exactly what the body editor offers (stories/admin/editor.py: EXTENSIONS), plus <b> and
# <i>, which the editor reads as bold and italic when they are pasted or imported. Other
# markup keeps its text and loses its tags; clean_body_with_report says what went.
ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i",
    "a", "ul", "ol", "li", "blockquote", "figure", "figcaption", "img",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
}
# The classes the editor's figure writes; any other class is dropped.
ALLOWED_CLASSES = {"figure": {"figure"}, "figcaption": {"figure-caption"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
# Images in a body come from the media library, served by us: an <img> pointing anywhere
# else (a tracking pixel, a hotlinked photo, a data: URL) is dropped with its source.
LIBRARY_FOLDER = "images/"

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
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        attribute_filter=_library_images_only,
        url_schemes=ALLOWED_URL_SCHEMES,
        clean_content_tags={"script", "style"},
        link_rel="noopener noreferrer",
    )
    # nh3 drops a refused address but keeps the element: an image with nothing to show.
    return IMG_TAG.sub(_without_empty_image, cleaned).strip()


# nh3 writes every attribute as name="value" with any quote inside escaped, so an image
# tag is matched attribute by attribute (a value may hold ">", as in alt="2 > 1").
IMG_TAG = re.compile(r'<img((?:\s+[a-zA-Z-]+="[^"]*")*)\s*/?>')


def _without_empty_image(match: re.Match) -> str:
    return match.group(0) if ' src="' in match.group(1) else ""


def library_image_url(src: str) -> bool:
    """Whether an image address is a file of the media library, on this site."""
    prefix = settings.MEDIA_URL + LIBRARY_FOLDER
    return src.startswith(prefix) and ".." not in src and "?" not in src


def _library_images_only(element: str, attribute: str, value: str) -> str | None:
    if element == "img" and attribute == "src" and not library_image_url(value):
        return None
    if element == "img" and attribute in ("width", "height") and not value.isdigit():
        return None
    return value


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
    lost_images = (before.elements - after.elements).pop("img", 0)
    for tag, count in sorted((before.elements - after.elements).items()):
        if tag != "img":
            removed.append(_plural(count, f"{tag} element", f"{tag} elements"))
    if lost_images:
        removed.append(
            _plural(
                lost_images, "image not from the media library", "images not from the media library"
            )
        )
    for name, count in sorted((before.attributes - after.attributes).items()):
        if lost_images and name in ("src", "alt", "width", "height"):
            continue  # counted with their images
        if name == "style":
            removed.append(_plural(count, "inline style", "inline styles"))
        else:
            removed.append(_plural(count, f"{name} attribute", f"{name} attributes"))
    if not removed:
        return cleaned, ""
    listed = removed[0] if len(removed) == 1 else f"{', '.join(removed[:-1])} and {removed[-1]}"
    verb = "was" if len(removed) == 1 and removed[0].startswith("1 ") else "were"
    return cleaned, f"{listed} {verb} removed"

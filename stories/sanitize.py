"""The one allow-list for editor-typed rich text.

Story bodies arrive from the admin, from imports and from wire services; all of them
pass through `clean_body` before they are stored, so templates can render the stored
HTML as it is.
"""

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

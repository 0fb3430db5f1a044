"""Tag slugs for names in any script: Unicode kept, never empty, never colliding.

taggit slugifies with allow_unicode, so "東京" gets the slug "東京" and "Москва" "москва":
readable in every script, and the tag URLs accept them (`<tagslug:slug>`; browsers and
sitemaps carry them percent-encoded). A name with no letter or digit at all ("!!!", "…")
would get an empty slug, and every page linking to it would fail: it gets "tag-" and a
hash of its name instead, unique because tag names are.
"""

import hashlib
import re

from django.urls import register_converter
from django.utils.text import slugify

# Word characters in any script, and hyphens: what slugify(allow_unicode=True) produces.
TAG_SLUG_PATTERN = r"[-\w]+"
# taggit appends "_1", "_2" when a slug is taken.
_COLLISION_SUFFIX = re.compile(r"_\d+$")
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")


class TagSlugConverter:
    regex = TAG_SLUG_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(TagSlugConverter, "tagslug")


def fallback_slug(name: str) -> str:
    digest = hashlib.sha256(name.casefold().encode()).hexdigest()[:10]
    return f"tag-{digest}"


def usable_slug(name: str, slug: str) -> str:
    """`slug` if it has a letter or digit, else one made from the name's hash."""
    suffix_match = _COLLISION_SUFFIX.search(slug)
    suffix = suffix_match.group(0) if suffix_match else ""
    stem = slug.removesuffix(suffix)
    if _LETTER_OR_DIGIT.search(stem):
        return slug
    return fallback_slug(name) + suffix


def tag_slug(name: str) -> str:
    """The slug a new tag named `name` gets, as taggit would make it, never empty."""
    return usable_slug(name, slugify(name, allow_unicode=True))


def ensure_usable_tag_slug(sender, instance, raw=False, **kwargs):
    """pre_save of taggit's Tag: every write path (admin, imports, `tags.add`) ends here."""
    if not raw:
        instance.slug = usable_slug(instance.name, instance.slug or "")

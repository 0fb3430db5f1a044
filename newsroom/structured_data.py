"""schema.org JSON-LD for search engines and aggregators, built as Python data.

Templates never assemble JSON: they call the `{% story_jsonld %}`-style tags in
newsroom_tags, which serialize these dicts with `to_jsonld()`.
"""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from sources.models import Source
from stories.models import Story

ARTICLE_TYPES = {
    Story.Kind.NEWS: "ReportageNewsArticle",
    Story.Kind.ANALYSIS: "AnalysisNewsArticle",
    Story.Kind.OPINION: "OpinionNewsArticle",
    Story.Kind.REVIEW: "ReviewNewsArticle",
    Story.Kind.EXPLAINER: "BackgroundNewsArticle",
}

# As Django's json_script: inside <script>, "<", ">" and "&" become JSON escapes, so a
# headline containing "</script>" or "<!--" stays a string and cannot end the element.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def to_jsonld(data: dict) -> SafeString:
    """A complete <script type="application/ld+json"> element, safe for any string in `data`."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=None)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_SCRIPT_ESCAPES)),  # noqa: S308 - escaped just above
    )


def iso(moment) -> str | None:
    """ISO 8601 with the newsroom's UTC offset, e.g. 2022-08-02T12:00:00-07:00.

    None (a draft seen in preview has no publication time) stays None.
    """
    return timezone.localtime(moment).isoformat() if moment else None


def absolute(request, url: str) -> str:
    return request.build_absolute_uri(url)


def organization(request, *, full: bool = False) -> dict:
    """The newsroom as a NewsMediaOrganization; `full` adds its policies (the front page)."""
    data = {
        "@type": "NewsMediaOrganization",
        "name": settings.NEWSROOM_NAME,
        "url": absolute(request, reverse("front_page")),
        "logo": {"@type": "ImageObject", "url": absolute(request, static("img/favicon.svg"))},
    }
    if full:
        data = {
            "@context": "https://schema.org",
            **data,
            "description": settings.NEWSROOM_TAGLINE,
            "publishingPrinciples": absolute(request, settings.NEWSROOM_PUBLISHING_PRINCIPLES_URL),
            "correctionsPolicy": absolute(request, settings.NEWSROOM_CORRECTIONS_POLICY_URL),
        }
    return data


def news_article(story: Story, request, *, images: list[str] = ()) -> dict:
    """NewsArticle (or its kind-specific subtype) for a published story.

    Expects the story fetched with `with_card_relations()`: bylines and tags come from the
    prefetch, not from new queries.
    """
    url = absolute(request, story.get_absolute_url())
    authors = [
        {
            "@type": "Person",
            "name": byline.author.name,
            "url": absolute(request, byline.author.get_absolute_url()),
        }
        for byline in story.bylines.all()
    ]
    if not authors:
        # No byline: the organisation that reported it is the author, as printed.
        authors = [{"@type": "Organization", "name": story.credit or settings.NEWSROOM_NAME}]
    data = {
        "@context": "https://schema.org",
        "@type": ARTICLE_TYPES.get(story.kind, "NewsArticle"),
        # What search engines show: the SEO title and description when the desk wrote them.
        "headline": story.search_title,
        "description": story.search_description,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": iso(story.published_at),
        "dateModified": iso(story.modified_at),
        "author": authors,
        "publisher": organization(request),
        "inLanguage": settings.NEWSROOM_LANGUAGE,
        "isAccessibleForFree": True,
        "keywords": [tag.name for tag in story.tags.all()],
    }
    corrections = [
        {
            "@type": "CorrectionComment",
            "text": f"{correction.get_kind_display()}: {correction.text}",
            "datePublished": iso(correction.created_at),
        }
        for correction in story.corrections.all()
    ]
    if corrections:
        data["correction"] = corrections
    if story.search_title != story.headline:
        data["alternativeHeadline"] = story.headline
    if story.section:
        data["articleSection"] = story.section.name
    if story.dateline_display:
        data["dateline"] = story.dateline_display
    if images:
        data["image"] = [absolute(request, image) for image in images]
    return data


def source_entity(source: Source, request) -> dict:
    """A public source as a schema.org Person or Organization: public fields only."""
    data = {
        "@context": "https://schema.org",
        "@type": "Organization" if source.kind == Source.Kind.ORGANISATION else "Person",
        "name": source.name,
        "url": absolute(request, source.get_absolute_url()),
    }
    if source.title:
        data["jobTitle" if source.kind == Source.Kind.PERSON else "description"] = source.title
    if source.bio:
        data["description"] = source.bio
    if source.website:
        data["sameAs"] = [source.website]
    affiliation = source.public_affiliation
    if affiliation is not None:
        data["affiliation" if source.kind == Source.Kind.PERSON else "parentOrganization"] = {
            "@type": "Organization",
            "name": affiliation.name,
            "url": absolute(request, affiliation.get_absolute_url()),
        }
    return data

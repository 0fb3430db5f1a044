"""Template tags for the public site's <head>: JSON-LD, absolute URLs."""

from django import template

from media.images import picture_for
from newsroom import structured_data

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    """The absolute form of a site-relative URL, for OpenGraph tags and feeds."""
    return context["request"].build_absolute_uri(url)


@register.simple_tag(takes_context=True)
def story_jsonld(context, story, picture=None):
    images = [picture.src] if picture else []
    return structured_data.to_jsonld(
        structured_data.news_article(story, context["request"], images=images)
    )


@register.simple_tag(takes_context=True)
def organization_jsonld(context):
    return structured_data.to_jsonld(structured_data.organization(context["request"], full=True))


@register.simple_tag(takes_context=True)
def source_jsonld(context, source):
    return structured_data.to_jsonld(structured_data.source_entity(source, context["request"]))


@register.inclusion_tag("includes/picture.html")
def responsive_picture(image, *, alt, sizes="100vw", loading="lazy", css_class=""):
    """<picture> with WebP and JPEG srcsets, intrinsic width/height and lazy loading.

    `loading="eager"` is for the one image at the top of a page (a story's lead image):
    it is also fetched with high priority.
    """
    return {
        "picture": picture_for(image),
        "alt": alt,
        "sizes": sizes,
        "loading": loading,
        "css_class": css_class,
    }


@register.simple_tag
def picture_data(image):
    """The Picture for an image, for templates that need its URL (OpenGraph, JSON-LD)."""
    return picture_for(image)

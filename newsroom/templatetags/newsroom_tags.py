"""Template tags for the public site: JSON-LD, absolute URLs, pictures, relative times."""

from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from media.renditions import picture_for
from newsroom import structured_data
from stories.figures import responsive_figures

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    """The absolute form of a site-relative URL, for OpenGraph tags and feeds."""
    return context["request"].build_absolute_uri(url)


@register.simple_tag(takes_context=True)
def story_jsonld(context, story, picture=None):
    # Google asks for the picture in several shapes: the link preview (1.91:1, cut around
    # the focal point) first where there is one, then the whole picture.
    images = []
    if picture:
        images = [picture.card.src, picture.src] if picture.card else [picture.src]
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


@register.filter
def story_body(body):
    """A stored story body for the page: sanitized when it was saved (stories.sanitize),
    with its library images as responsive <picture>s (stories.figures)."""
    return mark_safe(responsive_figures(body or ""))  # noqa: S308 - sanitized when saved


@register.simple_tag
def picture_data(image):
    """The Picture for an image, for templates that need its URL (OpenGraph, JSON-LD)."""
    return picture_for(image)


# How far back "… ago" reads naturally; older stories show their date.
RELATIVE_UNTIL = timedelta(days=7)


@register.filter
def ago(moment, now):
    """ "just now", "5 minutes ago", "2 hours ago", "3 days ago", then the date.

    `now` is the request's clock (the `now` context variable), never read here: the page
    renders one instant throughout, and tests freeze it.
    """
    if not moment:
        return ""
    if not now:
        return date_format(timezone.localtime(moment), "N j, Y")
    seconds = (now - moment).total_seconds()
    if seconds < 60:
        return _("just now")
    if seconds < 3600:
        minutes = int(seconds // 60)
        return ngettext("%(n)d minute ago", "%(n)d minutes ago", minutes) % {"n": minutes}
    if seconds < 86400:
        hours = int(seconds // 3600)
        return ngettext("%(n)d hour ago", "%(n)d hours ago", hours) % {"n": hours}
    if now - moment < RELATIVE_UNTIL:
        days = int(seconds // 86400)
        return ngettext("%(n)d day ago", "%(n)d days ago", days) % {"n": days}
    return date_format(timezone.localtime(moment), "N j, Y")

"""What the story admin's extra pages share: finding the story and the page context."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from ..models import Story


def int_or_404(value) -> int:
    """A primary key from a URL or query string; anything else is a 404, not a 500."""
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("No such story or revision.") from None


def get_story(model_admin, request, object_id) -> Story:
    """The story named in the URL, if this user may at least view it."""
    story = get_object_or_404(Story, pk=int_or_404(unquote(object_id)))
    if not model_admin.has_view_or_change_permission(request, story):
        raise PermissionDenied
    return story


def page_context(model_admin, request, obj, title, **extra) -> dict:
    """The admin's usual context (site header, breadcrumbs) for one story's extra page."""
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "original": obj,
        "title": title,
        **extra,
    }

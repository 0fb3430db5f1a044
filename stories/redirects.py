"""Permanent redirects: a renamed story, section, tag or author keeps answering at its old address.

The admin records one whenever a public object's slug changes (record_rename); the public
views fall back to redirect_for() before answering 404. A redirect points at the object,
so every old address leads to the current one, however often it is renamed.
"""

from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse

from .models import Redirect, Story, public_tags
from .models.redirects import TARGETS


def public_url(obj) -> str:
    """The address readers use for a story, section, author or tag."""
    if obj._meta.model_name == "tag":
        return reverse("stories:tag", kwargs={"slug": obj.slug})
    return obj.get_absolute_url()


def _kind(obj) -> str:
    return {"story": "story", "section": "section", "tag": "tag", "author": "author"}[
        obj._meta.model_name
    ]


def record_rename(*, obj, old_path: str, user=None) -> Redirect | None:
    """Make `old_path` answer 301 to `obj`'s current address (no-op if it did not move)."""
    kind = _kind(obj)
    new_path = public_url(obj)
    # The object lives at this address again: a redirect from it would loop.
    Redirect.objects.filter(old_path=new_path, **{kind: obj}).delete()
    if old_path == new_path:
        return None
    targets = dict.fromkeys(TARGETS) | {kind: obj}
    redirect, _ = Redirect.objects.update_or_create(
        old_path=old_path, defaults={**targets, "created_by": user}
    )
    return redirect


def redirect_for(path: str) -> str | None:
    """Where `path` lives now, if it is an old address of something readers may see."""
    redirect = Redirect.objects.select_related(*TARGETS).filter(old_path=path).first()
    if redirect is None:
        return None
    target = redirect.target
    if isinstance(target, Story) and not target.is_live():
        return None  # a withdrawn or scheduled story stays "not found" at every address
    if redirect.tag_id and not public_tags().filter(pk=redirect.tag_id).exists():
        return None  # a tag used only on drafts must not be confirmed to exist
    return public_url(target)


class FollowsRedirects:
    """For public views: answer an old address with a 301 instead of a 404."""

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            url = redirect_for(request.path)
            if url is None:
                raise
            return HttpResponsePermanentRedirect(url)

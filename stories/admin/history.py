"""A story's revisions: the first one recorded, comparing two, restoring one."""

import reversion
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from .. import publishing, revisions
from ..models import Story
from .pages import get_story, int_or_404, page_context

TEMPLATE = "admin/stories/story/revision_compare.html"


def record_first_revision(story: Story) -> None:
    """Record a story that has no revision yet (loaded from a fixture or an import).

    Recorded as the editor opens it, so a later conflict or diff has a base to compare with.
    """
    if Version.objects.get_for_object(story).exists():
        return
    with reversion.create_revision():
        reversion.add_to_revision(story)
        reversion.set_user(story.updated_by)
        reversion.set_comment(_("As it was before its first edit in the admin."))


def versions_of(story: Story):
    return Version.objects.get_for_object(story).select_related("revision__user")


def compare_view(model_admin, request, object_id):
    """A readable diff between two revisions (or a revision and the story as it is)."""
    story = get_story(model_admin, request, object_id)
    versions = versions_of(story)
    old = get_object_or_404(versions, pk=int_or_404(request.GET.get("from") or 0))
    new_id = request.GET.get("to")
    if new_id:
        new = get_object_or_404(versions, pk=int_or_404(new_id))
        new_snapshot, new_label = revisions.snapshot_of_revision(new), new.revision
    else:
        new_snapshot, new_label = revisions.snapshot_of_story(story), _("the story as it is now")
    context = page_context(
        model_admin,
        request,
        story,
        _("Changes to %(story)s") % {"story": story},
        old=old.revision,
        new=new_label,
        changes=revisions.diff(revisions.snapshot_of_revision(old), new_snapshot),
    )
    return TemplateResponse(request, TEMPLATE, context)


def revision_view(model_admin, request, object_id, version_id):
    """Show how an old revision differs from now and, for editors, restore it."""
    story = get_story(model_admin, request, object_id)
    version = get_object_or_404(versions_of(story), pk=version_id)
    if request.method == "POST":
        try:
            publishing.restore_revision(story=story, version=version, user=request.user)
        except ValidationError as error:
            model_admin.message_user(request, error.messages[0], messages.ERROR)
            return HttpResponseRedirect(request.path)
        model_admin.message_user(request, _("Revision restored; it is now the latest revision."))
        return redirect("admin:stories_story_change", story.pk)
    context = page_context(
        model_admin,
        request,
        story,
        _("Restore %(story)s") % {"story": story},
        old=version.revision,
        new=_("the story as it is now"),
        changes=revisions.diff(
            revisions.snapshot_of_revision(version), revisions.snapshot_of_story(story)
        ),
        can_restore=model_admin.has_restore_permission(request),
    )
    return TemplateResponse(request, TEMPLATE, context)

"""The story's workflow page and a reporter's proposal form.

Buttons are offered from stories.permissions.allowed_actions; every POST goes to the
stories.publishing function, which checks permission and state again, so a forged
request cannot do more than the buttons offer.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import publishing, revisions
from ..models import Story, StoryProposal
from ..permissions import allowed_actions
from ..preview_views import sign_preview
from .forms import ProposalForm, ScheduleForm
from .pages import get_story, page_context

# The workflow page's buttons (POSTed "action" values) and the services they call.
SERVICES = {
    "submit": publishing.submit_for_review,
    "publish": publishing.publish,
    "schedule": publishing.schedule,
    "unpublish": publishing.unpublish,
    "archive": publishing.archive,
    "draft": publishing.return_to_draft,
}
DECISIONS = {"apply": publishing.apply_proposal, "reject": publishing.reject_proposal}


def text_of(obj) -> dict[str, str]:
    """The reader-visible text of a story or a proposal, for a diff."""
    return {
        str(StoryProposal._meta.get_field(name).verbose_name): getattr(obj, name)
        for name in StoryProposal.TEXT_FIELDS
    }


def _done(model_admin, request, service, **kwargs):
    """Call a publishing service; tell the editor its refusal or "Done." and reload the page."""
    try:
        service(user=request.user, **kwargs)
    except ValidationError as error:
        model_admin.message_user(request, error.messages[0], messages.ERROR)
    else:
        model_admin.message_user(request, _("Done."), messages.SUCCESS)
    return HttpResponseRedirect(request.path)


def workflow_view(model_admin, request, object_id):
    """Submit, publish, schedule, unpublish, archive or send back one story."""
    story = get_story(model_admin, request, object_id)
    schedule_form = ScheduleForm(request.POST or None)
    if request.method != "POST":
        return _workflow_page(model_admin, request, story, schedule_form)
    if request.POST.get("proposal"):
        return _decide_proposal(model_admin, request, story)
    service = SERVICES.get(request.POST.get("action"))
    if service is None:
        raise PermissionDenied("Unknown workflow action.")
    kwargs = {}
    if service is publishing.schedule:
        if not schedule_form.is_valid():
            model_admin.message_user(request, schedule_form.errors.as_text(), messages.ERROR)
            return HttpResponseRedirect(request.path)
        kwargs["at"] = schedule_form.cleaned_data["at"]
    return _done(model_admin, request, service, story=story, **kwargs)


def _workflow_page(model_admin, request, story: Story, schedule_form):
    now = timezone.now()
    actions = allowed_actions(request.user, story, now=now)
    pending = story.proposals.filter(status=StoryProposal.Status.PENDING)
    context = page_context(
        model_admin,
        request,
        story,
        _("Workflow: %(story)s") % {"story": story},
        story=story,
        now=now,
        actions=actions,
        schedule_form=schedule_form,
        events=story.events.select_related("user")[:50],
        proposals=[
            (proposal, revisions.diff(text_of(story), text_of(proposal)))
            for proposal in pending.select_related("proposed_by")
        ],
        corrections=story.corrections.all(),
        share_url=request.build_absolute_uri(
            reverse("stories:shared_preview", args=[sign_preview(story)])
        )
        if "share" in actions
        else None,
    )
    return TemplateResponse(request, "admin/stories/story/workflow.html", context)


def _decide_proposal(model_admin, request, story: Story):
    proposal = get_object_or_404(story.proposals, pk=request.POST["proposal"])
    service = DECISIONS.get(request.POST.get("action"))
    if service is None:
        raise PermissionDenied("Unknown proposal decision.")
    return _done(model_admin, request, service, proposal=proposal)


def propose_view(model_admin, request, object_id):
    """A reporter's form for proposing new text for their own published story."""
    story = get_story(model_admin, request, object_id)
    if "propose" not in allowed_actions(request.user, story):
        raise PermissionDenied
    form = ProposalForm(
        request.POST or None,
        initial={name: getattr(story, name) for name in StoryProposal.TEXT_FIELDS},
    )
    if request.method == "POST" and form.is_valid():
        note = form.cleaned_data.pop("note")
        try:
            publishing.propose_change(
                story=story, user=request.user, fields=form.cleaned_data, note=note
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            model_admin.message_user(request, _("Your proposed change was sent to the editors."))
            return redirect("admin:stories_story_workflow", story.pk)
    title = _("Propose a change to %(story)s") % {"story": story}
    context = page_context(model_admin, request, story, title, form=form)
    return TemplateResponse(request, "admin/stories/story/propose.html", context)

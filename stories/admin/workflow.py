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
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import publishing, revisions, sharing
from ..checks import failing, prepublish_checks
from ..models import Story, StoryProposal
from ..permissions import allowed_actions
from ..state import format_moment
from .confirm import CONFIRMED_ACTIONS, consequences, result_message
from .forms import ProposalForm, ScheduleForm
from .pages import get_story, int_or_404, page_context

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


def _carry_out(model_admin, request, action, service, **kwargs):
    """Call a publishing service; tell the editor what happened (or why not), reload the page."""
    before = timezone.now()
    try:
        story = service(user=request.user, **kwargs)
    except ValidationError as error:
        model_admin.message_user(request, error.messages[0], messages.ERROR)
    else:
        story = story or kwargs.get("story") or kwargs["proposal"].story
        message = result_message(action, story, now=before)
        model_admin.message_user(request, message, messages.SUCCESS)
    return HttpResponseRedirect(request.path)


def workflow_view(model_admin, request, object_id):
    """Submit, publish, schedule, unpublish, archive or send back one story."""
    story = get_story(model_admin, request, object_id)
    schedule_form = ScheduleForm(request.POST or None)
    if request.method != "POST":
        return _workflow_page(model_admin, request, story, schedule_form)
    if request.POST.get("proposal"):
        return _decide_proposal(model_admin, request, story)
    if request.POST.get("action") in ("share", "revoke_share"):
        return _share_or_revoke(model_admin, request, story)
    action = request.POST.get("action")
    service = SERVICES.get(action)
    if service is None:
        raise PermissionDenied("Unknown workflow action.")
    kwargs = {}
    if service is publishing.schedule:
        if not schedule_form.is_valid():
            model_admin.message_user(request, schedule_form.errors.as_text(), messages.ERROR)
            return HttpResponseRedirect(request.path)
        kwargs["at"] = schedule_form.cleaned_data["at"]
    if action in CONFIRMED_ACTIONS and not request.POST.get("confirmed"):
        # One click only asks: the confirmation page says what will happen, then acts.
        return _confirmation_page(model_admin, request, story, action, **kwargs)
    if action in ("publish", "schedule"):
        kwargs["override_reason"] = request.POST.get("reason", "")
    return _carry_out(model_admin, request, action, service, story=story, **kwargs)


def _confirmation_page(model_admin, request, story: Story, action: str, at=None):
    now = timezone.now()
    if action not in allowed_actions(request.user, story, now=now):
        raise PermissionDenied(
            _(
                "You cannot %(action)s “%(story)s”: "
                "your role or the story's state does not allow it."
            )
            % {"action": action, "story": story}
        )
    checks = prepublish_checks(story) if action in ("publish", "schedule") else []
    failed = failing(checks)
    titles = {
        "publish": _("Publish “%(story)s” now?"),
        "schedule": _("Schedule “%(story)s”?"),
        "unpublish": _("Unpublish “%(story)s”?"),
        "archive": _("Archive “%(story)s”?"),
    }
    context = page_context(
        model_admin,
        request,
        story,
        titles[action] % {"story": story},
        story=story,
        action=action,
        consequences=consequences(action, story, now=now, at=at),
        checks=checks,
        blocked=any(check.required for check in failed),
        warnings=[check for check in failed if not check.required],
        schedule_fields={name: request.POST.get(name, "") for name in ("at_0", "at_1")}
        if at
        else {},
    )
    return TemplateResponse(request, "admin/stories/story/confirm_action.html", context)


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
        checks=prepublish_checks(story) if {"publish", "schedule"} & actions else [],
        schedule_form=schedule_form,
        events=story.events.select_related("user")[:50],
        proposals=[
            (proposal, revisions.diff(text_of(story), text_of(proposal)))
            for proposal in pending.select_related("proposed_by")
        ],
        corrections=story.corrections.all(),
        share_links=[
            (link, link.state(now), request.build_absolute_uri(link.get_absolute_url()))
            for link in story.share_links.select_related("created_by", "revoked_by")
        ]
        if "share" in actions
        else [],
    )
    return TemplateResponse(request, "admin/stories/story/workflow.html", context)


def share_links_out(user, story: Story | None, *, now) -> list:
    """The links that still open the story's preview, for the story form's note: only for
    whoever may share the story (the links are made and revoked on the Workflow page)."""
    if story is None or "share" not in allowed_actions(user, story, now=now):
        return []
    return list(
        story.share_links.active(now=now).select_related("created_by").order_by("expires_at")
    )


def _share_or_revoke(model_admin, request, story: Story):
    """Make a new share link for the story, or revoke one of its links."""
    try:
        if request.POST["action"] == "share":
            link = sharing.create_share_link(story=story, user=request.user)
            message = _(
                "Share link created: %(url)s — it works until %(expires)s unless revoked."
            ) % {
                "url": request.build_absolute_uri(link.get_absolute_url()),
                "expires": format_moment(link.expires_at),
            }
        else:
            link = get_object_or_404(story.share_links, pk=int_or_404(request.POST.get("link")))
            sharing.revoke_share_link(link=link, user=request.user)
            message = _("Share link revoked: it no longer opens the preview.")
    except ValidationError as error:
        model_admin.message_user(request, error.messages[0], messages.ERROR)
    else:
        model_admin.message_user(request, message, messages.SUCCESS)
    return HttpResponseRedirect(request.path)


def _decide_proposal(model_admin, request, story: Story):
    proposal = get_object_or_404(story.proposals, pk=request.POST["proposal"])
    service = DECISIONS.get(request.POST.get("action"))
    if service is None:
        raise PermissionDenied("Unknown proposal decision.")
    return _carry_out(model_admin, request, request.POST["action"], service, proposal=proposal)


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

"""The editorial workflow in the story admin: roles, actions, conflicts, revisions.

StoryAdmin mixes WorkflowAdminMixin in; every state change goes through
stories.publishing, which checks permissions again, so a forged request cannot
do more than the buttons offer.
"""

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from . import publishing, revisions
from .models import Correction, Story, StoryEvent, StoryProposal
from .workflow_views import sign_preview


def _int_or_404(value) -> int:
    """A primary key from a URL or query string; anything else is a 404, not a 500."""
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("No such story or revision.") from None


class StoryAdminForm(forms.ModelForm):
    """The story form, refusing to overwrite a story someone saved after it was opened."""

    class Meta:
        model = Story
        # The admin builds the field list from StoryAdmin.fieldsets.
        fields = ["version"]
        widgets = {"version": forms.HiddenInput}

    conflict = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "version" in self.fields:
            # A new story has nothing to conflict with; a change must say what it started from.
            self.fields["version"].required = self.instance.pk is not None

    def clean(self):
        cleaned = super().clean()
        expected = cleaned.get("version")
        if self.instance.pk is None or expected is None:
            return cleaned
        current = Story.objects.select_related("updated_by").filter(pk=self.instance.pk).first()
        if current is None or current.version == expected:
            # (None: recovering a deleted story, which has no row to conflict with.)
            return cleaned
        editor = current.updated_by
        who = (editor.get_full_name() or editor.get_username()) if editor else _("Someone")
        when = date_format(timezone.localtime(current.updated_at), "DATETIME_FORMAT")
        previous = revisions.version_with_number(current, expected)
        self.conflict = {
            "who": who,
            "when": when,
            "changes": revisions.diff(
                revisions.snapshot_of_revision(previous), revisions.snapshot_of_story(current)
            )
            if previous
            else None,
        }
        # The next save is a deliberate merge on top of their version: carry its number.
        self.data = self.data.copy()
        self.data["version"] = current.version
        raise ValidationError(
            _(
                "%(who)s changed this story at %(when)s, after you opened it. Your text is "
                "kept below; compare it with their changes, merge, and save again."
            ),
            code="edit_conflict",
            params={"who": who, "when": when},
        )


class WorkflowAdminMixin:
    form = StoryAdminForm
    change_form_template = "admin/stories/story/change_form.html"
    change_list_template = "admin/stories/story/change_list.html"
    object_history_template = "admin/stories/story/object_history.html"
    actions = ["submit_for_review_action", "publish_action", "schedule_action", "unpublish_action"]
    # Only the workflow page changes these: a form save must never publish.
    workflow_fields = ["status", "published_at"]

    # Permissions -----------------------------------------------------------------------

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or publishing.can_edit(request.user, obj)

    def has_publish_permission(self, request):
        return request.user.has_perm("stories.publish_story")

    def has_unpublish_permission(self, request):
        return request.user.has_perm("stories.unpublish_story")

    def has_restore_permission(self, request):
        return request.user.has_perm("stories.restore_story_revision")

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *self.workflow_fields]

    # Saving ------------------------------------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and self.is_forged(request, object_id):
            # The form never offers these fields: whoever posts them is bypassing it.
            raise PermissionDenied("Status and publication time change only through the workflow.")
        for _attempt in range(2):
            try:
                return super().changeform_view(request, object_id, form_url, extra_context)
            except publishing.EditConflict:
                # Someone saved between our form check and our UPDATE and everything was
                # rolled back; running again shows the conflict with the input kept.
                continue
        return super().changeform_view(request, object_id, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        story = Story.objects.filter(pk=_int_or_404(unquote(object_id))).first()
        if request.method == "GET" and story and not Version.objects.get_for_object(story):
            # Stories loaded from fixtures or imports have no revision yet; record the
            # state the editor is looking at, so a later conflict or diff has a base.
            with reversion.create_revision():
                reversion.add_to_revision(story)
                reversion.set_user(story.updated_by)
                reversion.set_comment(_("As it was before its first edit in the admin."))
        return super().change_view(request, object_id, form_url, extra_context)

    def is_forged(self, request, object_id) -> bool:
        """A POST that tries to set what the form only ever shows read-only."""
        if any(request.POST.get(f) for f in ["published_at", "published_at_0", "published_at_1"]):
            return True
        posted_status = request.POST.get("status")
        if not posted_status:
            return False
        if object_id is None:
            return posted_status != Story.Status.DRAFT
        current = Story.objects.filter(pk=unquote(object_id)).values_list("status", flat=True)
        return posted_status != current.first()

    def save_model(self, request, obj, form, change):
        if change:
            publishing.claim_version(story=obj, expected=form.cleaned_data["version"])
        super().save_model(request, obj, form, change)
        if request.resolver_match.url_name == "stories_story_recover":
            StoryEvent.objects.create(
                story=obj,
                headline=obj.headline,
                action=StoryEvent.Action.RESTORED,
                user=request.user,
                detail="Recovered after deletion.",
            )

    def delete_model(self, request, obj):
        publishing.delete_story(story=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for story in queryset:
            publishing.delete_story(story=story, user=request.user)

    def changelist_view(self, request, extra_context=None):
        # Skip VersionAdmin's revision around the whole change list: each workflow
        # action records its own revision per story, so restoring one never touches another.
        context = {"can_recover": self.has_restore_permission(request), **(extra_context or {})}
        return admin.ModelAdmin.changelist_view(self, request, context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["conflict"] = getattr(context.get("adminform").form, "conflict", None)
        context["now"] = timezone.now()
        return super().render_change_form(request, context, add, change, form_url, obj)

    # Actions -----------------------------------------------------------------------------

    def _run(self, request, queryset, service, done, **kwargs):
        succeeded = 0
        for story in queryset:
            try:
                service(story=story, user=request.user, **kwargs)
                succeeded += 1
            except (PermissionDenied, ValidationError) as error:
                message = error.messages[0] if isinstance(error, ValidationError) else str(error)
                self.message_user(request, message, messages.ERROR)
        if succeeded:
            self.message_user(
                request, f"{done}: {succeeded} stor{'y' if succeeded == 1 else 'ies'}."
            )

    @admin.action(description=_("Submit for review"), permissions=["change"])
    def submit_for_review_action(self, request, queryset):
        self._run(request, queryset, publishing.submit_for_review, _("Submitted for review"))

    @admin.action(description=_("Publish now"), permissions=["publish"])
    def publish_action(self, request, queryset):
        self._run(request, queryset, publishing.publish, _("Published"))

    @admin.action(description=_("Schedule…"), permissions=["publish"])
    def schedule_action(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose one story to schedule."), messages.WARNING)
            return None
        return redirect("admin:stories_story_workflow", queryset.get().pk)

    @admin.action(description=_("Unpublish"), permissions=["unpublish"])
    def unpublish_action(self, request, queryset):
        self._run(request, queryset, publishing.unpublish, _("Unpublished"))

    # Extra pages -------------------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/workflow/",
                view(self.workflow_view),
                name="stories_story_workflow",
            ),
            path(
                "<path:object_id>/propose/", view(self.propose_view), name="stories_story_propose"
            ),
            path(
                "<path:object_id>/history/compare/",
                view(self.compare_view),
                name="stories_story_compare",
            ),
            *super().get_urls(),
        ]

    def _story(self, request, object_id):
        story = get_object_or_404(Story, pk=_int_or_404(unquote(object_id)))
        if not self.has_view_or_change_permission(request, story):
            raise PermissionDenied
        return story

    def _context(self, request, obj, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": obj,
            "title": title,
            **extra,
        }

    def workflow_view(self, request, object_id):
        """Submit, publish, schedule, unpublish, archive or send back one story."""
        story = self._story(request, object_id)
        services = {
            "submit": publishing.submit_for_review,
            "publish": publishing.publish,
            "schedule": publishing.schedule,
            "unpublish": publishing.unpublish,
            "archive": publishing.archive,
            "draft": publishing.return_to_draft,
        }
        schedule_form = ScheduleForm(request.POST or None)
        if request.method == "POST" and request.POST.get("proposal"):
            return self._decide_proposal(request, story)
        if request.method == "POST":
            service = services.get(request.POST.get("action"))
            if service is None:
                raise PermissionDenied("Unknown workflow action.")
            kwargs = {}
            if service is publishing.schedule:
                if not schedule_form.is_valid():
                    self.message_user(request, schedule_form.errors.as_text(), messages.ERROR)
                    return HttpResponseRedirect(request.path)
                kwargs["at"] = schedule_form.cleaned_data["at"]
            try:
                service(story=story, user=request.user, **kwargs)
            except ValidationError as error:
                self.message_user(request, error.messages[0], messages.ERROR)
            else:
                self.message_user(request, _("Done."), messages.SUCCESS)
            return HttpResponseRedirect(request.path)
        user = request.user
        context = self._context(
            request,
            story,
            _("Workflow: %(story)s") % {"story": story},
            story=story,
            now=timezone.now(),
            schedule_form=schedule_form,
            can_edit=publishing.can_edit(user, story),
            can_publish=user.has_perm("stories.publish_story"),
            can_unpublish=user.has_perm("stories.unpublish_story"),
            can_send_back=user.has_perm("stories.edit_any_story"),
            can_correct=user.has_perm("stories.add_correction") and story.is_public,
            events=story.events.select_related("user")[:50],
            can_propose=publishing.can_propose(user, story),
            proposals=[
                (proposal, revisions.diff(text_of(story), text_of(proposal)))
                for proposal in story.proposals.filter(
                    status=StoryProposal.Status.PENDING
                ).select_related("proposed_by")
            ],
            corrections=story.corrections.all(),
            share_url=request.build_absolute_uri(
                reverse("stories:shared_preview", args=[sign_preview(story)])
            )
            if publishing.can_preview(user, story)
            else None,
        )
        return TemplateResponse(request, "admin/stories/story/workflow.html", context)

    def _decide_proposal(self, request, story):
        proposal = get_object_or_404(story.proposals, pk=request.POST["proposal"])
        service = {"apply": publishing.apply_proposal, "reject": publishing.reject_proposal}.get(
            request.POST.get("action")
        )
        if service is None:
            raise PermissionDenied("Unknown proposal decision.")
        try:
            service(proposal=proposal, user=request.user)
        except ValidationError as error:
            self.message_user(request, error.messages[0], messages.ERROR)
        else:
            self.message_user(request, _("Done."), messages.SUCCESS)
        return HttpResponseRedirect(request.path)

    def propose_view(self, request, object_id):
        """A reporter's form for proposing new text for their own published story."""
        story = self._story(request, object_id)
        if not publishing.can_propose(request.user, story):
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
                self.message_user(request, _("Your proposed change was sent to the editors."))
                return redirect("admin:stories_story_workflow", story.pk)
        context = self._context(
            request, story, _("Propose a change to %(story)s") % {"story": story}, form=form
        )
        return TemplateResponse(request, "admin/stories/story/propose.html", context)

    def compare_view(self, request, object_id):
        """A readable diff between two revisions (or a revision and the story as it is)."""
        story = self._story(request, object_id)
        versions = Version.objects.get_for_object(story).select_related("revision__user")
        old = get_object_or_404(versions, pk=_int_or_404(request.GET.get("from") or 0))
        new_id = request.GET.get("to")
        if new_id:
            new = get_object_or_404(versions, pk=_int_or_404(new_id))
            new_snapshot, new_label = revisions.snapshot_of_revision(new), new.revision
        else:
            new_snapshot, new_label = (
                revisions.snapshot_of_story(story),
                _("the story as it is now"),
            )
        context = self._context(
            request,
            story,
            _("Changes to %(story)s") % {"story": story},
            old=old.revision,
            new=new_label,
            changes=revisions.diff(revisions.snapshot_of_revision(old), new_snapshot),
        )
        return TemplateResponse(request, "admin/stories/story/revision_compare.html", context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Show how an old revision differs from now and, for editors, restore it."""
        story = self._story(request, object_id)
        version = get_object_or_404(
            Version.objects.get_for_object(story).select_related("revision__user"), pk=version_id
        )
        if request.method == "POST":
            try:
                publishing.restore_revision(story=story, version=version, user=request.user)
            except ValidationError as error:
                self.message_user(request, error.messages[0], messages.ERROR)
                return HttpResponseRedirect(request.path)
            self.message_user(request, _("Revision restored; it is now the latest revision."))
            return redirect("admin:stories_story_change", story.pk)
        context = self._context(
            request,
            story,
            _("Restore %(story)s") % {"story": story},
            old=version.revision,
            new=_("the story as it is now"),
            changes=revisions.diff(
                revisions.snapshot_of_revision(version), revisions.snapshot_of_story(story)
            ),
            can_restore=self.has_restore_permission(request),
        )
        return TemplateResponse(request, "admin/stories/story/revision_compare.html", context)

    def history_view(self, request, object_id, extra_context=None):
        story = self._story(request, object_id)
        versions = Version.objects.get_for_object(story).select_related("revision__user")
        context = {"versions": versions, **(extra_context or {})}
        return super().history_view(request, object_id, context)

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_restore_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_restore_permission(request):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    # Change list columns -----------------------------------------------------------------

    @admin.display(description=_("state"), ordering="status")
    def state(self, obj):
        now = timezone.now()
        label = obj.get_status_display()
        if obj.status == Story.Status.PUBLISHED and obj.published_at > now:
            label = _("Scheduled")
        if obj.embargo_until and obj.embargo_until > now:
            label = f"{label} · {_('embargoed')}"
        return label

    @admin.display(description=_("scheduled for"), ordering="published_at")
    def scheduled_for(self, obj):
        if obj.status != Story.Status.PUBLISHED:
            return None
        # A story that was live before is rescheduled by its embargo (publishing.schedule
        # keeps its first publication time), so readers see it at the later of the two.
        goes_live = max(filter(None, [obj.published_at, obj.embargo_until]))
        return goes_live if goes_live > timezone.now() else None

    @admin.display(description=_("last edited by"), ordering="updated_by__username")
    def with_whom(self, obj):
        return obj.updated_by


def text_of(obj) -> dict[str, str]:
    """The reader-visible text of a story or a proposal, for a diff."""
    return {
        str(StoryProposal._meta.get_field(name).verbose_name): getattr(obj, name)
        for name in StoryProposal.TEXT_FIELDS
    }


class ProposalForm(forms.ModelForm):
    class Meta:
        model = StoryProposal
        fields = [*StoryProposal.TEXT_FIELDS, "note"]


class ScheduleForm(forms.Form):
    at = forms.SplitDateTimeField(
        label=_("Publish at"), widget=admin.widgets.AdminSplitDateTime, required=True
    )


class CorrectionForm(forms.ModelForm):
    class Meta:
        model = Correction
        fields = ["story", "kind", "text"]

    def clean_story(self):
        story = self.cleaned_data["story"]
        if not story.is_public:
            raise ValidationError(
                _("Only a published story can be corrected; fix the draft instead.")
            )
        return story


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    form = CorrectionForm
    list_display = ["story", "kind", "created_at", "created_by"]
    list_filter = ["kind"]
    list_select_related = ["story", "created_by"]
    search_fields = ["text", "story__headline"]
    autocomplete_fields = ["story"]
    date_hierarchy = "created_at"

    def get_readonly_fields(self, request, obj=None):
        # A correction, once shown to readers, is itself part of the record.
        return ["story", "kind", "text", "created_at"] if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            return
        created = publishing.add_correction(
            story=obj.story, user=request.user, kind=obj.kind, text=obj.text
        )
        obj.pk, obj.created_at, obj.created_by = created.pk, created.created_at, created.created_by

    def get_changeform_initial_data(self, request):
        return {"story": request.GET.get("story")}


@admin.register(StoryEvent)
class StoryEventAdmin(admin.ModelAdmin):
    """The audit trail, read-only: nobody edits history."""

    list_display = ["at", "action", "headline", "user", "detail"]
    list_filter = ["action"]
    list_select_related = ["user"]
    search_fields = ["headline", "detail", "user__username"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

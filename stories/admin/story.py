"""The story admin: declarative options, and thin hooks into the workflow and history pages.

Every change of state goes through stories.publishing; which buttons and actions to offer
comes from stories.permissions. A form save only ever changes text and filing.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from js_asset.media import Media as EditorMedia
from reversion.admin import VersionAdmin

from media.chooser import ImageChooserMixin

from .. import publishing
from ..fields import SanitizedHTMLField
from ..fulltext import admin_story_search
from ..models import Story
from ..permissions import can_edit
from ..redirects import record_rename
from ..story_facts import shown_by, stories_changed
from . import history, presence, workflow
from .a11y import NamedControlsMixin
from .confirm import confirm_selected_page, result_message
from .editor import WORDS_PER_MINUTE, BodyEditorWidget, BodyField, TypedTextField
from .forms import StoryAdminForm
from .inlines import BylineInline, QuoteInline
from .layout import STORY_FIELDSETS
from .merge_rows import RowMergeMixin
from .pages import get_story, int_or_404
from .paginator import EstimatedCountPaginator
from .redirects import RedirectInline
from .story_list import StoryListColumns

# Only the workflow page changes these: a form save must never publish.
WORKFLOW_FIELDS = ["status", "published_at"]
FORGED_TIME_FIELDS = ["published_at", "published_at_0", "published_at_1"]
# Only editors set or lift an embargo: for anyone else the field is read-only, and a post
# carrying it is forged (a reporter clearing it would open the way to publication).
EMBARGO_FIELDS = ["embargo_until", "embargo_until_0", "embargo_until_1"]


@admin.register(Story)
class StoryAdmin(
    StoryListColumns, ImageChooserMixin, NamedControlsMixin, RowMergeMixin, VersionAdmin
):
    form = StoryAdminForm
    change_form_template = "admin/stories/story/change_form.html"
    change_list_template = "admin/stories/story/change_list.html"
    object_history_template = "admin/stories/story/object_history.html"
    actions = ["submit_for_review_action", "publish_action", "schedule_action", "unpublish_action"]
    list_display = [
        "headline",
        "section",
        "state",
        "scheduled_for",
        "published_at",
        "byline_names",
        "with_whom",
        "updated_at",
    ]
    list_filter = ["status", "section", "kind", "tags"]
    # The editor's name comes by a subquery (get_queryset): with a second join SQLite's
    # planner sorted all 100,000 stories for the last page instead of walking the index.
    list_select_related = ["section"]
    # Shows the search box; get_search_results() searches the full-text index instead of
    # these fields (headline, dek, body, tags, slug, bylines' and sources' names).
    search_fields = ["headline"]
    search_help_text = _("Words from the text, a slug, or the name of an author or source.")
    date_hierarchy = "published_at"
    # At 100,000 stories every count is a scan: estimate the unfiltered total, and never
    # count the whole table again beside a filtered list ("12 results (100,000 total)").
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    prepopulated_fields = {"slug": ["headline"]}
    formfield_overrides = {
        SanitizedHTMLField: {"form_class": BodyField, "widget": BodyEditorWidget},
        models.TextField: {"form_class": TypedTextField},
    }
    autocomplete_fields = ["section", "mentioned_sources", "races", "reported_endorsements"]
    inlines = [BylineInline, QuoteInline, RedirectInline]
    save_on_top = True
    readonly_fields = ["created_at", "created_by", "updated_at", "updated_by", *WORKFLOW_FIELDS]
    fieldsets = STORY_FIELDSETS

    def get_search_results(self, request, queryset, search_term):
        # Editors look stories up by who wrote them and whom they quote, not only by words.
        # Subqueries, not joins: no row appears twice, so no DISTINCT over the archive.
        return admin_story_search(queryset, search_term), False

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        if changelist.query:
            # The date drill-down runs min/max over the matches for every search; a search
            # narrows by itself.
            changelist.date_hierarchy = None
        return changelist

    def view_on_site(self, obj):
        # A story readers cannot see yet opens as its preview, not as a reader's 404.
        if obj.is_live():
            return obj.get_absolute_url()
        return reverse("stories:preview", args=[obj.pk])

    # Permissions -----------------------------------------------------------------------

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or can_edit(request.user, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if not request.user.has_perm("stories.publish_story"):
            return [*fields, "embargo_until"]
        return fields

    def has_publish_permission(self, request):
        return request.user.has_perm("stories.publish_story")

    def has_unpublish_permission(self, request):
        return request.user.has_perm("stories.unpublish_story")

    def has_restore_permission(self, request):
        return request.user.has_perm("stories.restore_story_revision")

    # Saving ------------------------------------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        refusal = self.forged(request, object_id) if request.method == "POST" else ""
        if refusal:
            # The form never offers these fields to this user: whoever posts them bypasses it.
            raise PermissionDenied(refusal)
        for _attempt in range(2):
            try:
                return super().changeform_view(request, object_id, form_url, extra_context)
            except publishing.EditConflict:
                # Someone saved between our form check and our UPDATE and everything was
                # rolled back; running again shows the conflict with the input kept.
                continue
        return super().changeform_view(request, object_id, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        story = Story.objects.filter(pk=int_or_404(unquote(object_id))).first()
        if request.method == "GET" and story:
            history.record_first_revision(story)
        return super().change_view(request, object_id, form_url, extra_context)

    def forged(self, request, object_id) -> str:
        """Why a POST is refused: it sets what the form only ever shows read-only ("" if not)."""
        workflow_only = _("Status and publication time change only through the workflow.")
        if any(request.POST.get(name) for name in FORGED_TIME_FIELDS):
            return workflow_only
        if not request.user.has_perm("stories.publish_story") and any(
            name in request.POST for name in EMBARGO_FIELDS
        ):
            return _("Only editors can set or lift an embargo.")
        posted_status = request.POST.get("status")
        if not posted_status:
            return ""
        if object_id is None:
            return workflow_only if posted_status != Story.Status.DRAFT else ""
        current = Story.objects.filter(pk=unquote(object_id)).values_list("status", flat=True)
        return workflow_only if posted_status != current.first() else ""

    def _create_formsets(self, request, obj, change):
        formsets, inline_instances = super()._create_formsets(request, obj, change)
        # save_model needs them to tell a save that changes nothing (Django passes it none).
        request.story_formsets = formsets
        return formsets, inline_instances

    def save_model(self, request, obj, form, change):
        # Who wrote it, and which version it replaces: never its status or publication time.
        recovering = request.resolver_match.url_name == "stories_story_recover"
        if (
            change
            and not recovering
            and not (form.has_changed() or any(f.has_changed() for f in request.story_formsets))
        ):
            # Nothing to save: no new version, no revision, no "Changed …" in the log.
            request.story_unchanged = True
            return
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        if change:
            publishing.claim_version(story=obj, expected=form.claims)
        # Readers may have the live story's address: a new slug leaves a 301 behind.
        before = Story.objects.filter(pk=obj.pk).first() if change else None
        renamed = before is not None and before.slug != obj.slug and before.is_live()
        super().save_model(request, obj, form, change)
        if renamed:
            record_rename(obj=obj, old_path=before.get_absolute_url(), user=request.user)
        if form.body_report:
            self.message_user(
                request,
                _(
                    "Saved. From the body, %(removed)s: the site keeps only paragraphs, "
                    "headings, bold, italic, links, lists, quotes and library images."
                )
                % {"removed": form.body_report},
                messages.WARNING,
            )
        if recovering:
            publishing.record_recovery(story=obj, user=request.user)

    def save_related(self, request, form, formsets, change):
        if not getattr(request, "story_unchanged", False):
            # Quotes, named sources, tags and bylines saved here move when those sources
            # are in the news and the tags' and authors' sitemap times (story_facts).
            before = shown_by([form.instance.pk])
            super().save_related(request, form, formsets, change)
            stories_changed([form.instance.pk], before=before)

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(request, "story_unchanged", False):
            return []
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        if not getattr(request, "story_unchanged", False):
            return super().log_change(request, obj, message)
        return None

    def response_change(self, request, obj):
        if getattr(request, "story_unchanged", False):
            self.message_user(request, _("Nothing was changed, so nothing was saved."))
            if "_continue" in request.POST or "_addanother" in request.POST:
                return redirect(request.path)
            return self.response_post_save_change(request, obj)
        return super().response_change(request, obj)

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
        # The editor's import map is an inline script: it runs under the Content-Security-
        # Policy only with this response's nonce (django-js-asset puts it on every tag).
        context["media"] = EditorMedia.from_media(context["media"], nonce=request.csp_nonce)
        context["editor_config"] = {
            "storyId": obj.pk if obj else None,
            "version": obj.version if obj else 0,
            "wordsPerMinute": WORDS_PER_MINUTE,
            "presenceUrl": reverse("admin:stories_story_presence", args=[obj.pk]) if obj else "",
            "presenceEveryMs": int(presence.PRESENCE_EVERY.total_seconds() * 1000),
            "editorWaitMs": 3000,
        }
        context["now"] = now = timezone.now()
        context["active_share_links"] = workflow.share_links_out(request.user, obj, now=now)
        response = super().render_change_form(request, context, add, change, form_url, obj)
        # The editor (Tiptap) injects its own <style> element: allow inline style sheets on
        # this form only. They cannot run code; scripts still need the nonce.
        response._csp_update = {"style-src": ["'unsafe-inline'"]}
        return response

    # Actions -----------------------------------------------------------------------------

    def _run(self, request, queryset, action, service, **kwargs):
        now = timezone.now()
        for story in queryset:
            try:
                story = service(story=story, user=request.user, **kwargs) or story
            except (PermissionDenied, ValidationError) as error:
                message = error.messages[0] if isinstance(error, ValidationError) else str(error)
                self.message_user(request, message, messages.ERROR)
            else:
                self.message_user(request, result_message(action, story, now=now))

    def _confirm_then_run(self, request, queryset, action, service):
        """Publish or unpublish several stories: first a page saying what will happen."""
        if not request.POST.get("confirmed"):
            return confirm_selected_page(self, request, queryset, action)
        kwargs = {"override_reason": request.POST.get("reason", "")} if action == "publish" else {}
        return self._run(request, queryset, action, service, **kwargs)

    @admin.action(description=_("Submit for review"), permissions=["change"])
    def submit_for_review_action(self, request, queryset):
        self._run(request, queryset, "submit", publishing.submit_for_review)

    @admin.action(description=_("Publish now…"), permissions=["publish"])
    def publish_action(self, request, queryset):
        return self._confirm_then_run(request, queryset, "publish", publishing.publish)

    @admin.action(description=_("Schedule…"), permissions=["publish"])
    def schedule_action(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose one story to schedule."), messages.WARNING)
            return None
        return redirect("admin:stories_story_workflow", queryset.get().pk)

    @admin.action(description=_("Unpublish…"), permissions=["unpublish"])
    def unpublish_action(self, request, queryset):
        return self._confirm_then_run(request, queryset, "unpublish", publishing.unpublish)

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
                "<path:object_id>/presence/",
                view(self.presence_view),
                name="stories_story_presence",
            ),
            path(
                "<path:object_id>/history/compare/",
                view(self.compare_view),
                name="stories_story_compare",
            ),
            *super().get_urls(),
        ]

    def workflow_view(self, request, object_id):
        return workflow.workflow_view(self, request, object_id)

    def propose_view(self, request, object_id):
        return workflow.propose_view(self, request, object_id)

    def presence_view(self, request, object_id):
        return presence.presence_view(self, request, object_id)

    def compare_view(self, request, object_id):
        return history.compare_view(self, request, object_id)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        return history.revision_view(self, request, object_id, version_id)

    def history_view(self, request, object_id, extra_context=None):
        story = get_story(self, request, object_id)
        context = {"versions": history.versions_of(story), **(extra_context or {})}
        return super().history_view(request, object_id, context)

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_restore_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_restore_permission(request):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

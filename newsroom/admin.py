"""Arranging fronts: editors fill a draft, preview it, then put it live in one click.

A live or retired arrangement is read-only (readers are looking at it); "Copy to a new
draft" starts the next one from it. Every save, publication and deletion is written to
the arrangement's audit trail (FrontEvent) beside Django's own admin log.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import fronts
from .models import Front, FrontEvent, FrontRace, FrontRail, FrontSlot


class FrontSlotFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        # The database refuses a second lead too; this says so instead of a server error.
        leads = [
            form
            for form in self.forms
            if form.cleaned_data.get("zone") == FrontSlot.Zone.LEAD
            and not form.cleaned_data.get("DELETE")
        ]
        if len(leads) > 1:
            raise ValidationError(_("A front has one lead story; make the others top stories."))


class FrontSlotInline(admin.TabularInline):
    model = FrontSlot
    formset = FrontSlotFormSet
    extra = 0
    fields = ["zone", "story", "position"]
    autocomplete_fields = ["story"]


class FrontRailInline(admin.TabularInline):
    model = FrontRail
    extra = 0
    fields = ["section", "position"]
    autocomplete_fields = ["section"]


class FrontRaceInline(admin.TabularInline):
    model = FrontRace
    extra = 0
    fields = ["race", "position"]
    autocomplete_fields = ["race"]


class FrontEventInline(admin.TabularInline):
    model = FrontEvent
    extra = 0
    fields = ["at", "action", "user", "detail"]
    readonly_fields = fields
    verbose_name_plural = _("audit trail")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Front)
class FrontAdmin(admin.ModelAdmin):
    list_display = ["name", "page_name", "status", "published_at", "banner_text", "preview_link"]
    list_filter = ["status", "section"]
    list_select_related = ["section"]
    search_fields = ["name", "banner_text"]
    fields = ["name", "section", "banner_text", "banner_story", "banner_expires_at"]
    autocomplete_fields = ["section", "banner_story"]
    inlines = [FrontSlotInline, FrontRailInline, FrontRaceInline, FrontEventInline]
    change_form_template = "admin/newsroom/front/change_form.html"

    @admin.display(description=_("page"))
    def page_name(self, obj):
        return obj.page_name

    @admin.display(description=_("preview"))
    def preview_link(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_preview_url(), _("Preview"))

    def has_change_permission(self, request, obj=None):
        # Readers are looking at a live arrangement: changes go through a new draft.
        if obj is not None and obj.status != Front.Status.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        fronts.log_event(front=obj, action=FrontEvent.Action.CREATED, user=request.user)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        fronts.log_event(
            front=obj,
            action=FrontEvent.Action.CHANGED,
            user=request.user,
            detail=entry.get_change_message(),
        )
        return entry

    def log_deletions(self, request, queryset):
        for front in queryset:
            fronts.log_event(front=front, action=FrontEvent.Action.DELETED, user=request.user)
        return super().log_deletions(request, queryset)

    def get_urls(self):
        return [
            path(
                "<int:pk>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name="newsroom_front_publish",
            ),
            path(
                "<int:pk>/copy/",
                self.admin_site.admin_view(self.copy_view),
                name="newsroom_front_copy",
            ),
            *super().get_urls(),
        ]

    def publish_view(self, request, pk):
        front = get_object_or_404(Front, pk=pk)
        if request.method != "POST":
            return redirect("admin:newsroom_front_change", pk)
        if front.status != Front.Status.DRAFT:
            messages.error(request, _("Only a draft can be put live."))
            return redirect("admin:newsroom_front_change", pk)
        try:
            fronts.publish_front(front=front, user=request.user)
        except PermissionError as error:
            raise PermissionDenied(str(error)) from error
        messages.success(
            request,
            _("“%(name)s” is live on the %(page)s.")
            % {
                "name": front.name,
                "page": front.page_name.lower(),
            },
        )
        return redirect("admin:newsroom_front_change", pk)

    def copy_view(self, request, pk):
        front = get_object_or_404(Front, pk=pk)
        if request.method != "POST":
            return redirect("admin:newsroom_front_change", pk)
        if not self.has_add_permission(request):
            raise PermissionDenied
        copy = fronts.copy_front(front=front, user=request.user)
        messages.success(
            request, _("A new draft copy of “%(name)s” is ready.") % {"name": copy.name}
        )
        return redirect("admin:newsroom_front_change", copy.pk)

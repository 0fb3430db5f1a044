from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

from . import revisions
from .admin_workflow import WorkflowAdminMixin
from .models import Author, Byline, Section, Story
from .quote_admin import QuoteInline


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "job_title", "user"]
    list_select_related = ["user"]
    search_fields = ["name", "job_title", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 0
    autocomplete_fields = ["author"]
    fields = ["position", "author", "role"]
    ordering = ["position", "id"]


# Before StoryAdmin: VersionAdmin would otherwise register Story without its follows.
revisions.register()


@admin.register(Story)
class StoryAdmin(WorkflowAdminMixin, VersionAdmin):
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
    list_select_related = ["section", "updated_by"]
    search_fields = ["headline", "dek", "body", "slug"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "mentioned_sources", "races", "reported_endorsements"]
    inlines = [BylineInline, QuoteInline]
    save_on_top = True
    readonly_fields = ["created_at", "created_by", "updated_at", "updated_by"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "dek", "body", "version"]}),
        (_("Dateline and credit"), {"fields": ["dateline", "credit"]}),
        (_("Filing"), {"fields": ["section", "kind", "tags"]}),
        (_("Sources"), {"fields": ["mentioned_sources"]}),
        (_("Elections"), {"fields": ["races", "reported_endorsements"]}),
        (
            _("Lead image"),
            {"fields": ["lead_image", "lead_image_alt", "lead_image_caption", "lead_image_credit"]},
        ),
        (_("Publishing"), {"fields": ["status", "published_at", "embargo_until"]}),
        (
            _("History"),
            {
                "classes": ["collapse"],
                "fields": ["created_at", "created_by", "updated_at", "updated_by"],
            },
        ),
    ]

    def get_queryset(self, request):
        # Bylines for the change list in one extra query, not one per row.
        return super().get_queryset(request).prefetch_related("bylines__author")

    @admin.display(description=_("bylines"))
    def byline_names(self, obj):
        return ", ".join(byline.author.name for byline in obj.bylines.all())

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

"""The audit trail of workflow events, read-only: nobody edits history."""

from django.contrib import admin

from ..models import StoryEvent


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

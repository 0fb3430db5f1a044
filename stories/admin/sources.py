"""The Source admin page with the source's quotes, added here because quotes are stories'.

sources sits below stories and never imports it, so sources/admin.py registers a Source
admin without quotes; this module swaps in a subclass that lists them. Admin autodiscovery
imports sources.admin before stories.admin (INSTALLED_APPS order), so the swap finds the
plain registration to replace.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from sources.admin import SourceAdmin
from sources.models import Source

from ..models import Quote


class QuoteBySourceInline(admin.TabularInline):
    """The source's quotes, read-only: quotes are written in their story's admin page."""

    model = Quote
    extra = 0
    can_delete = False
    show_change_link = False
    fields = ["story_link", "published", "text", "attribution", "method"]
    readonly_fields = fields
    ordering = ["-story__published_at", "-story__id", "position"]
    verbose_name_plural = _("quotes (edit them on the story)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("story")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("story"))
    def story_link(self, quote):
        url = reverse("admin:stories_story_change", args=[quote.story_id])
        return format_html('<a href="{}">{}</a>', url, quote.story.headline)

    @admin.display(description=_("published"))
    def published(self, quote):
        story = quote.story
        if story.status != story.Status.PUBLISHED:
            return story.get_status_display()
        when = date_format(timezone.localtime(story.published_at), "DATETIME_FORMAT")
        return when if story.is_public else _("Scheduled for %(when)s") % {"when": when}


class SourceWithQuotesAdmin(SourceAdmin):
    inlines = [*SourceAdmin.inlines, QuoteBySourceInline]


admin.site.unregister(Source)
admin.site.register(Source, SourceWithQuotesAdmin)

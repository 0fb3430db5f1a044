"""The stories admin, one module per concern; importing this package registers every model.

story: StoryAdmin · forms: form validation · inlines: bylines and quotes · workflow: the
workflow and proposal pages · history: revisions · corrections · audit: the event log ·
sources: the Source admin with its quotes.
"""

from django.contrib import admin

from .. import revisions
from ..models import Author, Section

# Before StoryAdmin: VersionAdmin would otherwise register Story without its follows.
revisions.register()

from . import audit, corrections, sources, story  # noqa: E402, F401  (registers their admins)


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

"""The stories admin, one module per concern; importing this package registers every model.

story: StoryAdmin · forms: form validation · inlines: bylines and quotes · workflow: the
workflow and proposal pages · history: revisions · corrections · audit: the event log ·
sources: the Source admin with its quotes · share_links: every share link, for editors.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from taggit import admin as taggit_admin
from taggit.models import Tag

from media.chooser import ImageChooserMixin

from .. import revisions
from ..models import Author, Section

# Before StoryAdmin: VersionAdmin would otherwise register Story without its follows.
revisions.register()

from . import audit, corrections, redirects, share_links, sources, story  # noqa: E402, F401
from .redirects import RecordsRenames  # noqa: E402


@admin.register(Section)
class SectionAdmin(RecordsRenames, admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(ImageChooserMixin, RecordsRenames, admin.ModelAdmin):
    list_display = ["name", "job_title", "user"]
    list_select_related = ["user"]
    search_fields = ["name", "job_title", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            # A plain list of the newsroom's active staff accounts, not the user
            # autocomplete: that asks for permission to browse every account (auth's
            # view_user), which editors should not need to link a byline to a login.
            kwargs["queryset"] = (
                get_user_model().objects.filter(is_staff=True, is_active=True).order_by("username")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# taggit's own TagAdmin, plus a redirect when an editor renames a tag's slug.
admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(RecordsRenames, taggit_admin.TagAdmin):
    # taggit's "Merge selected tags" moves its generic TaggedItem rows only, never our
    # TaggedStory rows, so it would report a merge that left every story as it was.
    actions = []

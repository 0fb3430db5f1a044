"""Redirects in the admin: listed on each story, editable by editors, and recorded on renames."""

from django.contrib import admin

from ..models import Redirect
from ..redirects import public_url, record_rename
from .a11y import NamedInlineMixin


class RedirectInline(NamedInlineMixin, admin.TabularInline):
    """The story's old addresses; editors add, fix or remove them, reporters read them."""

    model = Redirect
    fk_name = "story"
    fields = ["old_path", "created_at", "created_by"]
    readonly_fields = ["created_at", "created_by"]
    extra = 0
    verbose_name = "old address (answers 301 to this story)"
    verbose_name_plural = "old addresses (answer 301 to this story)"


class RecordsRenames:
    """For the admins of sections, tags and authors: a changed slug leaves a redirect behind."""

    def save_model(self, request, obj, form, change):
        old_path = None
        if change and "slug" in form.changed_data:
            old_path = public_url(type(obj).objects.get(pk=obj.pk))
        super().save_model(request, obj, form, change)
        if old_path:
            record_rename(obj=obj, old_path=old_path, user=request.user)


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    list_display = ["old_path", "target", "created_at", "created_by"]
    list_select_related = ["story", "section", "tag", "author", "created_by"]
    search_fields = ["old_path"]
    autocomplete_fields = ["story", "section", "tag", "author"]
    readonly_fields = ["created_at", "created_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

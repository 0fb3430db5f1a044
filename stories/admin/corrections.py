"""Corrections and updates: appended to live stories through stories.publishing, never edited."""

from django.contrib import admin

from .. import publishing
from ..models import Correction
from .forms import CorrectionForm


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

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        # A class built for this request alone: the form asks what this user may do.
        form.user = request.user
        return form

    def save_model(self, request, obj, form, change):
        if change:
            return
        created = publishing.add_correction(
            story=obj.story, user=request.user, kind=obj.kind, text=obj.text
        )
        obj.pk, obj.created_at, obj.created_by = created.pk, created.created_at, created.created_by

    def get_changeform_initial_data(self, request):
        return {"story": request.GET.get("story")}

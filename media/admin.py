from functools import partial

from django.contrib import admin
from django.urls import path

from .models import Image
from .picker import picker_view


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "alt_text", "credit", "uploaded_by", "uploaded_at"]
    list_filter = ["uploaded_at", "uploaded_by"]
    list_select_related = ["uploaded_by"]
    search_fields = ["title", "alt_text", "caption", "credit"]
    date_hierarchy = "uploaded_at"
    readonly_fields = ["width", "height", "uploaded_by", "uploaded_at"]

    def get_urls(self):
        # The body editor's figure button opens the library here (media/picker.py).
        pick = path(
            "pick/",
            self.admin_site.admin_view(partial(picker_view, self)),
            name="media_image_pick",
        )
        return [pick, *super().get_urls()]

    def save_model(self, request, obj, form, change):
        if not change:
            # Who uploaded it is what the server knows, not what the form says.
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

from functools import partial

from django.contrib import admin
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .forms import ImageForm
from .models import Image
from .picker import picker_view
from .renditions import picture_for


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageForm
    list_display = ["__str__", "number", "alt_text", "credit", "uploaded_by", "uploaded_at"]
    list_filter = ["uploaded_at", "uploaded_by"]
    list_select_related = ["uploaded_by"]
    search_fields = ["title", "alt_text", "caption", "credit"]
    date_hierarchy = "uploaded_at"
    readonly_fields = [
        "width",
        "height",
        "link_preview",
        "uploaded_by",
        "uploaded_at",
        "where_used",
    ]

    @admin.display(description=_("No."), ordering="pk")
    def number(self, image):
        # What an editor types into an image chooser when JavaScript does not run.
        return image.pk

    def get_urls(self):
        # The body editor's figure button opens the library here (media/picker.py).
        pick = path(
            "pick/",
            self.admin_site.admin_view(partial(picker_view, self)),
            name="media_image_pick",
        )
        return [pick, *super().get_urls()]

    @admin.display(description=_("link preview"))
    def link_preview(self, obj):
        # What Facebook, LinkedIn or X show when a story with this lead image is shared:
        # the editor sees whether the focal point keeps the subject in.
        card = picture_for(obj).card if obj.pk and obj.file else None
        if card is None:
            return _(
                "None yet: it is cut when the image is saved. If it stays empty after a "
                "save, the original file could not be read (the server log says which)."
            )
        return format_html(
            '<img class="link-preview" src="{}" width="{}" height="{}" alt="" '
            'style="max-width: 100%; height: auto"><br>{}',
            card.src,
            card.width,
            card.height,
            _("How the picture looks when a story with it is shared, cut around the focal point."),
        )

    @admin.display(description=_("where it is used"))
    def where_used(self, obj):
        # Read through the reverse relations the apps above declare: media imports none.
        uses = obj.usages() if obj.pk else []
        if not uses:
            return _("Nowhere yet: it may be deleted.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", "<li>{}</li>", ((_admin_link(use),) for use in uses)),
        )

    def save_model(self, request, obj, form, change):
        if not change:
            # Who uploaded it is what the server knows, not what the form says.
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)


def _admin_link(obj):
    """A link to the row's admin page (the row's own get_admin_url() if it has one)."""
    label = f"{obj._meta.verbose_name}: {obj}"
    try:
        url = obj.get_admin_url() if hasattr(obj, "get_admin_url") else None
        url = url or reverse(
            f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk]
        )
    except NoReverseMatch:
        return label
    return format_html('<a href="{}">{}</a>', url, label)

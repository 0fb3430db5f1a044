"""The chooser: the admin widget for a foreign key to a library image (a story's lead
image, an author's or a source's photo).

It shows the chosen image's thumbnail and alt text, and opens the library's picker
(media/picker.py) in its choosing mode: search, pick, or upload in place with alt text.
The picker hands the image back to static/js/admin/image-chooser.js in the opening
window, which fills a hidden input with the image's id. The form posts that id, so a
save that fails validation renders the widget again with the same image chosen.

Without JavaScript (blocked, failed to load, an old browser) the same input is a text
field for the image's library number, which the picker and the library list show under
each image: the form still saves, and the server checks the number like any choice.
"""

from urllib.parse import urlencode

from django import forms
from django.db import models
from django.urls import reverse

from .models import Image
from .renditions import renditions_for


def thumbnail_url(image: Image) -> str:
    """The smallest JPEG rendition's address (the original's when it has none)."""
    storage, name = image.file.storage, image.file.name
    if image.width and image.height:
        jpegs = [
            r
            for r in renditions_for(name, image.width, image.height)
            if r.mime_type == "image/jpeg"
        ]
        return storage.url(jpegs[0].name)
    return storage.url(name)


class ImageChooserWidget(forms.Widget):
    template_name = "media/chooser_widget.html"

    class Media:
        js = ["js/admin/image-chooser.js"]
        css = {"all": ["css/image-picker.css"]}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        image = None
        if value not in (None, ""):
            # One query, only for a form that has an image chosen (or posted back).
            # ASCII digits only: str.isdigit() also accepts "²", which int() refuses (a 500).
            number = str(value).strip()
            image = (
                Image.objects.filter(pk=number).first()
                if number.isascii() and number.isdigit()
                else None
            )
        field_id = context["widget"]["attrs"].get("id") or f"id_{name}"
        context.update(
            image=image,
            thumbnail=thumbnail_url(image) if image else "",
            field_id=field_id,
            pick_url=reverse("admin:media_image_pick") + "?" + urlencode({"choose": field_id}),
            library_url=reverse("admin:media_image_changelist"),
        )
        return context

    def value_from_datadict(self, data, files, name):
        return data.get(name) or None


class ImageChooserMixin:
    """For a ModelAdmin: every foreign key to a library image is edited with the chooser.

    Django's add/change/view links around a foreign key are left out: the chooser
    uploads in place, and the picker is where the library is browsed.
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.ForeignKey) and db_field.related_model is Image:
            return db_field.formfield(widget=ImageChooserWidget, **kwargs)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

"""The library image's admin form: two editors on one image never silently undo each other.

The form carries, signed, the words and focal point it was opened with. On save, each of
those fields someone else changed meanwhile and this editor did not keeps their value; a
field both changed is refused once, showing theirs, and the next save keeps this editor's.
The same rule as the story form (stories/admin/forms.py), without revisions: an image has
a handful of short fields, so the opened values travel with the form instead.
"""

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Image

# What an editor types about an image; the file has its own flow (replacing it is an upload).
MERGED_FIELDS = ["title", "alt_text", "caption", "credit", "licence", "focal_x", "focal_y"]
SALT = "media.image.opened"


def opened_values(image: Image) -> dict:
    return {name: getattr(image, name) for name in MERGED_FIELDS}


class ImageForm(forms.ModelForm):
    # The fields as this editor's form showed them, signed (a forged value could only
    # change which of this editor's own fields are merged, but it costs nothing to refuse).
    opened = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Image
        fields = ["file", *MERGED_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and not self.is_bound:
            self.initial["opened"] = signing.dumps(opened_values(self.instance), salt=SALT)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None or not cleaned.get("opened"):
            # A new image, or a form opened before this check existed: nothing to compare.
            return cleaned
        try:
            base = signing.loads(cleaned["opened"], salt=SALT)
        except signing.BadSignature:
            raise ValidationError(_("The form was altered; open the image again.")) from None
        # The row as it is now: the admin read it for this request.
        current = opened_values(self.instance)
        theirs, both = [], []
        for name in MERGED_FIELDS:
            if name not in cleaned or current[name] == base.get(name):
                continue
            if cleaned[name] == base.get(name):
                cleaned[name] = current[name]  # only they changed it: keep theirs
                theirs.append(name)
            elif cleaned[name] != current[name]:
                both.append(name)
        if both:
            # Shown again with their values where only they changed something, and
            # compared next time against what this editor has now been shown.
            self.data = self.data.copy()
            for name in theirs:
                self.data[name] = _shown(current[name])
            self.data["opened"] = signing.dumps(current, salt=SALT)
            shown = "; ".join(
                f"{Image._meta.get_field(name).verbose_name}: “{_shown(current[name])}”"
                for name in both
            )
            raise ValidationError(
                _(
                    "Someone saved this image after you opened it and changed the same "
                    "fields. Theirs now read — %(fields)s. Nothing was saved yet: save "
                    "again to keep yours."
                ),
                code="edit_conflict",
                params={"fields": shown},
            )
        return cleaned


def _shown(value) -> str:
    return "" if value is None else str(value)

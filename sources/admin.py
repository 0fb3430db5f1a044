from django.contrib import admin
from django.db import models
from django.db.models.constants import LOOKUP_SEP
from django.utils.translation import gettext_lazy as _

from media.chooser import ImageChooserMixin

from .models import CONFIDENTIAL_FIELDS, Source

# The contact fields and notes: in the admin only for users with the permission below.
# The `confidential` flag itself is not among them: a reporter must see that a source
# may not be named (see SourceAdmin.get_readonly_fields for who may lift it).
CONTACT_FIELDS = [name for name in CONFIDENTIAL_FIELDS if name != "confidential"]
CONTACT_PERMISSION = "sources.view_source_contact"


def can_see_contacts(request) -> bool:
    return request.user.has_perm(CONTACT_PERMISSION)


@admin.register(Source)
class SourceAdmin(ImageChooserMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "title", "affiliation", "confidential", "updated_at"]
    list_filter = ["kind", "confidential"]
    list_select_related = ["affiliation"]
    # Never the contact fields: searching by them would let anyone probe their values.
    search_fields = ["name", "sort_name", "title", "affiliation__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["affiliation"]
    readonly_fields = ["created_at", "updated_at"]
    # Editors paste "example.org"; the web is https now (Django 6's default too).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    public_fieldsets = [
        (None, {"fields": ["kind", "name", "sort_name", "slug", "confidential"]}),
        (
            _("Public profile"),
            {"fields": ["title", "affiliation", "party", "bio", "website"]},
        ),
        (_("Photo"), {"fields": ["photo"]}),
    ]
    contact_fieldset = (
        _("Confidential: contact details and notes"),
        {
            "fields": CONTACT_FIELDS,
            "description": _(
                "Never published. Visible only to staff allowed to see source contacts."
            ),
        },
    )
    history_fieldset = (
        _("History"),
        {"classes": ["collapse"], "fields": ["created_at", "updated_at"]},
    )

    def get_fieldsets(self, request, obj=None):
        # The form is built from these fieldsets, so without the permission the contact
        # fields are neither shown nor accepted: a forged POST of them is ignored.
        fieldsets = [*self.public_fieldsets]
        if can_see_contacts(request):
            fieldsets.append(self.contact_fieldset)
        return [*fieldsets, self.history_fieldset]

    def lookup_allowed(self, lookup, value, request):
        # Changelist URLs filter by any local field (?private_notes__icontains=docks), so
        # without the permission a contact field anywhere in the path is refused (a 400):
        # otherwise which rows remain would spell out the values. Sorting cannot reach
        # them either: ?o= only indexes list_display, which has no contact field.
        if not can_see_contacts(request) and set(lookup.split(LOOKUP_SEP)) & {*CONTACT_FIELDS}:
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj)]
        if obj is not None and obj.confidential and not can_see_contacts(request):
            # Anyone may protect a source; only those trusted with contacts may expose one.
            readonly.append("confidential")
        return readonly

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "affiliation":
            field.error_messages["invalid_choice"] = _(
                "Choose an organisation: a person cannot be an affiliation."
            )
        return field

    def view_on_site(self, obj):
        # A confidential source has no public page to view.
        return obj.get_absolute_url() if obj.is_public else None

"""Accessible names for the admin controls Django leaves unnamed on the story form.

A tabular inline labels its columns with table headers, which screen readers do not tie
to the inputs below them, and a split date-and-time field has one legend for two
inputs. Both get an aria-label here, where the form field is built; static/js/admin/
a11y.js names the autocomplete boxes, which select2 builds in the browser.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _


def name_controls(formfield: forms.Field, *, in_table: bool) -> None:
    """Give each input of ``formfield`` an accessible name derived from its label."""
    widget = getattr(formfield.widget, "widget", formfield.widget)  # under the "+" wrapper
    label = str(formfield.label)
    if isinstance(widget, forms.SplitDateTimeWidget):
        date, time = widget.widgets
        date.attrs.setdefault("aria-label", _("%(field)s: date") % {"field": label})
        time.attrs.setdefault("aria-label", _("%(field)s: time") % {"field": label})
    elif in_table:
        widget.attrs.setdefault("aria-label", label)


class NamedDeleteBoxes:
    """For an inline's formset: each row's "Delete" box says which row it deletes."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields and index is not None:
            form.fields["DELETE"].widget.attrs["aria-label"] = _("Delete %(item)s %(n)d") % {
                "item": self.model._meta.verbose_name,
                "n": index + 1,
            }


class NamedControlsMixin:
    """For ModelAdmin and its inlines: every control of the form has a name."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            name_controls(formfield, in_table=isinstance(self, admin.TabularInline))
        return formfield


class NamedInlineMixin(NamedControlsMixin):
    """For a tabular inline: its cells and its rows' "Delete" boxes are named too."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (NamedDeleteBoxes, formset), {})

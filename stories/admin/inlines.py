"""What the story form edits beside the story: its bylines and its quotes, in order."""

from django import forms
from django.contrib import admin
from django.db import models

from ..models import Byline, Quote
from .a11y import NamedInlineMixin
from .merge_rows import RowMergeFormSet


class BylineInline(NamedInlineMixin, admin.TabularInline):
    model = Byline
    formset = RowMergeFormSet
    extra = 0
    autocomplete_fields = ["author"]
    fields = ["position", "author", "role"]
    ordering = ["position", "id"]


class QuoteInline(NamedInlineMixin, admin.TabularInline):
    """A story's quotes in the order the story prints them; sources by autocomplete."""

    model = Quote
    formset = RowMergeFormSet
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["position", "source", "text", "method", "attribution"]
    ordering = ["position", "id"]
    # A quote is a sentence or three: the default 10-row box would swamp the table.
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3})}}

from django.contrib import admin

from .models import Quote


class QuoteInline(admin.TabularInline):
    """A story's quotes in the order the story prints them; sources by autocomplete."""

    model = Quote
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["position", "source", "text", "method", "attribution"]
    ordering = ["position", "id"]

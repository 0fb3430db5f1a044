"""The story change list's columns and rows, drawn for 100 stories per page.

At 100,000 stories every per-row cost shows (docs/scale.md): the editor's name comes by
a subquery and the bylines by one prefetch, and each row's checkbox is formatted directly.
"""

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import Byline, Story


class StoryListColumns:
    """For StoryAdmin: the change list's queryset and its computed columns."""

    def get_queryset(self, request):
        # Bylines for the change list in one extra query, not one per row: each with its
        # author's name only, joined, and kept as a list (a prefetch into the manager made
        # a queryset per story and a second query for the authors: 5 of a page's 42 ms).
        bylines = Byline.objects.select_related("author").only("story", "author__name")
        editor = get_user_model().objects.filter(pk=OuterRef("updated_by_id"))
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("bylines", queryset=bylines, to_attr="listed_bylines"))
            .annotate(updated_by_name=Subquery(editor.values("username")[:1]))
        )

    @admin.display(description=_("state"), ordering="status")
    def state(self, obj):
        now = timezone.now()
        # Not get_status_display(): it hashes every choice's lazy label for each row, a
        # fifth of drawing a page of rows (cProfile, docs/scale.md).
        label = Story.Status(obj.status).label
        if obj.status == Story.Status.PUBLISHED and obj.published_at > now:
            label = _("Scheduled")
        if obj.embargo_until and obj.embargo_until > now:
            label = f"{label} · {_('embargoed')}"
        # A plain string: Django compares a cell's value with each empty value, which
        # translates a lazy label again every time.
        return str(label)

    @admin.display(description=_("scheduled for"), ordering="published_at")
    def scheduled_for(self, obj):
        if obj.status != Story.Status.PUBLISHED:
            return None
        # A story that was live before is rescheduled by its embargo (publishing.schedule
        # keeps its first publication time), so readers see it at the later of the two.
        goes_live = max(filter(None, [obj.published_at, obj.embargo_until]))
        return goes_live if goes_live > timezone.now() else None

    @admin.display(description=_("last edited by"), ordering="updated_by_name")
    def with_whom(self, obj):
        return obj.updated_by_name

    def action_checkbox(self, obj):
        # Django renders a form widget through the template engine for every row, a
        # quarter of drawing 100 rows; this is the same element, formatted directly.
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(gettext("Select this object for an action - {}"), str(obj)),
        )

    @admin.display(description=_("bylines"))
    def byline_names(self, obj):
        return ", ".join(byline.author.name for byline in obj.listed_bylines)

"""{% indexed_date_hierarchy cl %}: the story list's date drill-down (stories.admin.dates)."""

from django import template

from ..admin.dates import indexed_date_hierarchy as drill_down

register = template.Library()


@register.inclusion_tag("admin/date_hierarchy.html")
def indexed_date_hierarchy(cl):
    return drill_down(cl)

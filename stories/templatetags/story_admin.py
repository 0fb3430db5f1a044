"""The story list's tags: its date drill-down (stories.admin.dates) and its rows (list_rows)."""

from django import template
from django.contrib.admin.templatetags.base import InclusionAdminNode

from ..admin.dates import indexed_date_hierarchy as drill_down
from ..admin.list_rows import result_list

register = template.Library()


@register.inclusion_tag("admin/date_hierarchy.html")
def indexed_date_hierarchy(cl):
    return drill_down(cl)


@register.tag(name="story_result_list")
def story_result_list(parser, token):
    # Django's {% result_list %}, with the same template lookup, drawing its rows through
    # stories.admin.list_rows.
    return InclusionAdminNode(
        parser,
        token,
        func=result_list,
        template_name="change_list_results.html",
        takes_context=False,
    )

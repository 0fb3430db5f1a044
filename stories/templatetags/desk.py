"""{% desk_lists as lists %}: the desk dashboard's lists for the admin home page."""

from django import template

from ..desk import desk_lists as build_desk_lists

register = template.Library()


@register.simple_tag(takes_context=True)
def desk_lists(context):
    return build_desk_lists(context["request"].user)

"""The change list's rows with the per-column work done once per page, not once per cell.

Django's items_for_result decides afresh for every cell what kind of column it draws
(a model field or an admin method, looked up by raising FieldDoesNotExist), which CSS
classes it gets, the empty value, and reverses the row's link and resolves its preserved
filters. For 100 rows of nine columns that was 25 of the story list's 56 ms (cProfile,
docs/scale.md, fourth round). Here those decisions are made once per column and each
row only computes its values, through Django's own display_for_field and
display_for_value: the HTML is the same, which tests compare with items_for_result.

Only what the story list uses is drawn here (model fields by name and admin methods,
no list_editable, no popup, no to_field); anything else is left to Django.
"""

import datetime
from types import SimpleNamespace

from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import display_for_field, display_for_value
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

# A primary key no story has: the row link is reversed once with it, then each row's pk
# is put in its place.
_PK_SLOT = 9_223_372_036_854_775_807


def result_list(cl):
    """{% result_list %}'s context, with the rows drawn by rows() when it can."""
    headers = list(admin_list.result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": list(admin_list.result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": rows(cl),
    }


def rows(cl):
    """Each result's cells, as admin_list.results(cl) draws them."""
    plain = not (cl.formset or cl.is_popup or cl.to_field)
    # Row links put the pk in as it is: Django's quote() changes only other keys.
    columns = _columns(cl) if plain and isinstance(cl.lookup_opts.pk, models.IntegerField) else None
    if columns is None:
        return list(admin_list.results(cl))
    return [
        admin_list.ResultList(None, [column(result) for column in columns])
        for result in cl.result_list
    ]


def _columns(cl):
    """One function per column drawing its cell for a result, or None to leave it to Django."""
    columns, first = [], True
    for name in cl.list_display:
        if not isinstance(name, str):
            return None
        links = cl.list_display_links
        linked = links is not None and ((first and not links) or name in links)
        value_of = _value_function(cl, name, linked)
        if value_of is None:
            return None
        url = _url_function(cl) if linked else None
        if linked and url is None:
            return None  # a link this module cannot build: Django draws the rows
        tag = "th" if linked and first else "td"
        first = first and not linked
        columns.append(_cell_function(value_of, tag, url))
    return columns


def _value_function(cl, name, linked):
    """A function from a result to (its text, its cell's classes), as items_for_result."""
    admin = cl.model_admin
    empty = admin.get_empty_value_display()
    try:
        field = cl.lookup_opts.get_field(name)
    except FieldDoesNotExist:
        field = None
    if field is None:
        method = getattr(admin, name, None)
        if not callable(method) or name == "__str__":
            return None
        empty = getattr(method, "empty_value_display", empty)
        boolean = getattr(method, "boolean", False)
        base = "action-checkbox" if name == "action_checkbox" else f"field-{name}"

        def value_of(result):
            value = method(result)
            if isinstance(value, str) and value.strip() == "":
                value = ""
            nowrap = isinstance(value, datetime.date | datetime.time)
            return display_for_value(value, empty, boolean), f"{base} nowrap" if nowrap else base

        return value_of
    if (
        not field.concrete
        or field.auto_created
        or field.many_to_many
        or field.one_to_many
        or field.name != name
    ):
        return None
    nowrap = isinstance(field, models.DateField | models.TimeField | models.ForeignKey)
    classes = f"field-{name} nowrap" if nowrap else f"field-{name}"
    if isinstance(field.remote_field, models.ManyToOneRel):
        # A foreign key shows the related object (list_select_related fetched it).
        def value_of(result):
            related = getattr(result, name)
            return (empty if related is None else related), classes

        return value_of

    def value_of(result):
        value = getattr(result, name)
        if isinstance(value, str) and value.strip() == "":
            value = ""
        return display_for_field(value, field, empty, avoid_link=linked), classes

    return value_of


def _url_function(cl):
    """The change link of a result, reversed and given its preserved filters once."""
    pk_attname = cl.pk_attname
    try:
        url = cl.url_for_result(SimpleNamespace(**{pk_attname: _PK_SLOT}))
    except NoReverseMatch:
        return None
    url = add_preserved_filters({"preserved_filters": cl.preserved_filters, "opts": cl.opts}, url)
    before, slot, after = str(conditional_escape(url)).partition(str(_PK_SLOT))
    if not slot:
        return None
    return lambda result: f"{before}{getattr(result, pk_attname)}{after}"


def _cell_function(value_of, tag, url):
    def cell(result):
        text, classes = value_of(result)
        text = conditional_escape(text)
        if url is not None:
            text = f'<a href="{url(result)}">{text}</a>'
        return mark_safe(f'<{tag} class="{classes}">{text}</{tag}>')  # noqa: S308 (text escaped above)

    return cell

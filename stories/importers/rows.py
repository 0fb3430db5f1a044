"""Inserting an import batch's rows with one prepared statement per table.

Django's bulk_create() compiles SQL for every row (for 500 stories with their bylines,
tags and quotes that was a third of an import's time) and stamps auto_now times; here
each table gets one INSERT run by executemany() over the rows' values, written as set.
"""

# Table and column names come from the models, never from input (S608 flags the f-string).

from django.db import connection
from django.db.models import Model
from django.db.models.constants import OnConflict


def insert_values(
    model: type[Model], attnames: list[str], rows: list[tuple], *, ignore_conflicts: bool = False
) -> None:
    """INSERT plain values (ids, text: nothing to prepare) into these columns of `model`.

    For the relation rows of a batch (thousands of bylines, tags and quotes), building a
    model instance per row cost more than writing it.
    """
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in attnames]
    _execute(model._meta.db_table, fields, rows, ignore_conflicts)


def _execute(table: str, fields: list, rows: list, ignore_conflicts: bool) -> None:
    ops = connection.ops
    on_conflict = OnConflict.IGNORE if ignore_conflicts else None
    sql = (
        f"{ops.insert_statement(on_conflict=on_conflict)} {ops.quote_name(table)} "
        f"({', '.join(ops.quote_name(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))}) "
        f"{ops.on_conflict_suffix_sql(fields, on_conflict, None, None) or ''}"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def insert_rows(objs: list[Model], *, ignore_conflicts: bool = False) -> None:
    """INSERT the unsaved objects of one model, their ids included when they carry one.

    Field values go in as they are (no pre_save: auto_now times and file fields are not
    touched), prepared for the database as Django's own inserts prepare them. With
    `ignore_conflicts`, a row a unique constraint already holds is left out.
    """
    if not objs:
        return
    meta = objs[0]._meta
    with_pk = objs[0].pk is not None
    fields = [f for f in meta.concrete_fields if with_pk or not f.primary_key]
    rows = [
        [field.get_db_prep_save(getattr(obj, field.attname), connection) for field in fields]
        for obj in objs
    ]
    _execute(meta.db_table, fields, rows, ignore_conflicts)
    for obj in objs:
        obj._state.adding = False

"""Inserting an import batch's rows with one statement per table.

Django's bulk_create() compiles SQL for every row (for 500 stories with their bylines,
tags and quotes that was a third of an import's time) and stamps auto_now times; here
each table gets one statement for the rows' values, written as set: on PostgreSQL a
COPY (or, to skip conflicting rows, one INSERT over an array a column), on SQLite one
prepared INSERT run by executemany() (SQLite has no statement overhead worth saving).
"""

# Table and column names come from the models, never from input (S608 flags the f-string).

from django.db import connection
from django.db.models import Model
from django.db.models.constants import OnConflict

from ..signals import rows_copied


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


def _execute(
    table: str,
    fields: list,
    rows: list,
    ignore_conflicts: bool,
    extra: tuple[str, str] | None = None,
) -> None:
    ops = connection.ops
    on_conflict = OnConflict.IGNORE if ignore_conflicts else None
    columns = [ops.quote_name(f.column) for f in fields]
    types = [f.cast_db_type(connection) for f in fields]
    if extra:
        columns.append(ops.quote_name(extra[0]))
        types.append(extra[1])
    names = ", ".join(columns)
    if connection.vendor == "postgresql" and not ignore_conflicts:
        # COPY: one statement for the batch, rows formatted by psycopg's C code (a
        # statement a row, as executemany() sends them, cost the server more than the
        # rows; Python quoting arrays for an INSERT cost the client as much).
        sql = f"COPY {ops.quote_name(table)} ({names}) FROM STDIN"
        with (
            connection.wrap_database_errors,
            connection.cursor() as cursor,
            cursor.copy(sql) as copy,
        ):
            for row in rows:
                copy.write_row(row)
        # No execute wrapper sees a COPY: tell the page cache, as it would have.
        rows_copied.send(sender=None, connection=connection, table=table)
        return
    insert = f"{ops.insert_statement(on_conflict=on_conflict)} {ops.quote_name(table)}"
    conflict = ops.on_conflict_suffix_sql(fields, on_conflict, None, None) or ""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement over one array a column; executemany() would run one a row,
            # and the tags' statement trigger would fire once per tag row.
            arrays = ", ".join(f"%s::{db_type}[]" for db_type in types)
            sql = f"{insert} ({names}) SELECT * FROM unnest({arrays}) {conflict}"  # noqa: S608
            cursor.execute(sql, [list(column) for column in zip(*rows, strict=True)])
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            sql = f"{insert} ({names}) VALUES ({placeholders}) {conflict}"
            cursor.executemany(sql, rows)


def insert_rows(
    objs: list[Model],
    *,
    ignore_conflicts: bool = False,
    extra: tuple[str, str, list] | None = None,
) -> None:
    """INSERT the unsaved objects of one model, their ids included when they carry one.

    Field values go in as they are (no pre_save: auto_now times and file fields are not
    touched), prepared for the database as Django's own inserts prepare them. With
    `ignore_conflicts`, a row a unique constraint already holds is left out. `extra` is
    a column the model does not declare (name, type, one value per object).
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
    if extra:
        for row, value in zip(rows, extra[2], strict=True):
            row.append(value)
    _execute(meta.db_table, fields, rows, ignore_conflicts, extra[:2] if extra else None)
    for obj in objs:
        obj._state.adding = False

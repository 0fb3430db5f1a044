"""A change-list paginator that does not count a large table on every page view.

On PostgreSQL an unfiltered list takes its size from the planner's statistics
(pg_class.reltuples, kept by autovacuum) once the table is past EXACT_BELOW rows: editors
see "about 100,000 stories" a few rows off instead of waiting for a count of every row.
Small tables, filtered lists and SQLite are counted exactly.
"""

# The one SQL string names a model's table, never input (S608 flags the f-string).
# ruff: noqa: S608

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

EXACT_BELOW = 10_000


class EstimatedCountPaginator(Paginator):
    @cached_property
    def count(self):
        queryset = self.object_list
        connection = connections[queryset.db]
        if connection.vendor != "postgresql" or queryset.query.has_filters():
            return super().count
        table = queryset.model._meta.db_table
        with connection.cursor() as cursor:
            # One query either way: the estimate, or the exact count for a small table.
            sql = (
                "SELECT CASE WHEN reltuples >= %s THEN reltuples::bigint "
                f'ELSE (SELECT count(*) FROM "{table}") END '
                "FROM pg_class WHERE oid = %s::regclass"
            )
            cursor.execute(sql, [EXACT_BELOW, table])
            return cursor.fetchone()[0]

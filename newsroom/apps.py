from django.apps import AppConfig
from django.core.signals import got_request_exception
from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_migrate


def drop_search_triggers(using="default", plan=None, **kwargs):
    # Without this, a migration that alters stories_story on SQLite fails in a trigger.
    # With nothing to apply they stay: nothing can be written unindexed meanwhile.
    if plan == []:
        return
    from .search_index import drop_sqlite_triggers

    drop_sqlite_triggers(connections[using])


def repair_search_index(using="default", **kwargs):
    # pre_migrate dropped the SQLite search triggers (and a table rebuild drops a table's
    # own): put them back and reindex what was written meanwhile.
    from .search_index import repair_sqlite_index

    repair_sqlite_index(connections[using])


class NewsroomConfig(AppConfig):
    """The project package: site-wide views, search, feeds' and sitemaps' home, fixtures."""

    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        # No sender: Django sends these only for apps with models, and this one has none.
        # Both handlers are idempotent, so running once per app is harmless.
        pre_migrate.connect(drop_search_triggers, dispatch_uid="drop_search_triggers")
        post_migrate.connect(repair_search_index, dispatch_uid="repair_search_index")

        # Every committed write readers could see retires the cached pages (newsroom/cache/).
        from .cache.invalidation import watch_connection

        connection_created.connect(watch_connection, dispatch_uid="page_cache_watch_writes")
        from stories.signals import rows_copied

        from .cache.invalidation import written

        rows_copied.connect(written, dispatch_uid="page_cache_rows_copied")
        for connection in connections.all(initialized_only=True):
            watch_connection(connection)

        from .outage import mark_database_outage

        got_request_exception.connect(mark_database_outage, dispatch_uid="mark_database_outage")

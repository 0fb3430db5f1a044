from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def repair_search_index(using="default", **kwargs):
    # A later migration that rebuilds stories_story or sources_source on SQLite drops the
    # search triggers with the old table; put them back (and refill the index) if so.
    from .search_index import repair_sqlite_index

    repair_sqlite_index(connections[using])


class NewsroomConfig(AppConfig):
    """The project package: site-wide views, search, feeds' and sitemaps' home, fixtures."""

    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        post_migrate.connect(repair_search_index, sender=self, dispatch_uid="repair_search_index")

"""Every committed write a reader could see retires the cached pages, everywhere.

Writes are noticed in the database layer, not by model signals: publishing, corrections
and imports write with `update()`, `bulk_create()` and `bulk_update()`, which send no
signal. A wrapper on every connection watches INSERT, UPDATE and DELETE statements on the
tables of the apps readers see and, once per transaction, registers `pages_changed` with
`transaction.on_commit`: after the commit (never before, never for a rollback) the page
cache's generation is replaced and Varnish is told to purge.
"""

import logging
import re
from functools import cache

from django.apps import apps
from django.db import transaction

from . import store, varnish
from .keys import SITE_KEY

log = logging.getLogger(__name__)

# Apps whose rows no reader ever sees: accounts, sessions, the admin's log, content types,
# revisions. Every other app counts as public, so a model added later (a front-page
# arrangement, a media library) retires pages without anyone remembering to say so.
PRIVATE_APPS = frozenset(
    {"auth", "sessions", "admin", "contenttypes", "reversion", "messages", "axes"}
)
# Rows of public apps that no reader sees: the audit trail, reporters' proposed changes and
# share links (opening one notes the time it was last used: that must not empty the cache).
PRIVATE_MODELS = frozenset(
    {"stories.storyevent", "stories.storyproposal", "stories.sharelink", "newsroom.frontevent"}
)
WRITE = re.compile(
    r"\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+[\"`]?(\w+)", re.IGNORECASE
)


@cache
def public_tables() -> frozenset[str]:
    """The tables of every model (and many-to-many table) that public pages read."""
    return frozenset(
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label not in PRIVATE_APPS
        and model._meta.label_lower not in PRIVATE_MODELS
    )


def watch_writes(execute, sql, params, many, context):
    """A connection execute wrapper: note writes to public tables once the statement ran."""
    result = execute(sql, params, many, context)
    if sql[:12].lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE"):
        match = WRITE.match(sql)
        if match and match.group(1) in public_tables():
            _schedule(context["connection"])
    return result


def written(connection, table: str, **kwargs) -> None:
    """Note a write no execute wrapper sees (a COPY), as watch_writes() would: the receiver
    of stories.signals.rows_copied."""
    if table in public_tables():
        _schedule(connection)


def _schedule(connection) -> None:
    # One callback per transaction, however many rows it writes (an import writes thousands).
    if connection.in_atomic_block and any(
        callback is pages_changed for _, callback, _ in connection.run_on_commit
    ):
        return
    # Outside a transaction the write is already committed and this runs at once.
    transaction.on_commit(pages_changed, using=connection.alias)


def pages_changed() -> None:
    """Retire every cached page in every process and purge Varnish."""
    try:
        store.bump_generation()
    except Exception:
        log.exception("Could not retire the cached pages: the page cache is unreachable")
    varnish.purge([SITE_KEY])


def watch_connection(connection, **kwargs) -> None:
    """Install `watch_writes` on a connection (the connection_created signal's receiver)."""
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)

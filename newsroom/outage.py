"""When the database or the cache is down: readers get a plain 503, load balancers get JSON.

The 500 page says "something went wrong, the newsroom has been told"; an unreachable
database is not a bug to be told about but an outage that ends by itself. Readers get a
503 with Retry-After (crawlers come back instead of dropping the page) and a page rendered
without any database access. Nothing here keeps state: Django opens a fresh connection for
the next request, so the site recovers by itself as soon as the database answers again.
"""

import logging
import sys

from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

# The errors a database that cannot be reached raises (refused, timed out, dropped, a
# SQLite file that cannot be opened); a bad query raises others and stays a 500.
OUTAGE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 60
# SQLite's OperationalError for a table or column the code expects and the file lacks
# (PostgreSQL raises ProgrammingError for these, a 500 like any bad query).
SCHEMA_BEHIND = ("no such table", "no such column")
HEALTH_CACHE_KEY = "newsroom:healthz"


def maintenance_response() -> HttpResponse:
    """The 503 page: no request context, so no context processor can query the database."""
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # Neither a browser nor a shared cache may keep the outage page as the page itself.
    add_never_cache_headers(response)
    return response


def _is_outage(exception: BaseException | None) -> bool:
    return isinstance(exception, OUTAGE_ERRORS)


def mark_database_outage(sender, request=None, **kwargs):
    """Mark a request whose unhandled exception was an outage, wherever it was raised.

    Django turns an exception in a middleware into a 500 response before the outer
    middleware sees it, sending got_request_exception on the way (connected in
    NewsroomConfig.ready()); OutageMiddleware then swaps the 500 for the maintenance page.
    """
    if request is not None and _is_outage(sys.exc_info()[1]):
        request.database_outage = True


class OutageMiddleware:
    """Answer 503 with the maintenance page when the database is unreachable.

    Views and templates: process_exception handles the error (one log line, no
    traceback). Anything else (another middleware, a lazy session read on the way out):
    the signal above marks the request and the 500 is replaced here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "database_outage", False):
            return maintenance_response()
        return response

    def process_exception(self, request, exception):
        if not _is_outage(exception):
            return None
        if str(exception).startswith(SCHEMA_BEHIND):
            # Code deployed ahead of its migrations: readers get the maintenance page while
            # `migrate` runs, but the operator must read that the database answered.
            logger.error(
                "Database schema behind the code (run manage.py migrate), answered 503 for %s: %s",
                request.path,
                exception,
            )
        else:
            logger.warning("Database unreachable, answered 503 for %s: %s", request.path, exception)
        return maintenance_response()


def check_database() -> bool:
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        logger.warning("Health check: database unreachable: %s", exc)
        return False
    return True


def check_cache() -> bool:
    try:
        cache.set(HEALTH_CACHE_KEY, "ok", timeout=10)
        return cache.get(HEALTH_CACHE_KEY) == "ok"
    # The cache backend is pluggable (Redis, memcached, a file): each raises its own
    # connection errors, and a health check must report them, not crash on them.
    except Exception as exc:
        logger.warning("Health check: cache unreachable: %s", exc)
        return False


def health_response() -> JsonResponse:
    """200 {"status": "ok", ...} when every service answers, else 503 naming what is down."""
    checks = {"database": check_database(), "cache": check_cache()}
    down = [name for name, ok in checks.items() if not ok]
    body = {
        "status": "unavailable" if down else "ok",
        "down": down,
        **{name: "ok" if ok else "down" for name, ok in checks.items()},
    }
    response = JsonResponse(body, status=503 if down else 200)
    if down:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response

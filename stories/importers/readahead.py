"""Reading and parsing the next inputs while the database writes the current batch.

On PostgreSQL most of a batch's time is the server computing each story's search
document; the client only waits. A thread that reads and parses ahead (a bounded number
of stories, so memory stays flat) uses that wait. It touches the database only through
what it is given to run (documents.with_documents), with a connection of its own.
"""

import queue
import threading
from collections.abc import Iterable, Iterator

from django.db import connections

_DONE = object()


class _Failed:
    def __init__(self, error: BaseException):
        self.error = error


def read_ahead(items: Iterable, *, size: int) -> Iterator:
    """Yield what `items` yields, produced by a thread up to `size` items ahead."""
    ahead: queue.Queue = queue.Queue(maxsize=size)
    stop = threading.Event()

    def put(value) -> bool:
        while not stop.is_set():
            try:
                ahead.put(value, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce():
        try:
            for item in items:
                if not put(item):
                    return
        except BaseException as error:  # handed to the consumer, raised there
            put(_Failed(error))
            return
        finally:
            # A generator left part-way is finished here, in the thread that ran it, and
            # the database connection it may have opened (Django's are per thread) with it.
            close = getattr(items, "close", None)
            if close is not None:
                close()
            connections.close_all()
        put(_DONE)

    thread = threading.Thread(target=produce, name="import-read-ahead", daemon=True)
    thread.start()
    try:
        while (item := ahead.get()) is not _DONE:
            if isinstance(item, _Failed):
                raise item.error
            yield item
    finally:
        # The consumer stopped (done, a bad input, an interruption): let the thread end.
        stop.set()
        thread.join()

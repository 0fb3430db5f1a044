from contextlib import contextmanager

import pytest
from django.db import connection


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """A block whose writes commit at its end, running their on_commit callbacks.

    Tests run inside a transaction that never commits: what they wrote before the block
    (the seed, factories) is first committed the same way, as it would be in real life.
    """

    @contextmanager
    def committed():
        pending = list(connection.run_on_commit)
        connection.run_on_commit.clear()
        for _, callback, _ in pending:
            callback()
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            yield callbacks

    return committed

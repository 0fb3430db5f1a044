"""Signals stories sends for the apps above it, which it may not import (pyproject.toml's
app layers)."""

from django.dispatch import Signal

# Sent after rows went into `table` by a statement no connection execute wrapper sees (a
# PostgreSQL COPY), with `connection` and `table`: the page cache counts it as a write
# (newsroom/cache/invalidation.py), as it counts every INSERT it sees.
rows_copied = Signal()

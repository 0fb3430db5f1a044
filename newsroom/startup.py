"""Loading the settings at start-up, where a configuration mistake must read as one line."""

import importlib
import os
import sys

from django.core.exceptions import ImproperlyConfigured


def load_settings_or_exit() -> None:
    """Import the settings module now; if it is misconfigured, say why in one line and exit.

    Without this an operator who forgot DJANGO_SECRET_KEY gets a 30-line traceback (or, from
    gunicorn, a worker that fails to boot) with the one sentence that matters at the end.
    """
    try:
        importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"])
    except ImproperlyConfigured as exc:
        sys.exit(f"Newsroom cannot start: {exc}")

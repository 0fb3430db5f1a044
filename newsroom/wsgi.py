"""WSGI entry point for gunicorn: `gunicorn newsroom.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

from newsroom.startup import load_settings_or_exit

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
load_settings_or_exit()

django_application = get_wsgi_application()

# Imported once the apps are loaded (the page store reads models). Hits on pages this
# process already served come from its memory, before Django builds a request
# (newsroom/cache/hot.py); everything else is Django's.
from newsroom.cache.hot import HotPages  # noqa: E402

application = HotPages(django_application)

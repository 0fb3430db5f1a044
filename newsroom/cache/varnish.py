"""Purge Varnish by surrogate key (deploy/varnish/newsroom.vcl, vmod xkey)."""

import http.client
import logging
from urllib.parse import urlsplit

from django.conf import settings

log = logging.getLogger(__name__)

# A purge runs in the editor's request after the commit: a Varnish that does not answer
# must not hold the newsroom up. Its pages then expire by s-maxage instead.
TIMEOUT_SECONDS = 1.0


def purge(keys: list[str]) -> None:
    """Ask every Varnish in NEWSROOM_VARNISH_URLS to drop the objects tagged with `keys`."""
    for url in settings.NEWSROOM_VARNISH_URLS:
        parts = urlsplit(url)
        connection = http.client.HTTPConnection(
            parts.hostname, parts.port or 80, timeout=TIMEOUT_SECONDS
        )
        try:
            connection.request("PURGE", "/", headers={"xkey-purge": " ".join(keys)})
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                log.warning("Varnish at %s refused the purge: %s", url, response.status)
        except OSError as error:
            log.warning("Could not purge Varnish at %s: %s", url, error)
        finally:
            connection.close()

from django.conf import settings
from django.urls import reverse
from django.utils.functional import SimpleLazyObject


def _navigation_sections():
    from stories.models import Section

    return list(Section.objects.only("name", "slug"))


def site(request):
    """The newsroom's name and its sections for the navigation of every page.

    Lazy, so a page that never renders the navigation (a redirect, an error) costs no query.
    """
    return {
        "site_name": settings.NEWSROOM_NAME,
        "site_tagline": settings.NEWSROOM_TAGLINE,
        "nav_sections": SimpleLazyObject(_navigation_sections),
        "canonical_url": request.build_absolute_uri(request.path),
        # The site-wide feeds, announced in every page's <head> for feed readers.
        "site_feed_urls": {
            "rss": reverse("feeds:stories-rss"),
            "atom": reverse("feeds:stories-atom"),
        },
    }

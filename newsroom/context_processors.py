from django.conf import settings
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from newsroom.cache import fragments


def _navigation_sections(request):
    from stories.models import Section

    # On every page and rarely changed: read from the fragment cache, kept until the next
    # change a reader could see, like the pages (newsroom/cache/fragments.py).
    return fragments.cached(
        request, "nav-sections", (), lambda: list(Section.objects.only("name", "slug"))
    )


# Query parameters that choose what a page lists; every other one (tracking tags, a
# stray ?x=) names the same page, so the canonical URL leaves it out.
CANONICAL_PARAMETERS = ("letter", "page", "year")


def canonical_url(request) -> str:
    """The page's address with only the parameters that change what it lists.

    Page 1 is the page without ?page=; parameters keep a fixed order so every spelling
    of the same listing has one canonical URL.
    """
    kept = QueryDict(mutable=True)
    for name in CANONICAL_PARAMETERS:
        value = request.GET.get(name)
        if value and not (name == "page" and value == "1"):
            kept[name] = value
    query = kept.urlencode()
    return request.build_absolute_uri(request.path) + (f"?{query}" if query else "")


def site(request):
    """The newsroom's name and its sections for the navigation of every page.

    Lazy, so a page that never renders the navigation (a redirect, an error) costs no query.
    """
    return {
        "site_name": settings.NEWSROOM_NAME,
        # The request's clock for "2 hours ago": read once, so a page is one instant.
        "now": timezone.now(),
        "site_tagline": settings.NEWSROOM_TAGLINE,
        "nav_sections": SimpleLazyObject(lambda: _navigation_sections(request)),
        "canonical_url": SimpleLazyObject(lambda: canonical_url(request)),
        # The site-wide feeds, announced in every page's <head> for feed readers; lazy, as
        # the parts of the page that show them are usually cached fragments.
        "site_feed_urls": SimpleLazyObject(
            lambda: {"rss": reverse("feeds:stories-rss"), "atom": reverse("feeds:stories-atom")}
        ),
    }

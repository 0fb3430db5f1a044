"""The sitemap files, written directly instead of through Django's sitemap template.

A file holds up to 1,000 URLs. Django's view renders them with a template (a loop of
conditionals, a `date` filter and `{% spaceless %}` over the whole file) after a
`reverse()` per URL: 100 to 200 ms a file at 100,000 stories, where the queries took a
few. Here each URL is one formatted string, built from a prefix reversed once per file
(`SlugLocations`), and the file is the same bytes the template gave (the public-pages
record pins them). The index and the news sitemap keep Django's views: the index lists
a few hundred files, the news sitemap a day's stories.
"""

from datetime import UTC, date, datetime, time
from urllib.parse import quote

from django.contrib.sitemaps.views import x_robots_tag
from django.contrib.sites.shortcuts import get_current_site
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import http_date

# What reverse() leaves unquoted in a path (django.urls.resolvers): the same here, so a
# tag's Unicode slug is percent-encoded exactly as reverse() would.
_SAFE = "!$&'()*+,;=/~:@"
_PLACEHOLDER = "sitemap-slug-placeholder"

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)
TAIL = "\n</urlset>\n"


class SlugLocations:
    """`reverse(url_name, kwargs={"slug": slug})` for many slugs, reversed once.

    The slug is the pattern's only argument, so every URL is the same prefix and suffix
    around the quoted slug. The slugs come from the database, where the model's field
    (and taggit's slugify) made them of the characters the URL converter accepts.
    """

    def __init__(self, url_name: str):
        path = reverse(url_name, kwargs={"slug": _PLACEHOLDER})
        self.before, _, self.after = path.rpartition(_PLACEHOLDER)

    def __call__(self, slug: str) -> str:
        return f"{self.before}{quote(slug, safe=_SAFE)}{self.after}"


def _day(value) -> str:
    """The template's `value|date:"Y-m-d"`: an aware time is read in the current zone."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.isoformat()[:10]


def _url(entry: dict) -> str:
    parts = ["<url><loc>", escape(entry["location"]), "</loc>"]
    if entry["lastmod"]:
        parts += ["<lastmod>", _day(entry["lastmod"]), "</lastmod>"]
    if entry["changefreq"]:
        parts += ["<changefreq>", escape(entry["changefreq"]), "</changefreq>"]
    if entry["priority"]:
        parts += ["<priority>", escape(entry["priority"]), "</priority>"]
    parts.append("</url>")
    return "".join(parts)


def urlset(entries: list[dict]) -> str:
    """The XML of a sitemap file: Django's sitemap.xml template, byte for byte."""
    return HEAD + "".join(_url(entry) for entry in entries) + TAIL


def _aware(value) -> datetime:
    if not isinstance(value, datetime):
        value = datetime.combine(value, time.min)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


@x_robots_tag
def sitemap(request, sitemaps, section):
    """One page of one sitemap, as django.contrib.sitemaps.views.sitemap answers it."""
    if section not in sitemaps:
        raise Http404(f"No sitemap available for section: {section!r}")
    site = sitemaps[section]()
    page = request.GET.get("p", 1)
    try:
        entries = site.get_urls(page=page, site=get_current_site(request), protocol=request.scheme)
    except EmptyPage:
        raise Http404(f"Page {page} empty") from None
    except PageNotAnInteger:
        raise Http404(f"No page {page!r}") from None
    response = HttpResponse(urlset(entries), content_type="application/xml")
    # Set when every URL has a lastmod: ConditionalGetMiddleware can then answer 304.
    latest = getattr(site, "latest_lastmod", None)
    if isinstance(latest, date):
        response.headers["Last-Modified"] = http_date(_aware(latest).timestamp())
    return response

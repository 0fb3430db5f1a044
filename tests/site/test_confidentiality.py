"""A confidential source, and every confidential field of any source, never reaches a reader.

The test plants unique marker strings in every field of a confidential source and in
the contact fields of a public one, then fetches every page the public site links to
(from the front page, breadth first) plus EXTRA_PUBLIC_URLS, and looks for the markers
in every response body and header.
"""

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from media.models import Image as LibraryImage
from sources.models import CONFIDENTIAL_FIELDS, Source
from tests.factories import QuoteFactory, SourceFactory, StoryFactory, mention, stored_image

pytestmark = pytest.mark.django_db

# Public addresses the home page does not necessarily link to. Feeds, the sitemap and
# search results belong here as they are added (e.g. "/feeds/latest/", "/sitemap.xml",
# "/search/?q=zqxnamemarker").
EXTRA_PUBLIC_URLS = [
    "/sources/",
    "/sources/?letter=Z",
    "/sources/?letter=%23",
    "/sources/zqxslugmarker/",  # the confidential source's would-be profile
    "/sources/zqxorgslugmarker/",
    "/robots.txt",
    "/sitemap.xml",
    "/sitemap-news.xml",
    "/sitemap-stories.xml",
    "/sitemap-sources.xml",
    "/sitemap-races.xml",
    "/feeds/stories/rss/",
    "/feeds/stories/atom/",
    "/feeds/corrections/rss/",
    "/feeds/sources/zqxslugmarker/rss/",
    "/search/?q=zqxnamemarker",
    "/search/?q=zqxemailmarker",
    "/search/?q=zqxnotesmarker",
    "/search/?q=zqxpublicnotesmarker",
    "/search/?q=official",
    "/elections/",
    "/admin/autocomplete/?app_label=stories&model_name=quote&field_name=source&term=a",
]
# Crawling stops here; the data below yields a few dozen pages.
MAX_PAGES = 300
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/")
ANONYMOUS = "a city official who requested anonymity"

CONFIDENTIAL_MARKERS = {
    "name": "Zqxnamemarker Person",
    "sort_name": "Zqxsortmarker",
    "slug": "zqxslugmarker",
    "title": "Zqxtitlemarker deputy",
    "bio": "Zqxbiomarker grew up here.",
    "contact_email": "zqxemailmarker@example.test",
    "contact_phone": "555-0100-zqxphonemarker",
    "private_notes": "Zqxnotesmarker: meet at the usual place.",
    "party": "Zqxpartymarker",
    "website": "https://zqxwebsitemarker.example/",
}
# The photo is a library image: its file name, alt text and credit carry markers too.
PHOTO_MARKERS = {
    "file": "sources/2026/zqxphotomarker.jpg",
    "alt_text": "Zqxaltmarker at the harbour",
    "credit": "Zqxcreditmarker",
}
CONFIDENTIAL_ORG_MARKERS = {
    "name": "Zqxorgnamemarker Agency",
    "slug": "zqxorgslugmarker",
    "title": "Zqxorgtitlemarker",
}
PUBLIC_CONTACT_MARKERS = {
    "contact_email": "zqxpublicemailmarker@example.test",
    "contact_phone": "555-0101-zqxpublicphonemarker",
    "private_notes": "Zqxpublicnotesmarker: home number is unlisted.",
}


def markers():
    values = [
        *CONFIDENTIAL_MARKERS.values(),
        *PHOTO_MARKERS.values(),
        *CONFIDENTIAL_ORG_MARKERS.values(),
        *PUBLIC_CONTACT_MARKERS.values(),
    ]
    # Also the distinctive part of each, in case a template reformats the whole value.
    return {v.lower() for v in values} | {
        word.lower() for v in values for word in v.replace("/", " ").split() if "zqx" in word
    }


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in {"href", "src"} and value:
                self.links.append(value)


def same_host_links(url, html):
    parser = LinkParser()
    parser.feed(html)
    for link in parser.links:
        absolute, _ = urldefrag(urljoin(f"http://testserver{url}", link))
        parts = urlsplit(absolute)
        if parts.netloc != "testserver" or parts.path.startswith(SKIPPED_PREFIXES):
            continue
        yield parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture
def planted():
    """A published story quoting a confidential source and a public one with secret contacts."""
    org = SourceFactory(
        kind=Source.Kind.ORGANISATION,
        confidential=True,
        sort_name="Zqxorgsortmarker",
        **CONFIDENTIAL_ORG_MARKERS,
    )
    secret = SourceFactory(
        confidential=True,
        affiliation=org,
        photo=LibraryImage.objects.create(
            **{**PHOTO_MARKERS, "file": stored_image(PHOTO_MARKERS["file"])}
        ),
        **CONFIDENTIAL_MARKERS,
    )
    public = SourceFactory(
        name="Dana Public", slug="dana-public", affiliation=org, **PUBLIC_CONTACT_MARKERS
    )
    story = StoryFactory(
        headline="Audit finds missing road funds",
        body=(
            "<p>&ldquo;The money went somewhere else,&rdquo; said "
            f"{ANONYMOUS}.</p><p>&ldquo;We will find out where,&rdquo; said Dana Public.</p>"
        ),
        tags=["Audit"],
    )
    QuoteFactory(
        story=story, source=secret, text="The money went somewhere else", attribution=ANONYMOUS
    )
    QuoteFactory(story=story, source=public, text="We will find out where", attribution="said")
    mention(story, secret, org)
    return story, public


@pytest.mark.parametrize("fragment_cache", [False, True], ids=["fragments off", "fragments on"])
def test_no_public_response_carries_a_confidential_marker(
    client, planted, settings, fragment_cache
):
    # With the fragment cache on, pages after the first reuse the navigation and boxes.
    settings.NEWSROOM_FRAGMENT_CACHE = fragment_cache
    story, public = planted
    secrets = markers()
    queue = deque(["/", *EXTRA_PUBLIC_URLS])
    seen = set(queue)
    fetched = []
    while queue and len(fetched) < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        fetched.append(url)
        body = response.content.decode().lower()
        headers = " ".join(f"{k}: {v}" for k, v in response.headers.items()).lower()
        leaked = sorted(m for m in secrets if m in body or m in headers)
        assert not leaked, f"{url} ({response.status_code}) shows {leaked}"
        if url not in EXTRA_PUBLIC_URLS:
            assert response.status_code == 200, f"the site links to {url}, a {response.status_code}"
        if response["Content-Type"].startswith("text/html"):
            for link in same_host_links(url, response.content.decode()):
                if link not in seen:
                    seen.add(link)
                    queue.append(link)
    # The crawl must have reached the pages that could leak, or it proves nothing.
    assert story.get_absolute_url() in fetched
    assert public.get_absolute_url() in fetched
    assert len(fetched) < MAX_PAGES, "the crawl was cut short; raise MAX_PAGES"


def test_story_page_credits_the_confidential_quote_by_its_printed_attribution(client, planted):
    story, public = planted
    content = client.get(story.get_absolute_url()).content.decode()
    assert f"Also quoted: {ANONYMOUS}" in content
    assert f'href="{public.get_absolute_url()}"' in content


def test_confidential_source_and_its_organisation_have_no_profile(client, planted):
    assert client.get("/sources/zqxslugmarker/").status_code == 404
    assert client.get("/sources/zqxorgslugmarker/").status_code == 404


def test_the_crawl_plants_a_marker_in_every_confidential_field():
    """CONFIDENTIAL_FIELDS promises public output never shows them; the crawl is the proof.

    A field added to CONFIDENTIAL_FIELDS fails here until the crawl plants a marker in it.
    """
    valued = set(CONFIDENTIAL_FIELDS) - {"confidential"}  # the flag is a boolean
    assert valued <= CONFIDENTIAL_MARKERS.keys()
    assert valued <= PUBLIC_CONTACT_MARKERS.keys()

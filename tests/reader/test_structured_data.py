"""JSON-LD, OpenGraph and Twitter tags: what search engines and social sites read."""

import json
import re

import pytest
from django.urls import reverse

from sources.models import Source
from tests.factories import AuthorFactory, StoryFactory

pytestmark = pytest.mark.django_db

JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def jsonld(response):
    """Every JSON-LD block in the page, parsed."""
    return [json.loads(block) for block in JSONLD.findall(response.content.decode())]


def meta(response, attribute, name):
    match = re.search(
        rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', response.content.decode()
    )
    return match and match[1]


def test_seed_story_news_article(client, seed):
    response = client.get(seed.get_absolute_url())
    [article] = jsonld(response)
    url = f"http://testserver{seed.get_absolute_url()}"
    assert article["@context"] == "https://schema.org"
    assert article["@type"] == "ReportageNewsArticle"
    assert article["headline"] == seed.headline
    assert article["description"] == seed.dek
    assert article["datePublished"] == "2022-08-02T12:00:00-07:00"
    assert article["dateModified"] == "2022-08-02T12:00:00-07:00"
    assert article["author"] == [{"@type": "Organization", "name": "KABC"}]
    assert article["publisher"]["@type"] == "NewsMediaOrganization"
    assert article["publisher"]["name"] == "Newsroom"
    assert article["publisher"]["logo"]["url"].startswith("http://testserver/static/")
    assert article["articleSection"] == "Politics"
    assert {"Homelessness", "Rick Caruso", "Karen Bass"} <= set(article["keywords"])
    assert article["dateline"] == "LOS ANGELES (KABC)"
    assert article["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert article["url"] == url


def test_bylined_authors_are_people_with_profile_urls(client):
    ana, ben = AuthorFactory(name="Ana Ruiz"), AuthorFactory(name="Ben Cho")
    story = StoryFactory(authors=[ana, ben], kind="analysis")
    [article] = jsonld(client.get(story.get_absolute_url()))
    assert article["@type"] == "AnalysisNewsArticle"
    assert article["author"] == [
        {
            "@type": "Person",
            "name": "Ana Ruiz",
            "url": f"http://testserver{ana.get_absolute_url()}",
        },
        {"@type": "Person", "name": "Ben Cho", "url": f"http://testserver{ben.get_absolute_url()}"},
    ]


@pytest.mark.parametrize(
    ("kind", "schema_type"),
    [
        ("news", "ReportageNewsArticle"),
        ("opinion", "OpinionNewsArticle"),
        ("sponsored", "NewsArticle"),
    ],
)
def test_kind_of_work_picks_the_schema_type(client, kind, schema_type):
    story = StoryFactory(kind=kind)
    assert jsonld(client.get(story.get_absolute_url()))[0]["@type"] == schema_type


def test_a_headline_cannot_break_out_of_the_script_element(client):
    hostile = '</script><script>alert("x")</script><!-- & more'
    story = StoryFactory(headline=hostile, dek="</SCRIPT >")
    response = client.get(story.get_absolute_url())
    body = response.content.decode()
    assert "<script>alert" not in body
    assert body.count("<script") == 1  # the JSON-LD block is the page's only script
    [article] = jsonld(response)
    assert article["headline"] == hostile
    assert article["description"] == "</SCRIPT >"


def test_story_sharing_tags_and_canonical(client, seed):
    response = client.get(seed.get_absolute_url())
    url = f"http://testserver{seed.get_absolute_url()}"
    assert meta(response, "property", "og:type") == "article"
    assert meta(response, "property", "og:url") == url
    assert meta(response, "property", "og:title") == seed.headline
    assert meta(response, "property", "article:published_time") == "2022-08-02T12:00:00-07:00"
    assert meta(response, "name", "twitter:card") == "summary"
    assert f'<link rel="canonical" href="{url}">' in response.content.decode()
    assert meta(response, "name", "description").startswith("President Joe Biden")


def test_front_page_describes_the_organisation_and_its_policies(client, seed):
    response = client.get(reverse("front_page"))
    [organisation] = jsonld(response)
    assert organisation["@type"] == "NewsMediaOrganization"
    assert organisation["url"] == "http://testserver/"
    for key in ("publishingPrinciples", "correctionsPolicy"):
        page = client.get(organisation[key].removeprefix("http://testserver"))
        assert page.status_code == 200
        assert b"<h1>" in page.content
    assert meta(response, "property", "og:type") == "website"


def test_policy_urls_come_from_settings(client, settings):
    settings.NEWSROOM_CORRECTIONS_POLICY_URL = "https://example.org/corrections"
    [organisation] = jsonld(client.get(reverse("front_page")))
    assert organisation["correctionsPolicy"] == "https://example.org/corrections"


def test_source_profile_is_a_person_without_confidential_fields(client, seed):
    caruso = Source.objects.get(slug="rick-caruso")
    caruso.contact_email = "rick@example.com"
    caruso.private_notes = "Call after 6pm"
    caruso.save()
    response = client.get(caruso.get_absolute_url())
    [person] = jsonld(response)
    assert person["@type"] == "Person"
    assert person["name"] == "Rick Caruso"
    assert person["jobTitle"] == caruso.title
    assert "rick@example.com" not in response.content.decode()
    assert "6pm" not in response.content.decode()


def test_an_organisation_source_and_a_persons_affiliation(client, seed):
    [organisation] = jsonld(client.get("/sources/simon-wiesenthal-center/"))
    assert organisation["@type"] == "Organization"
    [person] = jsonld(client.get("/sources/marvin-hier/"))
    assert person["affiliation"]["name"] == "Simon Wiesenthal Center"


def test_a_confidential_affiliation_is_left_out(client):
    secret = Source.objects.create(
        name="Unnamed agency", slug="unnamed-agency", kind="organisation", confidential=True
    )
    person = Source.objects.create(name="Pat Lee", slug="pat-lee", affiliation=secret)
    response = client.get(person.get_absolute_url())
    assert "affiliation" not in jsonld(response)[0]
    assert "Unnamed agency" not in response.content.decode()


def test_list_pages_share_under_their_own_title(client, seed):
    section = client.get(seed.section.get_absolute_url())
    assert meta(section, "property", "og:title") == "Politics — Newsroom"
    tag = client.get(reverse("stories:tag", kwargs={"slug": "homelessness"}))
    assert meta(tag, "property", "og:title") == "Stories about Homelessness — Newsroom"
    source = client.get("/sources/karen-bass/")
    assert meta(source, "property", "og:title") == "Karen Bass — Newsroom"


def test_corrections_are_correction_comments_and_move_date_modified(client, seed, editor):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from stories import publishing

    when = datetime(2022, 8, 3, 9, 30, tzinfo=ZoneInfo("America/Los_Angeles"))
    publishing.add_correction(
        story=seed, user=editor, kind="correction", text="Bass is a congresswoman.", now=when
    )
    [article] = jsonld(client.get(seed.get_absolute_url()))
    assert article["datePublished"] == "2022-08-02T12:00:00-07:00"
    assert article["dateModified"] == "2022-08-03T09:30:00-07:00"
    assert article["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "Correction: Bass is a congresswoman.",
            "datePublished": "2022-08-03T09:30:00-07:00",
        }
    ]

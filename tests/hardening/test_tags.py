"""Tags in any script, or of punctuation only, never break a page: Unicode slugs, never
empty, never colliding; from the admin, `import_story --tag` and ninjs keywords alike."""

import json
from urllib.parse import quote

import pytest
from django.urls import reverse
from taggit.models import Tag

from stories.tags import fallback_slug, usable_slug
from tests.conftest import SEED_SLUG
from tests.factories import SectionFactory, StoryFactory
from tests.importers.helpers import SEED_TEXT, run

pytestmark = pytest.mark.django_db

HOSTILE_TAGS = ["東京", "Москва", "!!!", "???", "…", "Tag", "tag!", "Ünïcödé", "🙂", "_"]


@pytest.fixture
def tagged_story():
    return StoryFactory(tags=HOSTILE_TAGS)


def test_every_tag_gets_a_slug_with_a_letter_or_digit_and_none_collide(tagged_story):
    slugs = list(Tag.objects.values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs)) == len(HOSTILE_TAGS)
    assert all(slug and usable_slug("x", slug) == slug for slug in slugs)
    assert Tag.objects.get(name="東京").slug == "東京"
    assert Tag.objects.get(name="Москва").slug == "москва"
    assert Tag.objects.get(name="!!!").slug == fallback_slug("!!!")


def test_the_story_page_tag_pages_sitemap_and_feeds_all_answer(client, tagged_story):
    story_page = client.get(tagged_story.get_absolute_url())
    assert story_page.status_code == 200
    body = story_page.content.decode()
    assert f'href="/tags/{quote("東京")}/"' in body
    for tag in Tag.objects.all():
        url = reverse("stories:tag", args=[tag.slug])
        assert client.get(url).status_code == 200, tag.name
        for kind in ("rss", "atom"):
            feed = client.get(reverse(f"feeds:tag-{kind}", args=[tag.slug]))
            assert feed.status_code == 200, (tag.name, kind)
    sitemap = client.get("/sitemap-tags.xml")
    assert sitemap.status_code == 200
    assert quote("東京") in sitemap.content.decode()
    assert client.get("/sitemap.xml").status_code == 200


def test_a_tag_url_that_matches_nothing_is_a_404(client):
    assert client.get("/tags/%E2%80%A6/").status_code == 404
    assert client.get("/tags/nothing-here/").status_code == 404


def test_import_story_tag_option_takes_any_script(tmp_path, fixture_sources, client):
    SectionFactory(name="Politics", slug="politics")
    article = tmp_path / "seed.txt"
    article.write_text(SEED_TEXT.read_text(encoding="utf-8"), encoding="utf-8")
    run(
        "import_story",
        str(article),
        "--tag",
        "!!!",
        "--tag",
        "東京",
        "--section",
        "politics",
        "--publish",
    )
    story = StoryFactory._meta.model.objects.get(slug=SEED_SLUG)
    assert set(story.tags.values_list("name", flat=True)) >= {"!!!", "東京"}
    assert client.get(story.get_absolute_url()).status_code == 200


def test_ninjs_keywords_in_any_script(tmp_path, client):
    item = {
        "uri": "urn:newsroom:test:tags",
        "headline": "Tags from the wire",
        "body_html": "<p>Words.</p>",
        "keywords": ["Киев", "!!!", "大阪"],
        # What the pre-publish checks ask of a story that goes live: a section and a credit.
        "subject": [{"scheme": "newsroom:section", "code": "world", "name": "World"}],
        "infosources": [{"name": "Wire"}],
        "pubstatus": "usable",
        "versioncreated": "2022-11-08T10:00:00Z",
    }
    path = tmp_path / "wire.json"
    path.write_text(json.dumps(item), encoding="utf-8")
    run("import_story", str(path), "--publish")
    story = StoryFactory._meta.model.objects.get(headline="Tags from the wire")
    assert set(story.tags.values_list("name", flat=True)) == {"Киев", "!!!", "大阪"}
    assert client.get(story.get_absolute_url()).status_code == 200


def test_a_slug_emptied_by_an_older_version_is_repaired_by_the_rule():
    assert usable_slug("!!!", "") == fallback_slug("!!!")
    assert usable_slug("???", "_1") == fallback_slug("???") + "_1"
    assert usable_slug("東京", "東京_2") == "東京_2"

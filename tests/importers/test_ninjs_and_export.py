"""ninjs in and out: wire items import, and export_stories → import_story round-trips."""

import json
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management.base import CommandError
from taggit.models import Tag

from stories.models import Author, Byline, Section, Story
from tests.factories import AuthorFactory, ImageFactory, SectionFactory, StoryFactory
from tests.query_budget import assert_queries_do_not_grow

from .helpers import run

pytestmark = pytest.mark.django_db

WIRE_ITEM = {
    "uri": "urn:newsml:apnews.com:20220802:abc123",
    "type": "text",
    "version": "2",
    "firstcreated": "2022-08-02T19:00:00Z",
    "versioncreated": "2022-08-02T20:30:00Z",
    "headlines": [{"role": "main", "value": "Wildfire forces evacuations near Castaic"}],
    "descriptions": [{"role": "summary", "contenttype": "text/plain", "value": "Crews battle."}],
    "bodies": [
        {
            "contenttype": "text/html",
            "value": '<p>Fire crews <script>alert("x")</script>worked overnight.</p>',
        }
    ],
    "by": "By Jane Reporter and Sam Writer",
    "located": "CASTAIC",
    "infosources": [{"name": "AP"}],
    "subjects": [{"name": "Wildfires"}, {"name": "Los Angeles County"}],
}


def test_a_wire_item_imports_sanitized_with_byline_tags_and_times(tmp_path):
    wire = tmp_path / "ap.json"
    wire.write_text(json.dumps(WIRE_ITEM), "utf-8")

    run("import_story", str(wire))

    story = Story.objects.get()
    assert story.headline == "Wildfire forces evacuations near Castaic"
    assert story.dek == "Crews battle."
    assert story.body == "<p>Fire crews worked overnight.</p>", "script removed"
    assert (story.dateline, story.credit) == ("CASTAIC", "AP")
    assert [b.author.name for b in story.bylines.all()] == ["Jane Reporter", "Sam Writer"]
    assert sorted(story.tags.names()) == ["Los Angeles County", "Wildfires"]
    assert story.published_at == datetime(2022, 8, 2, 19, tzinfo=UTC)
    assert story.updated_at == datetime(2022, 8, 2, 20, 30, tzinfo=UTC)
    assert (story.import_key, story.import_version) == (WIRE_ITEM["uri"], "2")
    assert story.status == Story.Status.DRAFT
    # No "seo" entries: the page falls back to the headline and dek.
    assert (story.seo_title, story.seo_description) == ("", "")


def test_a_new_version_of_a_wire_item_updates_the_same_story(tmp_path):
    wire = tmp_path / "ap.json"
    wire.write_text(json.dumps(WIRE_ITEM), "utf-8")
    run("import_story", str(wire))
    first = Story.objects.get()

    newer = {**WIRE_ITEM, "version": "3", "headlines": [{"value": "Castaic fire 40% contained"}]}
    newer["bodies"] = [{"contenttype": "text/html", "value": '<p onclick="x()">Update</p>'}]
    newer["subjects"] = [{"name": "Wildfires"}]
    wire.write_text(json.dumps(newer), "utf-8")
    out, _ = run("import_story", str(wire))

    story = Story.objects.get()
    assert "1 updated" in out
    assert (story.pk, story.slug) == (first.pk, first.slug), "readers' bookmarks survive"
    assert (story.headline, story.import_version) == ("Castaic fire 40% contained", "3")
    assert list(story.tags.names()) == ["Wildfires"]
    assert story.body == "<p>Update</p>", "an update is sanitized like a new story"
    assert Byline.objects.count() == 2 and Author.objects.count() == 2


def test_the_same_uri_twice_in_one_run_keeps_the_later_version(tmp_path):
    feed = tmp_path / "feed.jsonl"
    later = {**WIRE_ITEM, "version": "3", "headlines": [{"value": "Castaic fire contained"}]}
    feed.write_text(json.dumps(WIRE_ITEM) + "\n" + json.dumps(later) + "\n", "utf-8")

    out, _ = run("import_story", str(feed))

    assert "1 created, 1 updated" in out
    assert Story.objects.get().headline == "Castaic fire contained"


def snapshot() -> dict:
    """Everything export → import must carry, keyed by slug."""
    return {
        story.slug: {
            "headline": story.headline,
            "dek": story.dek,
            "seo": (story.seo_title, story.seo_description),
            "body": story.body,
            "dateline": story.dateline,
            "credit": story.credit,
            "section": story.section.slug if story.section else None,
            "bylines": [
                (b.author.slug, b.author.name, b.role, b.position) for b in story.bylines.all()
            ],
            "tags": sorted(story.tags.names()),
            "times": (story.published_at, story.created_at, story.updated_at),
        }
        for story in Story.objects.all()
    }


def make_newsroom():
    section = SectionFactory(name="Metro", slug="metro")
    reporter = AuthorFactory(name="Ana Ortiz", slug="ana-ortiz")
    photographer = AuthorFactory(name="Ben Lee", slug="ben-lee")
    published = StoryFactory(
        headline="Metro line opens",
        dek="Riders cheer.",
        seo_title="Metro's new line: stations, fares & hours",
        seo_description="What riders need to know <today>.",
        body='<p>Opening <a href="https://metro.net">day</a> & “crowds”.</p>\n<p>Two.</p>',
        dateline="LOS ANGELES",
        credit="KABC",
        section=section,
        tags=["Transit", "Metro Rail"],
        published_at=datetime(2024, 5, 1, 8, 30, 15, 123456, tzinfo=UTC),
    )
    Byline.objects.create(story=published, author=photographer, role="photographer", position=1)
    Byline.objects.create(story=published, author=reporter, role="reporter", position=0)
    draft = StoryFactory(
        headline="Budget draft",
        status=Story.Status.DRAFT,
        published_at=None,
        section=None,
        credit="",
    )
    Byline.objects.create(story=draft, author=reporter, role="writer", position=0)
    Story.objects.filter(pk=published.pk).update(
        created_at=published.published_at - timedelta(days=1)
    )


def test_export_then_import_into_an_empty_database_round_trips(tmp_path):
    make_newsroom()
    expected = snapshot()
    exported, _ = run("export_stories", "--all")
    Story.objects.all().delete()
    Author.objects.all().delete()
    Tag.objects.all().delete()
    Section.objects.all().delete()
    dump = tmp_path / "stories.jsonl"
    dump.write_text(exported, "utf-8")

    out, _ = run("import_story", str(dump))

    assert "2 created" in out
    assert snapshot() == expected


def test_export_as_jsonl_on_stdin_round_trips_too():
    make_newsroom()
    expected = snapshot()
    exported, _ = run("export_stories", "--all")
    Story.objects.all().delete()

    run("import_story", "-", stdin=StringIO(exported))

    assert snapshot() == expected


def test_export_defaults_to_published_stories_only(tmp_path):
    make_newsroom()
    StoryFactory(headline="Scheduled", published_at=datetime.now(UTC) + timedelta(days=1))

    out, err = run("export_stories")

    items = [json.loads(line) for line in out.splitlines()]
    assert [i["headline"] for i in items] == ["Metro line opens"]
    assert items[0]["pubstatus"] == "usable"
    assert "Exported 1 stories." in err


def test_export_filters_by_section_and_since_and_writes_files(tmp_path):
    make_newsroom()
    StoryFactory(headline="Other desk", section=SectionFactory(slug="sports"))

    run("export_stories", "--section", "metro", "--output-dir", str(tmp_path / "out"))
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["metro-line-opens.json"]

    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    out, _ = run("export_stories", "--all", "--since", tomorrow)
    assert out == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "last week"], "--since 'last week' is not a date"),
        (["--section", "nope"], "There is no section with the slug 'nope'"),
        (["--base-url", "ftp://example.org"], "--base-url 'ftp://example.org' is not a scheme"),
        (["--base-url", "https://example.org/news"], "is not a scheme and host"),
    ],
)
def test_export_refuses_bad_options(args, message):
    with pytest.raises(CommandError, match=message):
        run("export_stories", *args)


def test_export_queries_do_not_grow_with_the_number_of_stories():
    """Bylines, tags and sections are prefetched: 3 and 12 stories cost the same queries."""

    def bylined_stories(size):
        author = AuthorFactory()
        for _ in range(size):
            story = StoryFactory(tags=["Transit", "Budget"])
            Byline.objects.create(story=story, author=author)

    exports = assert_queries_do_not_grow(
        build=bylined_stories, act=lambda _: run("export_stories"), sizes=(3, 12)
    )
    assert [len(out.splitlines()) for out, _ in exports] == [3, 12]


def test_an_embargo_survives_export_and_import(tmp_path):
    lifts = datetime(2099, 1, 1, 6, tzinfo=UTC)
    StoryFactory(headline="Budget leak", embargo_until=lifts, published_at=None, status="draft")
    exported, _ = run("export_stories", "--all")
    Story.objects.all().delete()
    dump = tmp_path / "stories.jsonl"
    dump.write_text(exported, "utf-8")

    run("import_story", str(dump))

    assert Story.objects.get().embargo_until == lifts


def test_the_seo_headline_and_description_travel_as_ninjs_entries_with_role_seo(tmp_path):
    """The standard ninjs 2.x way: extra `headlines[]` / `descriptions[]` entries with a
    role; an entry without a role is never taken for the SEO text."""
    make_newsroom()
    exported, _ = run("export_stories")
    [item] = [json.loads(line) for line in exported.splitlines()]
    assert {
        "role": "seo",
        "contenttype": "text/plain",
        "value": "What riders need to know <today>.",
    } in item["descriptions"]
    assert item["headlines"][0] == {
        "role": "main",
        "contenttype": "text/plain",
        "value": "Metro line opens",
    }
    assert item["headlines"][1]["role"] == "seo"

    wire = tmp_path / "ap.json"
    wire.write_text(
        json.dumps(
            {
                **WIRE_ITEM,
                "uri": "urn:test:seo",
                "headlines": [
                    {"value": "Castaic fire: evacuations ordered"},
                    {"role": "seo", "value": "Castaic wildfire evacuation map"},
                ],
                "descriptions": [
                    {"role": "seo", "value": "Which streets must leave, and where to go."},
                    {"value": "Crews battle."},
                ],
            }
        ),
        "utf-8",
    )
    run("import_story", str(wire))
    story = Story.objects.get(import_key="urn:test:seo")
    assert (story.headline, story.dek) == ("Castaic fire: evacuations ordered", "Crews battle.")
    assert story.seo_title == "Castaic wildfire evacuation map"
    assert story.seo_description == "Which streets must leave, and where to go."


def test_the_lead_image_travels_as_a_picture_association_with_absolute_renditions(settings):
    settings.NEWSROOM_DOMAIN = "news.example.org"
    image = ImageFactory(
        alt_text="The new platform at Union Station",
        caption="Riders on the first train.",
        credit="Jo Lens / Newsroom",
        licence="Staff photo",
    )
    StoryFactory(headline="Metro line opens", lead_image=image)
    StoryFactory(headline="No picture")

    out, _ = run("export_stories")
    items = {item["headline"]: item for item in map(json.loads, out.splitlines())}
    picture = items["Metro line opens"]["associations"]["featureimage"]

    assert "associations" not in items["No picture"]
    assert picture["type"] == "picture"
    assert picture["description_text"] == "The new platform at Union Station"
    assert picture["body_text"] == "Riders on the first train."
    assert picture["byline"] == "Jo Lens / Newsroom"
    assert picture["copyrightnotice"] == "Staff photo"
    original = picture["renditions"]["original"]
    assert original["href"] == "https://news.example.org" + image.file.url
    assert (original["width"], original["height"]) == (image.width, image.height)
    others = [r for name, r in picture["renditions"].items() if name != "original"]
    assert others and all(r["href"].startswith("https://news.example.org/") for r in others)
    assert {r["mimetype"] for r in others} >= {"image/jpeg"}

    out, _ = run("export_stories", "--base-url", "http://cdn.example.net:8080")
    [item] = [json.loads(line) for line in out.splitlines() if "Metro" in line]
    href = item["associations"]["featureimage"]["renditions"]["original"]["href"]
    assert href == "http://cdn.example.net:8080" + image.file.url


def test_an_exported_picture_association_does_not_stop_the_import(tmp_path):
    StoryFactory(headline="Metro line opens", lead_image=ImageFactory())
    exported, _ = run("export_stories")
    Story.objects.all().delete()
    dump = tmp_path / "stories.jsonl"
    dump.write_text(exported, "utf-8")

    out, _ = run("import_story", str(dump))

    assert "1 created" in out
    assert Story.objects.get().headline == "Metro line opens"

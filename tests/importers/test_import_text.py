"""import_story on plain text: the seed imports as the fixture; re-imports are idempotent."""

from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command

from sources.models import Source
from stories.models import Quote, Story
from tests.factories import SectionFactory
from tests.query_budget import assert_queries_do_not_grow

from .helpers import SEED_TEXT, fixture_objects, run

pytestmark = pytest.mark.django_db


def fixture_story_fields() -> dict:
    (story,) = fixture_objects("stories.story")
    return story["fields"]


def fixture_direct_quotes() -> list[tuple[str, str, str]]:
    """(source slug, text, attribution) of the fixture's direct quotes, in story order."""
    slugs = {o["pk"]: o["fields"]["slug"] for o in fixture_objects("sources.source")}
    quotes = sorted(
        (q["fields"] for q in fixture_objects("stories.quote")),
        key=lambda q: q["position"],
    )
    # The importer finds direct quotes only; Bass's paraphrase is an editor's call.
    return [
        (slugs[q["source"]], q["text"], q["attribution"])
        for q in quotes
        if q["method"] != Quote.Method.PARAPHRASE
    ]


def test_seed_text_imports_to_the_fixture_story_and_quotes(fixture_sources):
    out, _ = run("import_story", str(SEED_TEXT))

    story = Story.objects.get()
    expected = fixture_story_fields()
    for name in ("headline", "slug", "dek", "body", "dateline", "credit"):
        assert getattr(story, name) == expected[name], name
    quotes = [(q.source.slug, q.text, q.attribution) for q in story.quotes.order_by("position")]
    assert quotes == fixture_direct_quotes()
    assert story.status == Story.Status.DRAFT, "imports are drafts unless --publish"
    assert "1 created, 0 updated, 0 unchanged, 0 failed" in out
    assert Source.objects.count() == len(fixture_objects("sources.source")), "no source invented"


def test_reimporting_the_same_file_reports_unchanged_and_writes_nothing(fixture_sources):
    run("import_story", str(SEED_TEXT))
    before = Story.objects.values_list("pk", "updated_at").get()

    out, _ = run("import_story", str(SEED_TEXT))

    assert "0 created, 0 updated, 1 unchanged" in out
    assert Story.objects.values_list("pk", "updated_at").get() == before
    assert Quote.objects.count() == len(fixture_direct_quotes())


def test_a_changed_file_updates_the_story_it_created(fixture_sources, tmp_path):
    article = tmp_path / "bass.txt"
    article.write_text(SEED_TEXT.read_text(encoding="utf-8"), encoding="utf-8")
    run("import_story", str(article))
    story = Story.objects.get()

    article.write_text(
        article.read_text(encoding="utf-8").replace("Caruso responded", "Caruso replied"),
        encoding="utf-8",
    )
    out, _ = run("import_story", str(article))

    assert "0 created, 1 updated, 0 unchanged" in out
    updated = Story.objects.get()
    assert updated.pk == story.pk and updated.slug == story.slug
    assert "Caruso replied" in updated.body
    attributions = list(updated.quotes.values_list("attribution", flat=True))
    assert "Caruso replied" in attributions and "Caruso responded" not in attributions
    assert len(attributions) == len(fixture_direct_quotes()), "quotes replaced, not duplicated"


def test_an_update_by_import_is_a_revision_and_bumps_the_edit_version(fixture_sources, tmp_path):
    """Editors can see and undo what a re-import changed, and an open edit form conflicts."""
    from reversion.models import Version

    article = tmp_path / "bass.txt"
    article.write_text(SEED_TEXT.read_text(encoding="utf-8"), encoding="utf-8")
    run("import_story", str(article))
    story = Story.objects.get()
    assert Version.objects.get_for_object(story).count() == 0

    article.write_text(
        article.read_text(encoding="utf-8").replace("Caruso responded", "Caruso replied"),
        encoding="utf-8",
    )
    run("import_story", str(article))

    updated = Story.objects.get()
    assert updated.version == story.version + 1
    [version] = Version.objects.get_for_object(updated)
    assert "Caruso replied" in version.field_dict["body"]
    assert version.revision.comment == "Updated by import_story"
    quote_versions = version.revision.version_set.filter(content_type__model="quote")
    assert quote_versions.count() == updated.quotes.count()


def test_publish_section_and_tag_apply_to_every_story(db, tmp_path):
    section = SectionFactory(slug="metro")
    for n in (1, 2):
        (tmp_path / f"{n}.txt").write_text(f"Story number {n}\n\nDek.\n\nBody.\n", "utf-8")
    now = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)

    run(
        "import_story", str(tmp_path), "--publish", "--section", "metro",
        "--tag", "Metro", "--tag", "Weekend", now=now,
    )  # fmt: skip

    stories = Story.objects.order_by("headline")
    assert [s.headline for s in stories] == ["Story number 1", "Story number 2"]
    for story in stories:
        assert story.status == Story.Status.PUBLISHED and story.published_at == now
        assert story.section == section
        assert sorted(story.tags.names()) == ["Metro", "Weekend"]
    assert Story.objects.published(now=now).count() == 2


def test_dry_run_reports_what_would_change_and_writes_nothing(fixture_sources):
    out, _ = run("import_story", str(SEED_TEXT), "--dry-run")

    assert "Dry run, nothing was written" in out
    assert "1 created" in out
    assert not Story.objects.exists() and not Quote.objects.exists()


def test_unknown_speakers_are_listed_not_created(db, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text('Council votes\n\nDek.\n\n"We won," said Jane Doe.\n', "utf-8")

    out, _ = run("import_story", str(article))

    assert "Jane Doe (no matching source)" in out
    assert not Source.objects.exists() and not Quote.objects.exists()


def test_create_sources_creates_the_speaker_and_links_the_quote(db, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text('Council votes\n\nDek.\n\n"We won," said Councilmember Jane Doe.\n', "utf-8")

    out, _ = run("import_story", str(article), "--create-sources")

    source = Source.objects.get()
    assert (source.name, source.slug, source.sort_name) == ("Jane Doe", "jane-doe", "Doe, Jane")
    quote = Quote.objects.get()
    assert (quote.source, quote.text, quote.attribution) == (
        source,
        "We won",
        "said Councilmember Jane Doe",
    )
    assert "Jane Doe (jane-doe)" in out


def test_an_ambiguous_surname_is_left_for_an_editor(db, tmp_path):
    Source.objects.create(name="Karen Bass", slug="karen-bass")
    Source.objects.create(name="Lance Bass", slug="lance-bass")
    article = tmp_path / "a.txt"
    article.write_text('Headline\n\nDek.\n\n"Yes," said Bass.\n', "utf-8")

    out, _ = run("import_story", str(article), "--create-sources")

    assert "Bass (ambiguous" in out
    assert Source.objects.count() == 2 and not Quote.objects.exists()


def test_quiet_at_verbosity_zero(fixture_sources):
    out, err = run("import_story", str(SEED_TEXT), verbosity=0)
    assert (out, err) == ("", "")
    assert Story.objects.count() == 1


def test_standard_input_text_is_imported_and_identified_by_headline(db):
    text = "Wildfire closes the 210\n\nDek.\n\nPASADENA (KABC) -- Body.\n"
    run("import_story", "-", stdin=StringIO(text))
    out, _ = run("import_story", "-", stdin=StringIO(text))

    story = Story.objects.get()
    assert (story.dateline, story.credit, story.body) == ("PASADENA", "KABC", "<p>Body.</p>")
    assert "1 unchanged" in out


def write_articles(folder, count):
    folder.mkdir()
    for n in range(count):
        (folder / f"{n:03}.txt").write_text(
            f"Story {n} of {count}\n\nDek {n}.\n\nLOS ANGELES (KABC) -- Body {n}.\n\n"
            f'"We will break that cycle," said Caruso.\n',
            "utf-8",
        )


def test_import_queries_do_not_grow_with_the_number_of_stories(fixture_sources, tmp_path):
    """Writes are batched: 5 stories and 20 stories cost the same number of queries.

    (Past ~25 stories SQLite's 999-parameter limit splits one bulk INSERT into two, so the
    count then grows by one INSERT per ~25 stories, not by one per story.)
    """

    def articles(size):
        write_articles(tmp_path / f"n{size}", size)
        return size

    def import_them(size):
        run("import_story", str(tmp_path / f"n{size}"), "--tag", f"Batch {size}", verbosity=0)
        # two counting queries, the same at every size, before the data is rolled back
        return Story.objects.count(), Quote.objects.filter(source__slug="rick-caruso").count()

    imported = assert_queries_do_not_grow(build=articles, act=import_them, sizes=(5, 20))
    assert imported == [(5, 5), (20, 20)]


class Terminal(StringIO):
    def isatty(self):
        return True


def test_progress_is_shown_on_a_terminal_only(fixture_sources, tmp_path):
    write_articles(tmp_path / "a", 3)
    terminal, pipe = Terminal(), StringIO()

    call_command("import_story", str(tmp_path / "a"), stdout=StringIO(), stderr=terminal)
    write_articles(tmp_path / "b", 4)
    call_command("import_story", str(tmp_path / "b"), stdout=StringIO(), stderr=pipe)

    assert "Importing… 3 stories" in terminal.getvalue()
    assert pipe.getvalue() == ""


def test_dry_run_lists_what_each_input_would_become(fixture_sources):
    out, _ = run("import_story", str(SEED_TEXT), "--dry-run", verbosity=2)
    assert f"{SEED_TEXT}: would be created" in out

"""The la_mayor_2022 fixture carries the seed article exactly as KABC published it."""

import html
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection

from newsroom.bootstrap import bootstrap_site
from stories.models import Story

SEED_TEXT = Path(__file__).resolve().parent.parent / "data" / "la_mayor_2022.txt"


def seed_paragraphs():
    return [p.strip() for p in SEED_TEXT.read_text(encoding="utf-8").split("\n\n") if p.strip()]


def test_the_test_copy_of_the_seed_matches_shared_seed():
    """tests/data keeps a copy of the shared seed; it must not drift from it."""
    shared = Path(__file__).resolve().parents[2].parent / "shared/seeds/000_c86cd21f092cc8ff.txt"
    if not shared.exists():
        pytest.skip(f"{shared} is not beside this checkout")
    assert shared.read_text(encoding="utf-8") == SEED_TEXT.read_text(encoding="utf-8")


def test_fixture_story_has_headline_dek_dateline_and_date(seed):
    headline, dek, *_ = seed_paragraphs()
    assert seed.headline == headline
    assert seed.dek == dek
    assert (seed.dateline, seed.credit) == ("LOS ANGELES", "KABC")
    assert seed.is_public
    assert seed.published_at.astimezone(ZoneInfo("America/Los_Angeles")).date() == (
        datetime(2022, 8, 2).date()
    )
    assert seed.section.name == "Politics"
    assert {"Karen Bass", "Rick Caruso", "Homelessness"} <= set(seed.tags.names())
    assert not seed.bylines.exists(), "the seed names no reporter; none is invented"


def test_story_page_shows_every_seed_paragraph_verbatim(client, seed):
    """Every body paragraph appears whole and in order; the dateline moved out of the text."""
    _, _, *body = seed_paragraphs()
    first = body[0]
    assert first.startswith("LOS ANGELES (KABC) -- ")
    body[0] = first.removeprefix("LOS ANGELES (KABC) -- ")
    content = html.unescape(client.get(seed.get_absolute_url()).content.decode())
    positions = [content.index(f"<p>{paragraph}</p>") for paragraph in body]
    assert positions == sorted(positions)
    assert "LOS ANGELES (KABC) —" in content
    assert "LOS ANGELES (KABC) --" not in content


def test_front_page_links_to_the_seed_story(client, seed):
    content = client.get("/").content.decode()
    assert f'href="{seed.get_absolute_url()}"' in content


TABLES = [
    "stories_story",
    "stories_section",
    "taggit_tag",
    "stories_taggedstory",
    "sources_source",
    "stories_quote",
    "stories_story_mentioned_sources",
    "elections_race",
    "elections_contest",
    "elections_candidacy",
    "elections_endorsement",
    "elections_keydate",
    "stories_story_races",
    "stories_story_reported_endorsements",
]


def table_snapshot():
    with connection.cursor() as cursor:
        counts = {}
        for table in TABLES:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 (fixed names)
            counts[table] = cursor.fetchone()[0]
    return counts


def test_loading_the_fixture_twice_changes_nothing(seed):
    before = table_snapshot()
    body = Story.objects.get().body
    call_command("loaddata", "la_mayor_2022", verbosity=0)
    assert table_snapshot() == before
    assert Story.objects.get().body == body


def test_bootstrap_loads_seed_and_creates_accounts_once(db):
    from django.contrib.auth import get_user_model

    loaded, accounts = bootstrap_site()
    assert loaded
    assert [(a.username, a.group) for a in accounts] == [
        ("editor", "Editors"),
        ("reporter", "Reporters"),
    ]
    User = get_user_model()
    editor = User.objects.get(username="editor")
    assert editor.check_password(accounts[0].password)
    assert editor.is_staff and not editor.is_superuser
    assert accounts[0].password != accounts[1].password
    assert len(accounts[0].password) >= 16

    # An editor's change survives the next `make run`.
    Story.objects.update(headline="Edited by the desk")
    again_loaded, again_accounts = bootstrap_site()
    assert (again_loaded, again_accounts) == (False, [])
    assert Story.objects.get().headline == "Edited by the desk"
    assert User.objects.count() == 2


def test_bootstrap_passwords_are_random(db, django_db_blocker):
    from django.contrib.auth import get_user_model

    _, first = bootstrap_site()
    get_user_model().objects.all().delete()
    _, second = bootstrap_site()
    assert first[0].password != second[0].password


def test_bootstrap_command_prints_the_passwords_once(db, capsys):
    call_command("bootstrap_site")
    out = capsys.readouterr().out
    assert "editor" in out and "reporter" in out and "password" in out
    call_command("bootstrap_site")
    assert "password" not in capsys.readouterr().out

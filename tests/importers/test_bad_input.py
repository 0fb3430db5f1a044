"""Every bad input: a one-line error naming the file (and line), exit 1, database unchanged."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from stories.models import Story
from tests.factories import StoryFactory

from .helpers import run

pytestmark = pytest.mark.django_db

GOOD = "A good story\n\nIts dek.\n\nIts body.\n"

BAD_INPUTS = {
    # name: (file name, content or None for "does not exist", expected message after the path)
    "missing file": ("gone.txt", None, "no such file or directory"),
    "empty file": ("empty.txt", b"", "the file is empty"),
    "whitespace only": ("blank.txt", b" \n\n \n", "the file is empty"),
    "binary": ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary content"),
    "not UTF-8": ("latin1.txt", b"Headline\n\nDek\n\nCaf\xe9 society\n", "line 5: not UTF-8"),
    "no headline": ("nohead.txt", b"\nDek.\n\nBody.\n", "line 1: no headline"),
    "headline too long": (
        "long.txt",
        ("x" * 201 + "\n\nDek.\n").encode(),
        "line 1: the headline is 201 characters; the limit is 200",
    ),
    "malformed JSON": (
        "wire.json",
        b'{"uri": "urn:x:1",\n "headline": }',
        "line 2: malformed JSON: Expecting value",
    ),
    "malformed JSON Lines": (
        "wire.jsonl",
        b'{"uri": "urn:x:1", "headline": "One"}\n{"uri": \n',
        "line 2: malformed JSON",
    ),
    "ninjs missing fields": (
        "wire2.json",
        b'{"type": "text", "body_html": "<p>x</p>"}',
        "ninjs is missing required field(s): uri, headline",
    ),
    "ninjs not a text item": (
        "pic.json",
        b'{"uri": "urn:x:2", "type": "picture", "headline": "A photo"}',
        "ninjs type 'picture' is not a text story",
    ),
}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_bad_input_is_one_line_error_and_nothing_is_written(tmp_path, case):
    name, content, message = BAD_INPUTS[case]
    existing = StoryFactory(headline="Already here")
    (tmp_path / "00-good.txt").write_text(GOOD, "utf-8")
    bad = tmp_path / name
    if content is not None:
        bad.write_bytes(content)

    with pytest.raises(CommandError) as raised:
        run("import_story", str(tmp_path / "00-good.txt"), str(bad))

    error = str(raised.value)
    assert error.startswith(f"{bad}")
    assert message in error
    assert "\n" not in error
    # All or nothing: the good file before the bad one was not imported either.
    assert list(Story.objects.all()) == [existing]


def test_a_slug_taken_by_a_different_story_is_refused(tmp_path):
    existing = StoryFactory(headline="City council votes", slug="city-council-votes")
    article = tmp_path / "council.txt"
    article.write_text("City council votes\n\nA different story.\n", "utf-8")

    with pytest.raises(CommandError) as raised:
        run("import_story", str(article))

    assert str(raised.value) == (
        f"{article}: the slug 'city-council-votes' is already used by another story; "
        "nothing was imported."
    )
    assert list(Story.objects.all()) == [existing]
    assert existing.dek == Story.objects.get().dek


def test_two_inputs_with_the_same_slug_collide_in_one_run(tmp_path):
    (tmp_path / "a.txt").write_text("Same headline\n\nOne.\n", "utf-8")
    (tmp_path / "b.txt").write_text("Same headline\n\nTwo.\n", "utf-8")

    with pytest.raises(CommandError, match=r"b\.txt: the slug 'same-headline' is already used by"):
        run("import_story", str(tmp_path))
    assert not Story.objects.exists()


def test_an_unknown_section_is_refused_before_anything_is_read(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, "utf-8")
    with pytest.raises(CommandError, match="There is no section with the slug 'nope'"):
        run("import_story", str(tmp_path), "--section", "nope")
    assert not Story.objects.exists()


def test_continue_on_error_imports_the_good_lists_the_bad_and_fails(tmp_path):
    (tmp_path / "a-good.txt").write_text(GOOD, "utf-8")
    (tmp_path / "b-empty.txt").write_bytes(b"")
    (tmp_path / "c-good.txt").write_text("Another good one\n\nDek.\n", "utf-8")

    with pytest.raises(CommandError) as raised:
        run("import_story", str(tmp_path), "--continue-on-error")

    assert str(raised.value) == "1 input(s) failed and were skipped; the other 2 were imported."
    assert sorted(Story.objects.values_list("headline", flat=True)) == [
        "A good story",
        "Another good one",
    ]


def test_continue_on_error_lists_each_failed_input(tmp_path):
    (tmp_path / "a-good.txt").write_text(GOOD, "utf-8")
    (tmp_path / "b-empty.txt").write_bytes(b"")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_story", str(tmp_path), "--continue-on-error", stdout=StringIO(), stderr=err
        )
    assert f"failed: {tmp_path / 'b-empty.txt'}: the file is empty" in err.getvalue()


def test_the_command_line_exits_1_with_one_line_and_no_traceback(tmp_path):
    bad = tmp_path / "wire.json"
    bad.write_text('{"uri": "urn:x:1",\n "headline": }', "utf-8")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["NEWSROOM_VAR_DIR"] = str(tmp_path / "var")

    result = subprocess.run(
        [sys.executable, "manage.py", "import_story", str(bad)],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"CommandError: {bad}, line 2: malformed JSON: Expecting value (column 14); "
        "nothing was imported."
    )
    assert "Traceback" not in result.stderr

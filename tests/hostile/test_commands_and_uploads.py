"""Every command with hostile files and arguments, every upload kind with hostile files: a
one-line CommandError or a form error, nothing written, no file left in storage."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from PIL import Image

from elections.models import Candidacy, ContestTally
from media.models import Image as LibraryImage
from sources.models import Source
from stories.models import Author, Story
from tests.hardening.test_uploads import png, truncated_jpeg
from tests.hostile.helpers import assert_clear_answer, database_state

pytestmark = pytest.mark.django_db

HOSTILE_FILES = {
    "empty": b"",
    "binary": bytes(range(256)) * 64,
    "latin-1": "Caf\xe9 society".encode("latin-1"),
    "utf-16": "headline".encode("utf-16"),
    "nul-bytes": b"a\x00b\x00c",
    "deep-json": b"[" * 50_000 + b"]" * 50_000,
    "json-scalar": b"42",
    "json-null": b"null",
    "csv-injection": b'=HYPERLINK("http://x"),@SUM(1),+1,-1\n',
    "huge-line": b"x" * 300_000,
}
MODELS = (Story, Source, Author, Candidacy, ContestTally, LibraryImage)


def refused_by_command(*args) -> str:
    before = database_state(*MODELS)
    with pytest.raises(CommandError) as error:
        call_command(*args, stdout=io.StringIO(), stderr=io.StringIO())
    assert database_state(*MODELS) == before
    message = str(error.value)
    assert "Traceback" not in message and len(message.splitlines()) <= 3, message
    return message


@pytest.mark.parametrize("suffix", [".txt", ".json", ".jsonl", ".csv"])
@pytest.mark.parametrize("kind", list(HOSTILE_FILES))
def test_import_commands_answer_hostile_files_clearly(tmp_path, suffix, kind):
    """Refused in one line with nothing written, or (a text file "42") imported as a story."""
    path = tmp_path / f"input{suffix}"
    path.write_bytes(HOSTILE_FILES[kind])
    command = "import_results" if suffix == ".csv" else "import_story"
    before = database_state(*MODELS)
    try:
        call_command(command, str(path), stdout=io.StringIO(), stderr=io.StringIO())
    except CommandError as error:
        assert database_state(*MODELS) == before
        assert "Traceback" not in str(error) and len(str(error).splitlines()) <= 3


@pytest.mark.parametrize("command", ["import_story", "import_results"])
@pytest.mark.parametrize("argument", ["/no/such/file", "/dev/null", "-"])
def test_import_commands_refuse_odd_paths(command, argument, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"")))
    refused_by_command(command, argument)


def test_delete_orphan_media_refuses_a_negative_age():
    refused_by_command("delete_orphan_media", "--min-age-hours", "-1")


def svg_with_script() -> bytes:
    return b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def bomb_header() -> bytes:
    """A PNG that says 60000 x 60000 pixels in a few hundred bytes."""
    buffer = io.BytesIO()
    Image.new("1", (60_000, 60_000)).save(buffer, "PNG")
    return buffer.getvalue()


UPLOADS = {
    "php": b"<?php system($_GET['c']); ?>",
    "svg-script": svg_with_script(),
    "html": b"<html><script>alert(1)</script></html>",
    "zero-bytes": b"",
    "truncated-jpeg": truncated_jpeg(),
    "strip-1x39000": png(1, 39_000),
    "pixel-bomb": bomb_header(),
    "gif-polyglot": b"GIF89a/*<script>alert(1)</script>*/",
}


def bmp() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20)).save(buffer, "BMP")
    return buffer.getvalue()


UPLOADS["bmp"] = bmp()


@pytest.mark.parametrize("kind", list(UPLOADS))
# Every photo the site shows (lead images, author and source photos, body figures) is
# uploaded into the library: through its admin form or in place, from the picker.
@pytest.mark.parametrize("target", ["library-add", "picker-upload"])
def test_every_upload_kind_refuses_hostile_files(client, editor, kind, target):
    client.force_login(editor)
    upload = SimpleUploadedFile("upload.jpg", UPLOADS[kind])
    url = reverse("admin:media_image_add" if target == "library-add" else "admin:media_image_pick")
    data = {"alt_text": "A photo", "caption": "", "credit": "", "licence": "", "file": upload}
    before = database_state(*MODELS)
    response = client.post(url, data)
    assert_clear_answer(response)
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert database_state(*MODELS) == before
    for folder in ("images", "sources", "authors", "stories", "renditions"):
        assert not default_storage.exists(folder), folder

"""`import_story` on hostile files: deep JSON, oversized documents and lines are one-line
errors, nothing is written, and memory stays bounded."""

import io

import pytest
from django.core.management.base import CommandError

from stories.importers import base, ninjs
from stories.models import Story
from tests.importers.helpers import run

pytestmark = pytest.mark.django_db


def refused(*args) -> str:
    with pytest.raises(CommandError) as error:
        run("import_story", *args)
    assert Story.objects.count() == 0
    message = str(error.value)
    assert "Traceback" not in message and "RecursionError" not in message
    return message


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_json_nested_100000_deep_is_a_clear_error(tmp_path, suffix):
    path = tmp_path / f"deep{suffix}"
    path.write_text("[" * 100_000 + "]" * 100_000)
    message = refused(str(path))
    assert "nests too deeply" in message


def test_a_document_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    from stories.importers import inputs

    monkeypatch.setattr(inputs, "MAX_DOCUMENT_BYTES", 1024)
    path = tmp_path / "big.json"
    path.write_text('{"headline": "' + "x" * 5000 + '"}')
    monkeypatch.setattr(path.__class__, "read_bytes", lambda self: pytest.fail("read it"))
    message = refused(str(path))
    assert "may be at most 0 MB" in message and "JSON Lines" in message


def test_standard_input_over_the_size_limit_is_refused(monkeypatch):
    from stories.importers import inputs

    monkeypatch.setattr(inputs, "MAX_DOCUMENT_BYTES", 1024)
    with pytest.raises(CommandError, match="is larger than that"):
        run("import_story", "-", stdin=io.BytesIO(b"{" + b" " * 4096 + b"}"))


def test_an_overlong_json_line_is_refused_alone_without_keeping_it(monkeypatch):
    monkeypatch.setattr(ninjs, "MAX_LINE_BYTES", 100)
    stream = io.BytesIO(b'{"a": "' + b"x" * 1000 + b'"}\n{"b": 1}\n')
    lines = list(ninjs.bounded_lines(stream))
    assert lines == [ninjs.OVERLONG_LINE, b'{"b": 1}\n']
    bad = next(ninjs.iter_json_lines(lines, label="wire.jsonl"))
    assert str(bad) == "wire.jsonl, line 1: the line is longer than 0 MB"


def test_the_limits_are_what_the_docs_say():
    assert base.MAX_DOCUMENT_BYTES == 20 * 1024 * 1024
    assert base.MAX_LINE_BYTES == 2 * 1024 * 1024

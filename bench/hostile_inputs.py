"""Time the worst inputs found for issue 16 against the bounds that now refuse or absorb them.

    PYTHONPATH=. .venv/bin/python bench/hostile_inputs.py

Each line: the input, what happened (refused, or handled), and the time. Everything must
stay under a second on the 2-core machines we run on. It measures; it asserts nothing
(tests/hardening/ and tests/hostile/ keep the behaviour fixed).
"""

import io
import os
import tempfile
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
django.setup()

from django.core.exceptions import ValidationError  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from PIL import Image  # noqa: E402

from media.images import validate_image_upload  # noqa: E402
from stories.importers import ninjs  # noqa: E402
from stories.importers.base import BadInput  # noqa: E402
from stories.importers.quotes import find_quotes  # noqa: E402
from stories.sanitize import MAX_HTML_CHARACTERS, MAX_HTML_DEPTH, clean_body  # noqa: E402


def measure(name: str, function, *args) -> None:
    start = time.perf_counter()
    try:
        function(*args)
        outcome = "handled"
    except (ValidationError, BadInput) as error:
        outcome = f"refused: {str(error)[:60]}"
    seconds = time.perf_counter() - start
    print(f"{seconds:8.3f} s  {name:<52} {outcome}")


def png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (width, height)).save(buffer, "PNG")
    return buffer.getvalue()


def truncated_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((3000, 2000), 64).convert("RGB").save(buffer, "JPEG", quality=90)
    return buffer.getvalue()[: buffer.tell() * 2 // 3]


def deep_json_file(directory: Path) -> str:
    path = directory / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    return path.read_text()


def main():
    depth = MAX_HTML_DEPTH
    fill = MAX_HTML_CHARACTERS // (11 * depth + 1)
    cases = [
        ("HTML: 440 KB of nested <div> (10 s before)", clean_body,
         "<div>" * 40_000 + "x" + "</div>" * 40_000),
        ("HTML: 132 KB, 12,000 deep (7 s before)", clean_body,
         "<div>" * 12_000 + "x" + "</div>" * 12_000),
        (f"HTML: {depth}-deep blocks filling the size limit", clean_body,
         ("<div>" * depth + "x" + "</div>" * depth) * fill),
        ("HTML: unclosed <p> filling the size limit", clean_body,
         "<p>x" * (MAX_HTML_CHARACTERS // 4)),
        ("HTML: misnested <b><i> filling the size limit", clean_body,
         "<p>" + "<b><i>x</b></i>" * ((MAX_HTML_CHARACTERS - 3) // 15)),
        ("quotes: 1,000 attributed before, one sentence (69 s for 400)", find_quotes,
         [" ".join(f'Mr. Lee said "word {i}" and' for i in range(1_000))]),
        ("quotes: 1,000 attributed after (60 s+ before)", find_quotes,
         [" ".join(f'"We win {i}," said Mayor Karen Bass.' for i in range(1_000))]),
        ("image: 1 x 39000 PNG", validate_image_upload,
         SimpleUploadedFile("strip.png", png(1, 39_000))),
        ("image: truncated 3000 x 2000 JPEG", validate_image_upload,
         SimpleUploadedFile("cut.jpg", truncated_jpeg())),
    ]  # fmt: skip
    for name, function, argument in cases:
        measure(name, function, argument)
    with tempfile.TemporaryDirectory() as directory:
        text = deep_json_file(Path(directory))
        measure("JSON: 100,000 deep", lambda: list(ninjs.iter_json(text, label="deep.json")))
        lines = io.BytesIO(b'{"headline": "' + b"x" * 3 * 1024 * 1024 + b'"}\n')
        measure("JSON Lines: one 3 MB line", first_refusal, lines)


def first_refusal(lines) -> None:
    """JSON Lines yield their refusals (so later lines still import): raise the first."""
    for item in ninjs.iter_json_lines(ninjs.bounded_lines(lines), label="wire.jsonl"):
        if isinstance(item, BadInput):
            raise item


if __name__ == "__main__":
    main()

"""Finding the inputs of a run and parsing them, one file at a time, as a stream."""

import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from django.utils.text import slugify

from .base import BadInput
from .ninjs import iter_json, iter_json_lines
from .text import decode, parse_text

TEXT_SUFFIXES = {".txt"}
JSON_SUFFIXES = {".json"}
JSON_LINES_SUFFIXES = {".jsonl", ".ndjson"}


def iter_inputs(paths: Sequence[str], *, stdin=None, salt: str = "") -> Iterator:
    """Yield a ParsedStory, or the BadInput, for every story in `paths`, one file at a time."""
    seen: set[Path] = set()
    for arg in paths:
        if arg == "-":
            yield from _parse_stdin(stdin if stdin is not None else sys.stdin, salt)
            continue
        path = Path(arg)
        if not path.exists():
            yield BadInput(arg, "no such file or directory")
            continue
        if path.is_dir():
            suffixes = TEXT_SUFFIXES | JSON_SUFFIXES | JSON_LINES_SUFFIXES
            files = sorted(p for p in path.rglob("*") if p.suffix.lower() in suffixes)
        else:
            files = [path]
        for file in files:
            resolved = file.resolve()
            if resolved in seen or not file.is_file():
                continue
            seen.add(resolved)
            yield from _parse_file(file, resolved, salt)


def _parse_file(file: Path, resolved: Path, salt: str) -> Iterator:
    label = str(file)
    suffix = file.suffix.lower()
    try:
        if suffix in JSON_LINES_SUFFIXES:
            if file.stat().st_size == 0:
                raise BadInput(label, "the file is empty")
            with file.open("rb") as lines:
                yield from iter_json_lines(lines, label=label, checksum_salt=salt)
            return
        text = decode(file.read_bytes(), label)
        if suffix in JSON_SUFFIXES:
            yield from iter_json(text, label=label, checksum_salt=salt)
        else:
            # A text file's identity is its absolute path: the same drop folder
            # re-imported updates the stories it created (see README).
            yield parse_text(text, label=label, key=f"file:{resolved}", checksum_salt=salt)
    except BadInput as error:
        yield error
    except OSError as error:
        yield BadInput(label, f"cannot be read: {error.strerror or error}")


def _parse_stdin(stream, salt: str) -> Iterator:
    label = "<stdin>"
    try:
        data = stream.buffer.read() if hasattr(stream, "buffer") else stream.read()
        text = decode(data if isinstance(data, bytes) else data.encode(), label)
        if text.lstrip()[:1] in ("{", "["):
            try:
                yield from iter_json(text, label=label, checksum_salt=salt)
            except BadInput as error:
                if "Extra data" not in error.message:
                    raise
                # More than one document: JSON Lines, as export_stories writes them.
                yield from iter_json_lines(text.splitlines(), label=label, checksum_salt=salt)
        else:
            story = parse_text(text, label=label, key="", checksum_salt=salt)
            # Standard input has no path: the headline is its identity.
            story.key = f"stdin:{slugify(story.headline)}"
            yield story
    except BadInput as error:
        yield error

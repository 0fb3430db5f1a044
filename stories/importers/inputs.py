"""Finding the inputs of a run and parsing them, one file at a time, as a stream."""

import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from django.utils.text import slugify

from .base import MAX_DOCUMENT_BYTES, BadInput
from .ninjs import bounded_lines, iter_json, iter_json_lines
from .text import decode, parse_text

TEXT_SUFFIXES = {".txt"}
JSON_SUFFIXES = {".json"}
JSON_LINES_SUFFIXES = {".jsonl", ".ndjson"}


def iter_inputs(paths: Sequence[str], *, stdin=None, salt: str = "") -> Iterator:
    """Yield a ParsedStory, or the BadInput, for every story in `paths`, one file at a time."""
    # A file named twice (in two of the paths given) is read once. With one path there is
    # nothing to remember: the set would hold every file of a 100,000-file folder.
    seen: set[Path] | None = set() if len(paths) > 1 else None
    for arg in paths:
        if arg == "-":
            yield from _parse_stdin(stdin if stdin is not None else sys.stdin, salt)
            continue
        path = Path(arg)
        if not path.exists():
            yield BadInput(arg, "no such file or directory")
            continue
        if path.is_dir():
            files = walk(path)
        elif path.is_file():
            files = iter([path])
        else:
            # A device or a pipe named on the command line: reading it could never end.
            yield BadInput(arg, "not a regular file or a directory")
            continue
        for file in files:
            resolved = file.resolve()
            if (seen is not None and resolved in seen) or not file.is_file():
                continue
            if seen is not None:
                seen.add(resolved)
            yield from _parse_file(file, resolved, salt)


def walk(folder: Path) -> Iterator[Path]:
    """The inputs under `folder`, in name order, a directory at a time.

    Never the whole tree's list at once: only one directory's entries are held per level.
    """
    suffixes = TEXT_SUFFIXES | JSON_SUFFIXES | JSON_LINES_SUFFIXES
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        if entry.is_dir() and not entry.is_symlink():
            yield from walk(entry)
        elif entry.suffix.lower() in suffixes:
            yield entry


def _parse_file(file: Path, resolved: Path, salt: str) -> Iterator:
    label = str(file)
    suffix = file.suffix.lower()
    try:
        if suffix in JSON_LINES_SUFFIXES:
            if file.stat().st_size == 0:
                raise BadInput(label, "the file is empty")
            with file.open("rb") as lines:
                yield from iter_json_lines(bounded_lines(lines), label=label, checksum_salt=salt)
            return
        size = file.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise BadInput(label, too_large(size))
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


def too_large(size: int | None) -> str:
    read = f"is {size / 1024 / 1024:.0f} MB" if size else "is larger than that"
    return (
        f"the input {read}; a JSON document or text file may be at most "
        f"{MAX_DOCUMENT_BYTES // 1024 // 1024} MB. Send larger batches as JSON Lines (.jsonl), "
        "which are read one story at a time"
    )


def _parse_stdin(stream, salt: str) -> Iterator:
    label = "<stdin>"
    try:
        source = stream.buffer if hasattr(stream, "buffer") else stream
        data = source.read(MAX_DOCUMENT_BYTES + 1)
        if len(data) > MAX_DOCUMENT_BYTES:
            raise BadInput(label, too_large(None))
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

"""What every importer format produces, and the one error type a bad input raises."""

from dataclasses import dataclass, field
from datetime import datetime

from .quotes import FoundQuote

# Bounds on what one input may make us read into memory. A JSON document or a text file is
# read whole, and parsed JSON takes about ten times its size (a 150 MB file used 1.9 GB):
# larger batches come as JSON Lines, which are read one story (one line) at a time.
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
MAX_LINE_BYTES = 2 * 1024 * 1024


class BadInput(Exception):
    """One input that cannot be imported; `str()` is the one-line message for the operator."""

    def __init__(self, label: str, message: str, *, line: int | None = None):
        self.label = label
        self.line = line
        self.message = message
        where = f"{label}, line {line}" if line else label
        super().__init__(f"{where}: {message}")


@dataclass
class BylineData:
    name: str
    slug: str = ""
    role: str = ""


@dataclass
class ParsedStory:
    """One story read from one input, before it touches the database."""

    label: str  # the file (and line, for JSON Lines) it came from, for messages
    key: str  # the import identity: ninjs uri or text file identity
    checksum: str
    headline: str
    dek: str = ""
    seo_title: str = ""  # ninjs headlines[] / descriptions[] with role "seo"
    seo_description: str = ""
    body: str = ""  # HTML; the writer sanitizes it (stories.sanitize.clean_body)
    dateline: str = ""
    credit: str = ""
    slug: str = ""
    version: str = ""
    section_slug: str = ""
    section_name: str = ""
    bylines: list[BylineData] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    quotes: list[FoundQuote] = field(default_factory=list)
    published_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    embargo_until: datetime | None = None
    # ninjs pubstatus: "usable", "withheld" (never published) or "canceled" (skipped).
    pubstatus: str = "usable"
    headline_line: int | None = None
    dateline_line: int | None = None
    finds_quotes: bool = False  # quotes come from the text, so an update replaces them
    # Filled ahead by documents.with_documents() on PostgreSQL: the sanitized body, and
    # the search document (a tsvector's text) computed from it with these tag names.
    clean_body: str | None = None
    document: str | None = None
    document_tags: tuple[str, ...] = ()

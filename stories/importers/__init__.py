"""Importing stories from plain-text articles and IPTC ninjs JSON (see README)."""

from .base import BadInput, BylineData, ParsedStory
from .service import ImportReport, import_stories, write_stories

__all__ = [
    "BadInput",
    "BylineData",
    "ImportReport",
    "ParsedStory",
    "import_stories",
    "write_stories",
]

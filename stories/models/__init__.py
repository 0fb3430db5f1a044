"""Stories and what hangs off them: sections, authors, bylines, quotes, corrections, audit.

A package like elections/models/; every model is importable from `stories.models`.
"""

from .content import Byline, Correction, CorrectionQuerySet, Quote
from .images import BodyImage
from .redirects import Redirect
from .sharing import SHARE_LINK_LIFETIME, ShareLink
from .story import Story, StoryQuerySet, live_q
from .taxonomy import Author, Section, TaggedStory, TagTimes, public_tags
from .workflow import StoryEvent, StoryProposal

__all__ = [
    "SHARE_LINK_LIFETIME",
    "Author",
    "BodyImage",
    "Byline",
    "Correction",
    "CorrectionQuerySet",
    "Quote",
    "Redirect",
    "Section",
    "ShareLink",
    "Story",
    "StoryEvent",
    "StoryProposal",
    "StoryQuerySet",
    "TagTimes",
    "TaggedStory",
    "live_q",
    "public_tags",
]

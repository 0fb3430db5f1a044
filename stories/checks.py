"""Pre-publish checks: what a story must have before readers can see it, and what it should.

The one home of the rule. stories.publishing runs it inside every path that can make a
story live (publish, schedule, applying a proposal, imports with --publish); the workflow
page and the confirmation pages show the same list before the button. A *required* check
that fails blocks publication; a *warning* blocks it too unless an editor gives a reason,
which goes into the audit trail with the warnings it overrode.
"""

import re
from collections.abc import Collection
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.text import get_text_list

from .figures import images_without_alt
from .models import Story

REQUIRED = "required"
WARNING = "warning"

# Search engines cut a result's title at about 600 pixels: 60-70 characters of a headline.
# Past 70 the end of the headline is almost always lost, so that is where we warn.
SEARCH_HEADLINE_LENGTH = 70

# What reporters type while the real headline is still to come ("TK" = "to come").
PLACEHOLDER_WORDS = re.compile(r"\b((?:TK)+|TBD|XXX+)\b")
PLACEHOLDER_PHRASES = re.compile(r"placeholder|lorem ipsum|headline here|hed tk", re.IGNORECASE)


@dataclass(frozen=True)
class Check:
    """One line of the checklist: what is checked, whether it passed, and what is wrong."""

    code: str
    severity: str
    label: str
    passed: bool
    problem: str = ""

    @property
    def required(self) -> bool:
        return self.severity == REQUIRED


class ChecksFailed(ValidationError):
    """The story may not go live as it is; `checks` are the ones that stopped it."""

    def __init__(self, message: str, checks: list[Check]):
        super().__init__(message, code="prepublish_checks")
        self.checks = checks


def is_placeholder(headline: str) -> bool:
    """A headline nobody meant readers to see: empty, "TK", "TKTK", "placeholder", lorem ipsum."""
    text = headline.strip()
    return not text or bool(PLACEHOLDER_WORDS.search(text) or PLACEHOLDER_PHRASES.search(text))


def prepublish_checks(
    story: Story, *, bylined: bool | None = None, tagged: bool | None = None
) -> list[Check]:
    """Every check for `story`, passed or not, required ones first.

    Two queries (bylines, tags) unless the caller already knows, as the importer does for
    stories whose bylines and tags it has not written yet.
    """
    if bylined is None:
        bylined = story.pk is not None and story.bylines.exists()
    if tagged is None:
        tagged = story.pk is not None and story.tags.exists()
    headline = story.headline.strip()
    # Search results show the SEO title when the desk wrote one: judge the length of that.
    shown = story.search_title.strip()
    shown_as = "search and social headline" if story.seo_title.strip() else "headline"
    unlabelled = images_without_alt(story.body)
    return [
        Check(
            "headline",
            REQUIRED,
            "A real headline",
            not is_placeholder(headline),
            f"the headline “{headline}” is a placeholder" if headline else "there is no headline",
        ),
        Check(
            "body", REQUIRED, "A body", bool(strip_tags(story.body).strip()), "the body is empty"
        ),
        Check("section", REQUIRED, "A section", story.section_id is not None, "it has no section"),
        Check(
            "credit",
            REQUIRED,
            "A byline or a credit",
            bylined or bool(story.credit.strip()),
            "it has neither a byline nor a credit",
        ),
        Check(
            "alt_text",
            REQUIRED,
            "Alt text for every image",
            # The library refuses an image without alt text (a constraint); asked here too so
            # the checklist names it, and an image loaded without it still fails.
            story.lead_image is None or bool(story.lead_image.alt_text.strip()),
            "the lead image has no alt text",
        ),
        Check(
            "body_alt_text",
            REQUIRED,
            "Alt text for every image in the body",
            not unlabelled,
            f"{unlabelled} image{'s' if unlabelled > 1 else ''} in the body "
            f"{'have' if unlabelled > 1 else 'has'} no alt text",
        ),
        Check("dek", WARNING, "A dek", bool(story.dek.strip()), "it has no dek"),
        Check(
            "headline_length",
            WARNING,
            f"A headline (or search and social headline) of at most {SEARCH_HEADLINE_LENGTH} "
            "characters, so search results show it whole",
            len(shown) <= SEARCH_HEADLINE_LENGTH,
            f"the {shown_as} is {len(shown)} characters long; search results cut it at "
            f"about {SEARCH_HEADLINE_LENGTH}",
        ),
        Check("tags", WARNING, "Tags", tagged, "it has no tags"),
    ]


def failing(checks: list[Check]) -> list[Check]:
    return [check for check in checks if not check.passed]


def enforce_checks(
    story: Story,
    *,
    override_reason: str = "",
    warnings_block: bool = True,
    ignore: Collection[str] = (),
    **known,
) -> str:
    """Raise ChecksFailed unless `story` may go live; return the audit note for overrides.

    Required checks always block. Warnings block unless `override_reason` says why the
    story goes out anyway (or `warnings_block` is False, for callers that record them
    instead, like imports); the returned note names them and the reason. `known` passes
    bylined/tagged through to prepublish_checks(); checks named in `ignore` are skipped.
    """
    failed = [c for c in failing(prepublish_checks(story, **known)) if c.code not in ignore]
    blocking = [check for check in failed if check.required]
    if blocking:
        problems = get_text_list([check.problem for check in blocking], "and")
        raise ChecksFailed(f"“{story}” cannot go live yet: {problems}.", blocking)
    warnings = [check for check in failed if not check.required]
    if not warnings:
        return ""
    problems = get_text_list([check.problem for check in warnings], "and")
    reason = override_reason.strip()
    if reason:
        return f"Went ahead despite warnings ({problems}): {reason}"[:300]
    if warnings_block:
        raise ChecksFailed(
            f"“{story}” has warnings ({problems}): fix them, or give a reason to go ahead.",
            warnings,
        )
    return f"Warnings: {problems}."[:300]

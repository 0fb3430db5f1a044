"""What a story revision holds, and how two of them differ.

A revision of a story is the story row plus the rows that FOLLOWS lists; the elections
app adds its story↔race link here (register the link model, append its related_name).
"""

import difflib
import re
from dataclasses import dataclass
from datetime import datetime

import reversion
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reversion.models import Version
from taggit.models import Tag

from elections.models import Race
from media.models import Image
from sources.models import Source

from .models import Author, Byline, Quote, Section, Story, TaggedStory

# Reverse relations of Story recorded with every revision, and the models behind them.
FOLLOWS = {"bylines": Byline, "tagged_items": TaggedStory, "quotes": Quote}

# Story fields shown in a diff, in the order editors read a story.
DIFF_FIELDS = [
    "headline",
    "slug",
    "dek",
    "body",
    "dateline",
    "credit",
    "seo_title",
    "seo_description",
    "section",
    "kind",
    "status",
    "published_at",
    "embargo_until",
    "lead_image",
]


def register() -> None:
    """Register Story and the models it follows with reversion (idempotent)."""
    for model in FOLLOWS.values():
        if not reversion.is_registered(model):
            reversion.register(model)
    if not reversion.is_registered(Story):
        reversion.register(Story, follow=list(FOLLOWS))


@dataclass
class FieldDiff:
    label: str
    lines: list[tuple[str, str]]  # ("+" | "-" | " ", text)


def _lines(value) -> list[str]:
    text = "" if value is None else str(value)
    # Body HTML is usually one long line: break it between block elements.
    return re.sub(r"(</(?:p|h\d|li|blockquote|ul|ol)>)", r"\1\n", text).splitlines()


def snapshot_of_revision(version: Version) -> dict[str, str]:
    """A story version and its followed rows, as readable text per field."""
    story_data = version.field_dict
    related = {name: [] for name in FOLLOWS}
    for other in version.revision.version_set.all():
        model = other.content_type.model_class()
        for name, follow_model in FOLLOWS.items():
            if model is follow_model:
                data = other.field_dict
                story_key = "content_object_id" if model is TaggedStory else "story_id"
                if str(data.get(story_key)) == version.object_id:
                    related[name].append(data)
    return _snapshot(story_data, related)


def snapshot_of_story(story: Story) -> dict[str, str]:
    """The story as it is in the database now, in the same form as a revision snapshot."""
    story_data = {f.attname: getattr(story, f.attname) for f in Story._meta.concrete_fields}
    story_data["mentioned_sources"] = list(story.mentioned_sources.values_list("pk", flat=True))
    story_data["races"] = list(story.races.values_list("pk", flat=True))
    related = {
        "bylines": list(story.bylines.values()),
        "tagged_items": list(story.tagged_items.values()),
        "quotes": list(story.quotes.values()),
    }
    return _snapshot(story_data, related)


def _snapshot(data: dict, related: dict[str, list[dict]]) -> dict[str, str]:
    authors = Author.objects.in_bulk([b["author_id"] for b in related["bylines"]])
    tags = Tag.objects.in_bulk([t["tag_id"] for t in related["tagged_items"]])
    source_ids = [q["source_id"] for q in related["quotes"]] + list(
        data.get("mentioned_sources") or []
    )
    sources = Source.objects.in_bulk(source_ids)
    section = Section.objects.filter(pk=data.get("section_id")).first()
    # The image's title, as the library lists it: an id would tell an editor nothing.
    lead_image = Image.objects.filter(pk=data.get("lead_image_id")).first()
    out = {}
    for name in DIFF_FIELDS:
        field = Story._meta.get_field(name)
        value = data.get(field.attname)
        if name == "section":
            value = section
        elif name == "lead_image":
            value = lead_image
        elif isinstance(value, datetime):
            # Revisions keep milliseconds, the database microseconds: compare as readers would.
            value = date_format(timezone.localtime(value), "DATETIME_FORMAT")
        elif field.choices and value:
            value = dict(field.flatchoices).get(value, value)
        out[str(field.verbose_name)] = "" if value is None else str(value)
    out[_("bylines")] = "\n".join(
        f"{authors.get(b['author_id'], b['author_id'])} ({b['role']})"
        for b in sorted(related["bylines"], key=lambda b: (b["position"], b["id"]))
    )
    out[_("tags")] = ", ".join(
        sorted(str(tags.get(t["tag_id"], t["tag_id"])) for t in related["tagged_items"])
    )
    out[_("quotes")] = "\n".join(
        f"{sources.get(q['source_id'], q['source_id'])}: {q['text']}"
        for q in sorted(related["quotes"], key=lambda q: (q["position"], q["id"]))
    )
    out[_("mentioned sources")] = ", ".join(
        sorted(str(sources.get(pk, pk)) for pk in data.get("mentioned_sources") or [])
    )
    races = Race.objects.in_bulk(data.get("races") or [])
    out[_("races covered")] = ", ".join(
        sorted(str(races.get(pk, pk)) for pk in data.get("races") or [])
    )
    return out


def diff(old: dict[str, str], new: dict[str, str]) -> list[FieldDiff]:
    """Line-by-line differences of the fields that changed, in field order."""
    changes = []
    for label, new_value in new.items():
        old_value = old.get(label, "")
        if old_value == new_value:
            continue
        lines = [
            (line[0], line[2:])
            for line in difflib.ndiff(_lines(old_value), _lines(new_value))
            if line[0] in "+- "
        ]
        changes.append(FieldDiff(label=label, lines=lines))
    return changes


def version_with_number(story: Story, number: int) -> Version | None:
    """The recorded revision in which the story had version `number`, if one was recorded."""
    for version in Version.objects.get_for_object(story).select_related("revision"):
        if version.field_dict.get("version") == number:
            return version
    return None

"""Three-way merge of a stale story form with the story as a colleague saved it since.

The base is the revision the editor opened (the form's `version`); "theirs" is the story
as it is now; "yours" is the form as posted. A field only one side changed takes that
side's value; a field both changed differently is a conflict the editor decides.
"""

from dataclasses import dataclass, field
from datetime import datetime

from reversion.models import Version
from taggit.models import Tag

from ..models import Story, TaggedStory
from .editor import normalise_line_endings, same_body

# The story's own fields the form edits and the merge knows how to compare. Bylines and
# quotes are inline rows: stories/admin/merge_rows.py merges them before their formsets.
MERGED_FIELDS = [
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
    "tags",
    "mentioned_sources",
    "races",
    "reported_endorsements",
    "lead_image",
    "embargo_until",
]
M2M_FIELDS = {"mentioned_sources", "races", "reported_endorsements"}


@dataclass
class Merge:
    theirs: list[str] = field(default_factory=list)  # only they changed: their value stays
    yours: list[str] = field(default_factory=list)  # only you changed: yours is saved
    both: list[str] = field(default_factory=list)  # both changed, differently: you choose

    def label(self, name: str) -> str:
        return str(Story._meta.get_field(name).verbose_name)


def _comparable(name: str, value):
    """A value of field `name` in one form for all three sides, so equal means unchanged."""
    if name == "body":
        return value or ""
    if name == "tags":
        return sorted(str(tag).lower() for tag in value or [])
    if name in M2M_FIELDS:
        return sorted(getattr(item, "pk", item) for item in value or [])
    if name in ("section", "lead_image"):
        return getattr(value, "pk", value)
    if isinstance(value, datetime):
        # Revisions keep milliseconds, the database microseconds.
        return value.replace(microsecond=value.microsecond // 1000 * 1000)
    if isinstance(value, str):
        return normalise_line_endings(value)
    return "" if value is None else value


def _base_values(version: Version) -> dict:
    data = version.field_dict
    values = {name: data.get(name) for name in MERGED_FIELDS}
    values["section"] = data.get("section_id")
    values["lead_image"] = data.get("lead_image_id")
    tag_ids = [
        other.field_dict["tag_id"]
        for other in version.revision.version_set.all()
        if other.content_type.model_class() is TaggedStory
        and str(other.field_dict.get("content_object_id")) == version.object_id
    ]
    values["tags"] = list(Tag.objects.filter(pk__in=tag_ids).values_list("name", flat=True))
    return values


def their_value(story: Story, name: str):
    """The story's current value of `name`, in the form a form's cleaned_data holds."""
    if name == "tags":
        return list(story.tags.all())
    if name in M2M_FIELDS:
        return list(getattr(story, name).all())
    return getattr(story, name)


def three_way(cleaned: dict, base: Version | None, current: Story) -> Merge:
    """Who changed which of the posted fields since the base revision.

    Without a recorded base nobody can tell who changed a field, so every field where
    the form and the story differ is one the editor decides.
    """
    base_values = _base_values(base) if base else {}
    merge = Merge()
    for name in MERGED_FIELDS:
        if name not in cleaned:
            continue
        yours = _comparable(name, cleaned[name])
        theirs = _comparable(name, their_value(current, name))
        if name == "body" and same_body(yours, theirs):
            continue
        if yours == theirs:
            continue
        if base is None:
            merge.both.append(name)
            continue
        original = _comparable(name, base_values.get(name))
        if name == "body":
            you_changed, they_changed = (
                not same_body(yours, original),
                not same_body(theirs, original),
            )
        else:
            you_changed, they_changed = yours != original, theirs != original
        if you_changed and they_changed:
            merge.both.append(name)
        elif they_changed:
            merge.theirs.append(name)
        else:
            merge.yours.append(name)
    return merge

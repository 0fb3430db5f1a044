"""Three-way merge of the story form's inline rows (bylines, quotes) after a conflict.

stories/admin/merge.py merges the story's own fields; this does the same for the rows
the admin's formsets post. The base is the revision the editor opened (the form's
`version`; revisions record bylines and quotes), "theirs" is what the rows are now,
"yours" is what the formset posts. Before the formset is built, its posted data is
rewritten:

- a field only they changed takes their value, so a second Save cannot undo it;
- a row they deleted that you left alone is dropped from the post;
- where you both changed a field (or you changed a row they deleted, or deleted a row
  they changed) your input stays in the form, the save is refused until you choose
  (`keep-rows`: theirs or yours), and the choice is applied to every such row.

Rows you added are saved; rows they added are left alone (your post does not name them).
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _

from .. import revisions
from ..models import Story
from .editor import normalise_line_endings

# A formset's data carries this key when its rows wait for the editor's choice.
UNRESOLVED = "ROWS-UNRESOLVED"


@dataclass
class RowMerge:
    theirs: list[str] = field(default_factory=list)
    both: list[str] = field(default_factory=list)


def _text(value) -> str:
    return "" if value is None else normalise_line_endings(str(value))


def _posted_rows(data, prefix: str, total: int) -> list[dict[str, list[str]]]:
    rows = []
    for index in range(total):
        start = f"{prefix}-{index}-"
        rows.append({key[len(start) :]: data.getlist(key) for key in data if key.startswith(start)})
    return rows


def _with_rows(data, prefix: str, kept: list[dict], added: list[dict]):
    merged = data.copy()
    for key in [
        key
        for key in merged
        if key.startswith(f"{prefix}-") and key[len(prefix) + 1 :][:1].isdigit()
    ]:
        del merged[key]
    for index, row in enumerate(kept + added):
        for suffix, values in row.items():
            merged.setlist(f"{prefix}-{index}-{suffix}", values)
    merged[f"{prefix}-TOTAL_FORMS"] = str(len(kept) + len(added))
    merged[f"{prefix}-INITIAL_FORMS"] = str(len(kept))
    return merged


def merge_rows(data, *, prefix: str, model, fields: list[str], base, current: list[dict], keep):
    """The formset's posted `data` merged with the rows as they are now; and what it did."""
    base_rows = {
        int(version.object_id): version.field_dict
        for version in base.revision.version_set.all()
        if version.content_type.model_class() is model
        and version.field_dict.get("story_id") == int(base.object_id)
    }
    now = {row["id"]: row for row in current}
    names = {name: model._meta.get_field(name).attname for name in fields}
    label = str(model._meta.verbose_name)
    initial = int(data.get(f"{prefix}-INITIAL_FORMS") or 0)
    posted = _posted_rows(data, prefix, int(data.get(f"{prefix}-TOTAL_FORMS") or 0))
    kept, added, plan = [], posted[initial:], RowMerge()
    for number, row in enumerate(posted[:initial], 1):
        pk = (row.get("id") or [""])[0]
        original = base_rows.get(int(pk)) if pk.isdigit() else None
        if original is None:
            kept.append(row)  # not in the revision they opened: nothing to merge against
            continue
        yours = [
            n for n, a in names.items() if _text((row.get(n) or [""])[0]) != _text(original[a])
        ]
        deleting = (row.get("DELETE") or [""])[0] not in ("", "false", "False")
        theirs_now = now.get(int(pk))
        if theirs_now is None:  # they deleted it
            if deleting or not yours:
                plan.theirs.append(_("%(row)s %(n)d deleted") % {"row": label, "n": number})
            else:
                plan.both.append(_("%(row)s %(n)d (they deleted it)") % {"row": label, "n": number})
                if keep == "yours":  # saved again, as a new row
                    added.append({k: v for k, v in row.items() if k not in ("id", "DELETE")})
                elif keep is None:
                    kept.append(row)
            continue
        theirs = [n for n, a in names.items() if _text(theirs_now[a]) != _text(original[a])]
        if deleting and theirs:
            plan.both.append(_("%(row)s %(n)d (you deleted it)") % {"row": label, "n": number})
            if keep == "theirs":
                row = {k: v for k, v in row.items() if k != "DELETE"}
                row.update({n: [_text(theirs_now[names[n]])] for n in names})
        for name in theirs:
            if deleting:
                break
            mine = _text((row.get(name) or [""])[0])
            if name in yours and mine != _text(theirs_now[names[name]]):
                plan.both.append(f"{label} {number}: {model._meta.get_field(name).verbose_name}")
                if keep != "theirs":
                    continue
            elif name not in yours:
                plan.theirs.append(f"{label} {number}: {model._meta.get_field(name).verbose_name}")
            row = {**row, name: [_text(theirs_now[names[name]])]}
        kept.append(row)
    merged = _with_rows(data, prefix, kept, added)
    if plan.both and keep is None:
        merged[f"{prefix}-{UNRESOLVED}"] = "; ".join(plan.both)
    return merged, plan


class RowMergeFormSet(BaseInlineFormSet):
    """An inline's formset, refused while its rows wait for the editor's choice."""

    def clean(self):
        super().clean()
        waiting = self.data.get(f"{self.prefix}-{UNRESOLVED}")
        if waiting:
            raise ValidationError(
                _(
                    "You and a colleague both changed these rows since you opened the story: "
                    "%(rows)s. Choose whose version to keep at the top of the form."
                ),
                params={"rows": waiting},
                code="row_conflict",
            )


class RowMergeMixin:
    """For StoryAdmin: inline rows merged three ways on a save that started from an older
    version (the rows' twin of StoryAdminForm.clean)."""

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        posted = kwargs.get("data")
        version = (posted or {}).get("version", "")
        merged = inline.model in revisions.FOLLOWS.values()
        if not merged or request.method != "POST" or obj is None or not version.isdigit():
            return kwargs
        current = Story.objects.filter(pk=obj.pk).values_list("version", flat=True).first()
        base = revisions.version_with_number(obj, int(version)) if current != int(version) else None
        if base is None:
            return kwargs
        model = inline.model
        rows = list(model.objects.filter(story=obj).values())
        keep = posted.get("keep-rows") if posted.get("keep-rows") in ("theirs", "yours") else None
        kwargs["data"], plan = merge_rows(
            posted, prefix=prefix, model=model, fields=list(inline.fields), base=base,
            current=rows, keep=keep,
        )  # fmt: skip
        merges = getattr(request, "story_row_merges", RowMerge())
        merges.theirs += plan.theirs
        merges.both += plan.both
        request.story_row_merges = merges
        return kwargs

    def render_change_form(self, request, context, *args, **kwargs):
        context["row_merges"] = getattr(request, "story_row_merges", None)
        context["keep_rows"] = request.POST.get("keep-rows") if request.method == "POST" else None
        return super().render_change_form(request, context, *args, **kwargs)

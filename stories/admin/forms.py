"""Validation of the story admin's forms: edit conflicts, proposals, scheduling, corrections."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from .. import revisions
from ..figures import complete_figures
from ..models import Correction, Redirect, Story, StoryProposal
from ..permissions import allowed_actions
from ..sanitize import clean_body_with_report
from . import merge
from .editor import same_body


class StoryAdminForm(forms.ModelForm):
    """The story form, merging with whatever a colleague saved after it was opened.

    `version` is the revision the editor's input is based on, and stays so until a save
    succeeds. A stale save is refused once, showing what they changed; saving again
    merges: fields only they changed keep their values, fields only you changed take
    yours, and a field both changed saves only after you choose whose version to keep.
    """

    class Meta:
        model = Story
        # The admin builds the field list from StoryAdmin.fieldsets.
        fields = ["version"]
        widgets = {
            "version": forms.HiddenInput,
            "seo_description": forms.Textarea(attrs={"rows": 3, "cols": 80}),
        }

    # The newest version whose changes this editor has been shown (set on a refusal).
    seen_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    conflict = None
    # The version this save claims (stories.publishing.claim_version): the current one.
    claims = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "version" in self.fields:
            # A new story has nothing to conflict with; a change must say what it started from.
            self.fields["version"].required = self.instance.pk is not None
        # The admin renders help texts as HTML; ours are plain text ("/stories/<slug>/").
        for form_field in self.fields.values():
            if form_field.help_text:
                form_field.help_text = escape(form_field.help_text)

    # What sanitizing the posted body removed, said to the editor after the save.
    body_report = ""

    def clean_body(self):
        body = self.cleaned_data.get("body") or ""
        if self.instance.pk and same_body(body, self.instance.body):
            # Only whitespace between blocks or attribute order differ: keep the stored bytes.
            return self.instance.body
        cleaned, self.body_report = clean_body_with_report(body)
        cleaned, missing = complete_figures(cleaned)
        if missing:
            raise ValidationError(
                _(
                    "The body shows %(images)s, which is not in the media library (deleted, "
                    "or typed by hand): remove it, or choose an image from the library."
                ),
                params={"images": ", ".join(missing)},
            )
        return cleaned

    def clean_tags(self):
        names = self.cleaned_data.get("tags") or []
        limit = Tag._meta.get_field("name").max_length
        too_long = [name for name in names if len(name) > limit]
        if too_long:
            # SQLite would store it; PostgreSQL refuses it with an error the editor never sees.
            raise ValidationError(
                _("A tag may be at most %(limit)s characters; “%(start)s…” is %(length)s."),
                params={"limit": limit, "start": too_long[0][:30], "length": len(too_long[0])},
            )
        return names

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        path = Story(slug=slug).get_absolute_url()
        taken = Redirect.objects.filter(old_path=path).exclude(story_id=self.instance.pk).first()
        if taken is not None:
            raise ValidationError(
                _(
                    "%(path)s already redirects to “%(target)s”, whose old address it is; "
                    "pick another slug, or ask an editor to remove that redirect."
                ),
                params={"path": path, "target": taken.target},
            )
        return slug

    def clean(self):
        cleaned = super().clean()
        expected = cleaned.get("version")
        if self.instance.pk is None or expected is None:
            return cleaned
        current = Story.objects.select_related("updated_by").filter(pk=self.instance.pk).first()
        if current is None or current.version == expected:
            # (None: recovering a deleted story, which has no row to conflict with.)
            self.claims = expected
            return cleaned
        base = revisions.version_with_number(current, expected)
        plan = merge.three_way(cleaned, base, current)
        choices = {name: self.data.get(f"keep-{name}") for name in plan.both}
        shown = cleaned.get("seen_version") == current.version
        if shown and all(choice in ("theirs", "yours") for choice in choices.values()):
            for name in plan.theirs + [n for n, c in choices.items() if c == "theirs"]:
                cleaned[name] = merge.their_value(current, name)
            self.claims = current.version
            return cleaned
        self.conflict = {
            **conflict_with(current, expected),
            "theirs": [plan.label(name) for name in plan.theirs],
            "yours": [plan.label(name) for name in plan.yours],
        }
        self.conflict["both"] = [
            {
                "name": name,
                "label": plan.label(name),
                "theirs": _display(merge.their_value(current, name)),
                "choice": choices.get(name),
            }
            for name in plan.both
        ]
        # The next save is a merge against what they were shown now.
        self.data = self.data.copy()
        self.data["seen_version"] = current.version
        if shown:
            raise ValidationError(
                _("Choose whose version to keep for: %(fields)s."),
                code="edit_conflict_choice",
                params={"fields": ", ".join(plan.label(name) for name in plan.both)},
            )
        raise ValidationError(
            _(
                "%(who)s changed this story at %(when)s, after you opened it. Nothing was "
                "saved yet: check what they changed, then save again to merge."
            ),
            code="edit_conflict",
            params={"who": self.conflict["who"], "when": self.conflict["when"]},
        )


def _display(value) -> str:
    """A field's value as the conflict box shows it."""
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if hasattr(value, "name") and not isinstance(value, str):
        return value.name or ""
    return "" if value is None else str(value)


def conflict_with(current: Story, expected: int) -> dict:
    """Who saved `current` over version `expected`, when, and what they changed."""
    editor = current.updated_by
    previous = revisions.version_with_number(current, expected)
    return {
        "who": (editor.get_full_name() or editor.get_username()) if editor else _("Someone"),
        "when": date_format(timezone.localtime(current.updated_at), "DATETIME_FORMAT"),
        "changes": revisions.diff(
            revisions.snapshot_of_revision(previous), revisions.snapshot_of_story(current)
        )
        if previous
        else None,
    }


class ProposalForm(forms.ModelForm):
    class Meta:
        model = StoryProposal
        fields = [*StoryProposal.TEXT_FIELDS, "note"]


class ScheduleForm(forms.Form):
    at = forms.SplitDateTimeField(
        label=_("Publish at"), widget=admin.widgets.AdminSplitDateTime, required=True
    )


class CorrectionForm(forms.ModelForm):
    class Meta:
        model = Correction
        fields = ["story", "kind", "text"]

    # Set by CorrectionAdmin.get_form on the class it builds for each request.
    user = None

    def clean_story(self):
        story = self.cleaned_data["story"]
        if "correct" not in allowed_actions(self.user, story):
            raise ValidationError(
                _("Only a published story can be corrected; fix the draft instead.")
            )
        return story

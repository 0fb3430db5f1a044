"""Validation of the story admin's forms: edit conflicts, proposals, scheduling, corrections."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .. import revisions
from ..models import Correction, Story, StoryProposal
from ..permissions import allowed_actions


class StoryAdminForm(forms.ModelForm):
    """The story form, refusing to overwrite a story someone saved after it was opened."""

    class Meta:
        model = Story
        # The admin builds the field list from StoryAdmin.fieldsets.
        fields = ["version"]
        widgets = {"version": forms.HiddenInput}

    conflict = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "version" in self.fields:
            # A new story has nothing to conflict with; a change must say what it started from.
            self.fields["version"].required = self.instance.pk is not None

    def clean(self):
        cleaned = super().clean()
        expected = cleaned.get("version")
        if self.instance.pk is None or expected is None:
            return cleaned
        current = Story.objects.select_related("updated_by").filter(pk=self.instance.pk).first()
        if current is None or current.version == expected:
            # (None: recovering a deleted story, which has no row to conflict with.)
            return cleaned
        self.conflict = conflict_with(current, expected)
        # The next save is a deliberate merge on top of their version: carry its number.
        self.data = self.data.copy()
        self.data["version"] = current.version
        raise ValidationError(
            _(
                "%(who)s changed this story at %(when)s, after you opened it. Your text is "
                "kept below; compare it with their changes, merge, and save again."
            ),
            code="edit_conflict",
            params={"who": self.conflict["who"], "when": self.conflict["when"]},
        )


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

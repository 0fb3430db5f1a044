"""Two editors on one story's bylines and quotes: a second save never undoes a
colleague's change to a row (stories/admin/merge_rows.py)."""

import pytest

from stories.models import Byline, Quote
from tests.admin_forms import form_data
from tests.factories import AuthorFactory, BylineFactory, SourceFactory, StoryFactory
from tests.workflow.test_conflicts import change_url, two_editors

pytestmark = pytest.mark.django_db

BODY = "<p>“We will pass it,” she said. “Not this year,” he said.</p>"


def story_with_rows():
    story = StoryFactory(dek="Old dek.", body=BODY)
    first = Quote.objects.create(
        story=story, source=SourceFactory(), text="We will pass it", attribution="she said"
    )
    second = Quote.objects.create(
        story=story, source=SourceFactory(), text="Not this year", attribution="he said", position=1
    )
    BylineFactory(story=story, author=AuthorFactory(name="Rita Reporter"))
    return story, first, second


def row_index(form, prefix, pk):
    return next(
        key.split("-")[1]
        for key, value in form.items()
        if key.startswith(prefix) and key.endswith("-id") and value == str(pk)
    )


def test_a_quote_only_they_changed_keeps_their_change_after_the_second_save():
    story, first, _second = story_with_rows()
    (ana, ana_form), (ben, ben_form) = two_editors(story)
    i = row_index(ana_form, "quotes", first.pk)
    assert (
        ana.post(
            change_url(story), {**ana_form, f"quotes-{i}-attribution": "the mayor said"}
        ).status_code
        == 302
    )

    refused = ben.post(change_url(story), {**ben_form, "dek": "Ben's dek."})
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "saving keeps their changes to: quote 1: attribution" in page
    # The row as Ben sees it now carries Ana's attribution.
    assert form_data(refused)[f"quotes-{i}-attribution"] == "the mayor said"
    assert ben.post(change_url(story), form_data(refused)).status_code == 302

    story.refresh_from_db()
    first.refresh_from_db()
    assert (story.dek, first.attribution) == ("Ben's dek.", "the mayor said")


def test_a_save_that_started_before_theirs_cannot_undo_their_edit_even_posted_as_it_was():
    # Ben's browser posts his stale rows unchanged on the second save (no re-render read):
    # the merge happens on the server, whatever the form carries.
    story, _first, second = story_with_rows()
    (ana, ana_form), (ben, ben_form) = two_editors(story)
    i = row_index(ana_form, "quotes", second.pk)
    assert (
        ana.post(change_url(story), {**ana_form, f"quotes-{i}-method": "statement"}).status_code
        == 302
    )
    refused = ben.post(change_url(story), {**ben_form, "dek": "Ben's dek."})
    stale_rows = {k: v for k, v in ben_form.items() if k.startswith("quotes-")}
    assert ben.post(change_url(story), {**form_data(refused), **stale_rows}).status_code == 302
    second.refresh_from_db()
    assert second.method == "statement"


def test_different_fields_of_one_quote_keep_both_changes():
    story, first, _second = story_with_rows()
    (ana, ana_form), (ben, ben_form) = two_editors(story)
    i = row_index(ana_form, "quotes", first.pk)
    assert (
        ana.post(
            change_url(story), {**ana_form, f"quotes-{i}-attribution": "the mayor said"}
        ).status_code
        == 302
    )
    refused = ben.post(change_url(story), {**ben_form, f"quotes-{i}-method": "statement"})
    assert ben.post(change_url(story), form_data(refused)).status_code == 302
    first.refresh_from_db()
    assert (first.attribution, first.method) == ("the mayor said", "statement")


@pytest.mark.parametrize(
    ("choice", "expected"), [("theirs", "the mayor said"), ("yours", "she told reporters")]
)
def test_a_quote_field_both_changed_saves_only_after_choosing_whose(choice, expected):
    story, first, _second = story_with_rows()
    (ana, ana_form), (ben, ben_form) = two_editors(story)
    i = row_index(ana_form, "quotes", first.pk)
    assert (
        ana.post(
            change_url(story), {**ana_form, f"quotes-{i}-attribution": "the mayor said"}
        ).status_code
        == 302
    )
    refused = ben.post(
        change_url(story), {**ben_form, f"quotes-{i}-attribution": "she told reporters"}
    )
    # Ben's own input stays in the row until he chooses.
    assert form_data(refused)[f"quotes-{i}-attribution"] == "she told reporters"
    again = ben.post(change_url(story), form_data(refused))
    assert again.status_code == 200
    assert "You both changed these rows: quote 1: attribution" in again.content.decode()
    first.refresh_from_db()
    assert first.attribution == "the mayor said"

    saved = ben.post(change_url(story), {**form_data(again), "keep-rows": choice})
    assert saved.status_code == 302
    first.refresh_from_db()
    assert first.attribution == expected


def test_a_byline_they_removed_stays_removed_when_the_other_saves_again():
    story, _first, _second = story_with_rows()
    (ana, ana_form), (ben, ben_form) = two_editors(story)
    assert ana.post(change_url(story), {**ana_form, "bylines-0-DELETE": "on"}).status_code == 302
    refused = ben.post(change_url(story), {**ben_form, "dek": "Ben's dek."})
    assert "byline 1 deleted" in refused.content.decode()
    assert ben.post(change_url(story), form_data(refused)).status_code == 302
    story.refresh_from_db()
    assert story.dek == "Ben's dek."
    assert not Byline.objects.filter(story=story).exists()


def test_rows_they_added_and_rows_you_added_are_both_kept():
    story, _first, _second = story_with_rows()
    (ana, ana_form), (ben, ben_form) = two_editors(story)
    ana_author, ben_author = AuthorFactory(name="Ana Writer"), AuthorFactory(name="Ben Writer")

    def add_byline(form, author):
        total = int(form["bylines-TOTAL_FORMS"])
        return {
            **form,
            "bylines-TOTAL_FORMS": str(total + 1),
            f"bylines-{total}-author": str(author.pk),
            f"bylines-{total}-role": "writer",
            f"bylines-{total}-position": "5",
            f"bylines-{total}-story": str(story.pk),
        }

    assert ana.post(change_url(story), add_byline(ana_form, ana_author)).status_code == 302
    refused = ben.post(change_url(story), add_byline(ben_form, ben_author))
    assert ben.post(change_url(story), form_data(refused)).status_code == 302
    names = set(Byline.objects.filter(story=story).values_list("author__name", flat=True))
    assert names == {"Rita Reporter", "Ana Writer", "Ben Writer"}

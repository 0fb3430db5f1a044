"""Two editors on one story: the second save never silently overwrites the first."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from stories.models import Story
from tests.admin_forms import form_data
from tests.factories import StoryFactory, UserFactory, publishable_story


def change_url(story):
    return reverse("admin:stories_story_change", args=[story.pk])


@pytest.mark.django_db
def test_second_editor_gets_a_conflict_naming_who_and_keeps_their_text(client, editor):
    ana = UserFactory(username="ana", first_name="Ana", last_name="Reyes", groups=["Editors"])
    story = StoryFactory(headline="Council votes", body="<p>First draft.</p>")
    first, second = Client(), client
    first.force_login(ana)
    second.force_login(editor)
    # Both open the story at version 1; Ana saves first.
    assert first.get(change_url(story)).status_code == 200
    opened = form_data(second.get(change_url(story)))
    assert (
        first.post(change_url(story), {**opened, "headline": "Council votes 12-3"}).status_code
        == 302
    )

    response = second.post(
        change_url(story), {**opened, "body": "<p>My careful rewrite of the lede.</p>"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Ana Reyes saved this story at" in page
    assert "My careful rewrite of the lede." in page  # their own input is still in the form
    # What changed: Ana's new headline is shown in the diff.
    assert "Council votes 12-3" in page
    assert "<h3>Published at</h3>" not in page  # only what they really changed
    story.refresh_from_db()
    assert story.headline == "Council votes 12-3" and story.body == "<p>First draft.</p>"
    assert story.version == 2


def two_editors(story):
    """Ana and Ben, each logged in with their own session, both opening `story` now."""
    ana = UserFactory(username="ana", first_name="Ana", last_name="Reyes", groups=["Editors"])
    ben = UserFactory(username="ben", first_name="Ben", last_name="Cho", groups=["Editors"])
    first, second = Client(), Client()
    first.force_login(ana)
    second.force_login(ben)
    return (first, form_data(first.get(change_url(story)))), (
        second,
        form_data(second.get(change_url(story))),
    )


@pytest.mark.django_db
def test_saving_again_after_a_refusal_keeps_the_colleagues_change_and_yours():
    story = StoryFactory(dek="Old dek.", body="<p>Old body.</p>")
    (ana, ana_form), (ben, ben_form) = two_editors(story)
    assert ana.post(change_url(story), {**ana_form, "dek": "Ana's dek."}).status_code == 302

    refused = ben.post(change_url(story), {**ben_form, "body": "<p>Ben's body.</p>"})
    assert refused.status_code == 200
    assert "Saving again keeps their changes to: dek" in refused.content.decode()
    assert Story.objects.get(pk=story.pk).body == "<p>Old body.</p>"
    # Ben clicks Save again on the form as it came back.
    assert ben.post(change_url(story), form_data(refused)).status_code == 302

    story.refresh_from_db()
    assert (story.dek, story.body, story.version) == ("Ana's dek.", "<p>Ben's body.</p>", 3)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("choice", "expected_dek"), [("theirs", "Ana's dek."), ("yours", "Ben's dek.")]
)
def test_a_field_both_changed_saves_only_after_choosing_whose(choice, expected_dek):
    story = StoryFactory(headline="Council votes", dek="Old dek.")
    (ana, ana_form), (ben, ben_form) = two_editors(story)
    ana.post(change_url(story), {**ana_form, "dek": "Ana's dek."})
    refused = ben.post(
        change_url(story), {**ben_form, "dek": "Ben's dek.", "headline": "Council votes 12-3"}
    )
    page = refused.content.decode()
    assert "You both changed the dek" in page and "Ana&#x27;s dek." in page

    # Saving again without choosing is refused again, and still saves nothing.
    again = ben.post(change_url(story), form_data(refused))
    assert again.status_code == 200
    assert "Choose whose version to keep for: dek." in again.content.decode()
    assert Story.objects.get(pk=story.pk).dek == "Ana's dek."

    saved = ben.post(change_url(story), {**form_data(again), "keep-dek": choice})
    assert saved.status_code == 302
    story.refresh_from_db()
    assert (story.dek, story.headline) == (expected_dek, "Council votes 12-3")


@pytest.mark.django_db
def test_a_third_save_after_the_refusal_is_shown_before_merging():
    story = StoryFactory(dek="Old dek.", dateline="PASADENA")
    (ana, ana_form), (ben, ben_form) = two_editors(story)
    ana.post(change_url(story), {**ana_form, "dek": "Ana's dek."})
    refused = ben.post(change_url(story), {**ben_form, "headline": "Ben's headline"})
    reopened = form_data(ana.get(change_url(story)))
    ana.post(change_url(story), {**reopened, "dateline": "GLENDALE"})

    shown = ben.post(change_url(story), form_data(refused))
    assert shown.status_code == 200 and "GLENDALE" in shown.content.decode()
    assert ben.post(change_url(story), form_data(shown)).status_code == 302
    story.refresh_from_db()
    assert (story.dek, story.dateline, story.headline) == (
        "Ana's dek.",
        "GLENDALE",
        "Ben's headline",
    )


@pytest.mark.django_db
def test_a_publish_in_between_also_counts_as_a_change(client, editor):
    story = publishable_story(status=Story.Status.REVIEW)
    client.force_login(editor)
    opened = form_data(client.get(change_url(story)))
    url = reverse("admin:stories_story_workflow", args=[story.pk])
    client.post(url, {"action": "publish", "confirmed": "1"})
    response = client.post(change_url(story), {**opened, "headline": "Stale"})
    assert response.status_code == 200
    assert Story.objects.get(pk=story.pk).headline != "Stale"


def save_concurrently(story, users, headlines):
    """Every user posts the same opened version at once; returns the status codes."""
    opener = Client()
    opener.force_login(users[0])
    opened = form_data(opener.get(change_url(story)))
    barrier = threading.Barrier(len(users))
    results = {}

    def save(user, headline):
        client = Client()
        client.force_login(user)
        barrier.wait()
        try:
            results[headline] = client.post(change_url(story), {**opened, "headline": headline})
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=pair) for pair in zip(users, headlines, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_simultaneous_saves_from_several_workers_let_exactly_one_win():
    """Real threads, real connections: on a file SQLite (CI) and on PostgreSQL alike."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("needs a file-backed SQLite database; see tests/conftest.py")
    # Superusers: a transactional test may follow others that flushed the groups the
    # data migrations made, and roles are not what this test is about.
    users = [UserFactory(username=f"editor{n}", is_superuser=True) for n in range(4)]
    story = StoryFactory(headline="Original")
    headlines = [f"Version from editor {n}" for n in range(4)]

    results = save_concurrently(story, users, headlines)

    codes = sorted(response.status_code for response in results.values())
    assert codes == [200, 200, 200, 302]
    story.refresh_from_db()
    winner = next(h for h, response in results.items() if response.status_code == 302)
    assert story.headline == winner and story.version == 2
    for headline, response in results.items():
        if response.status_code == 200:
            assert "saved this story at" in response.content.decode()
            assert headline in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_postgresql_row_lock_resolves_the_race():
    """On PostgreSQL the losing UPDATE waits for the winner, then matches no row."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: set DATABASE_URL to a PostgreSQL database to run it")
    users = [UserFactory(username=f"pg-editor{n}", is_superuser=True) for n in range(2)]
    story = StoryFactory(headline="Original")
    results = save_concurrently(story, users, ["Left", "Right"])
    assert sorted(r.status_code for r in results.values()) == [200, 302]
    assert Story.objects.get(pk=story.pk).version == 2

"""Nothing lost: every admin save is a revision; diffs, restores and recovery work."""

import pytest
from django.urls import reverse
from reversion.models import Version

from sources.models import Source
from stories import publishing
from stories.models import Quote, Story, StoryEvent, TagTimes
from stories.story_facts import stale_story_facts
from tests.admin_forms import form_data
from tests.factories import AuthorFactory, StoryFactory

pytestmark = pytest.mark.django_db


def change_url(story):
    return reverse("admin:stories_story_change", args=[story.pk])


def save(client, story, **overrides):
    data = form_data(client.get(change_url(story)), **overrides)
    response = client.post(change_url(story), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    story.refresh_from_db()


@pytest.fixture
def story_with_history(editor_client):
    """A story saved twice in the admin: a headline change, then a byline and tag change."""
    author = AuthorFactory(name="Ana Reyes")
    story = StoryFactory(
        headline="Bass leads",
        body='<p>"We will win." said Bass.</p>',
        tags=["Elections"],
        authors=[author],
    )
    Quote.objects.create(
        story=story, source=Source.objects.create(name="Karen Bass", slug="kb"), text="We will win."
    )
    editor_client.get(change_url(story))  # base revision
    save(editor_client, story, headline="Bass leads Caruso")
    save(
        editor_client,
        story,
        headline="Bass widens lead over Caruso",
        tags="Elections, Mayor",
        **{"bylines-0-role": "photographer"},
    )
    return story


def test_every_admin_save_records_a_revision_with_bylines_tags_and_quotes(
    story_with_history, editor
):
    versions = Version.objects.get_for_object(story_with_history)
    assert versions.count() == 3
    latest = versions.first()
    assert latest.revision.user == editor
    models = {v.content_type.model for v in latest.revision.version_set.all()}
    assert {"story", "byline", "taggedstory", "quote"} <= models


def test_history_page_lists_revisions_and_compare_shows_a_readable_diff(
    editor_client, story_with_history
):
    story = story_with_history
    history = editor_client.get(reverse("admin:stories_story_history", args=[story.pk]))
    assert history.status_code == 200 and "Show differences" in history.content.decode()
    oldest, newest = (
        Version.objects.get_for_object(story).last(),
        Version.objects.get_for_object(story).first(),
    )
    page = editor_client.get(
        reverse("admin:stories_story_compare", args=[story.pk]),
        {"from": oldest.pk, "to": newest.pk},
    ).content.decode()
    assert "- Bass leads" in page and "+ Bass widens lead over Caruso" in page
    assert "Ana Reyes (reporter)" in page and "Ana Reyes (photographer)" in page
    assert "+ Elections, Mayor" in page


def test_restoring_a_revision_brings_back_text_bylines_tags_as_a_new_revision(
    editor_client, story_with_history
):
    story = story_with_history
    published_at = story.published_at
    oldest = Version.objects.get_for_object(story).last()
    count = Version.objects.get_for_object(story).count()

    response = editor_client.post(
        reverse("admin:stories_story_revision", args=[story.pk, oldest.pk])
    )

    assert response.status_code == 302
    story.refresh_from_db()
    assert story.headline == "Bass leads"
    assert [b.role for b in story.bylines.all()] == ["reporter"]
    assert list(story.tags.names()) == ["Elections"]
    assert story.quotes.count() == 1
    # Restoring does not unpublish or re-date, and is itself a revision.
    assert story.status == Story.Status.PUBLISHED and story.published_at == published_at
    assert Version.objects.get_for_object(story).count() == count + 1
    assert story.version == 4
    assert StoryEvent.objects.filter(story=story, action="restored").exists()


def test_restore_page_shows_the_diff_before_anything_changes(editor_client, story_with_history):
    story = story_with_history
    oldest = Version.objects.get_for_object(story).last()
    page = editor_client.get(reverse("admin:stories_story_revision", args=[story.pk, oldest.pk]))
    assert "Restore this revision" in page.content.decode()
    story.refresh_from_db()
    assert story.headline == "Bass widens lead over Caruso"


def test_a_deleted_story_can_be_recovered_by_an_editor(editor_client, client):
    story = StoryFactory(headline="Gone by mistake", tags=["Budget"], authors=[AuthorFactory()])
    response = editor_client.post(
        reverse("admin:stories_story_delete", args=[story.pk]), {"post": "yes"}
    )
    assert response.status_code == 302 and not Story.objects.filter(pk=story.pk).exists()

    recover_list = editor_client.get(reverse("admin:stories_story_recoverlist"))
    assert "Gone by mistake" in recover_list.content.decode()
    version = Version.objects.get_deleted(Story).get()
    form = editor_client.get(reverse("admin:stories_story_recover", args=[version.pk]))
    assert form.status_code == 200
    # The recover form shows the deleted story's fields; the editor saves them as shown.
    data = form_data(form, tags="Budget")
    response = editor_client.post(reverse("admin:stories_story_recover", args=[version.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    recovered = Story.objects.get(pk=story.pk)
    assert recovered.headline == "Gone by mistake"
    assert list(recovered.tags.names()) == ["Budget"]
    assert recovered.bylines.count() == 1
    assert StoryEvent.objects.filter(story=recovered, action="restored").exists()
    # Back on its tag's page: its tag row holds its publication time again.
    assert stale_story_facts() == (0, 0, 0)
    assert recovered.tagged_items.get().published_at == recovered.published_at
    assert client.get("/tags/budget/").context["stories"][0] == recovered


def test_reporters_cannot_recover_or_restore(client, reporter):
    story = StoryFactory(created_by=reporter, status=Story.Status.DRAFT, published_at=None)
    client.force_login(reporter)
    client.get(change_url(story))
    version = Version.objects.get_for_object(story).get()
    assert client.get(reverse("admin:stories_story_recoverlist")).status_code == 403
    response = client.post(reverse("admin:stories_story_revision", args=[story.pk, version.pk]))
    assert response.status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "/admin/stories/story/abc/change/",
        "/admin/stories/story/abc/workflow/",
        "/admin/stories/story/abc/history/",
        "/admin/stories/story/abc/history/compare/?from=1",
        "/admin/stories/story/{pk}/history/compare/?from=abc",
        "/admin/stories/story/{pk}/history/compare/?from=1&to=x",
        "/admin/stories/story/recover/abc/",
    ],
)
def test_a_mistyped_admin_address_is_not_found_not_a_server_error(editor_client, path):
    story = StoryFactory()
    editor_client.raise_request_exception = False
    response = editor_client.get(path.format(pk=story.pk))
    assert response.status_code in {302, 404}, response.status_code


def test_restoring_a_revision_takes_the_sources_and_tags_it_drops_out_of_the_lists(
    editor_client, editor, client
):
    """The restored revision quotes no one and has one tag fewer: the source leaves
    /sources/ and the tag the tags sitemap (stories.story_facts, before and after)."""
    story = StoryFactory(body='<p>"We will win," said Bass.</p>', tags=["Elections"])
    editor_client.get(change_url(story))  # the base revision: no quote, one tag
    Quote.objects.create(
        story=story, source=Source.objects.create(name="Karen Bass", slug="kb"), text="We will win"
    )
    save(editor_client, story, tags="Elections, Mayor")
    sources = reverse("sources:list")
    assert "kb" in [s.slug for s in client.get(sources).context["sources"]]
    assert TagTimes.objects.filter(tag__name="Mayor").exists()

    base = Version.objects.get_for_object(story).last()
    publishing.restore_revision(story=Story.objects.get(pk=story.pk), version=base, user=editor)

    assert not Quote.objects.filter(story=story).exists()
    assert "kb" not in [s.slug for s in client.get(sources).context["sources"]]
    assert Source.objects.get(slug="kb").public_since is None
    assert not TagTimes.objects.filter(tag__name="Mayor").exists()
    assert TagTimes.objects.filter(tag__name="Elections").exists()

"""Roles that hold: embargoes, author accounts, refusals in the admin look, demo profiles."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from newsroom.bootstrap import bootstrap_site
from stories.models import Author, Story
from tests.admin_forms import form_data
from tests.factories import StoryFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_reporter_clearing_an_editors_embargo_is_refused_and_it_stays(client, reporter):
    """The issue's failure: the reporter emptied the field, then Publish now was open."""
    until = timezone.now() + timedelta(days=1)
    story = StoryFactory(status=Story.Status.DRAFT, published_at=None, created_by=reporter)
    Story.objects.filter(pk=story.pk).update(embargo_until=until)
    client.force_login(reporter)
    url = reverse("admin:stories_story_change", args=[story.pk])
    page = client.get(url)
    assert 'name="embargo_until_0"' not in page.content.decode()
    response = client.post(url, form_data(page, embargo_until_0="", embargo_until_1=""))
    assert response.status_code == 403
    assert "Only editors can set or lift an embargo." in response.content.decode()
    story.refresh_from_db()
    assert story.embargo_until == until


def test_a_reporter_saving_their_draft_keeps_the_embargo(client, reporter):
    until = timezone.now() + timedelta(days=1)
    story = StoryFactory(status=Story.Status.DRAFT, published_at=None, created_by=reporter)
    Story.objects.filter(pk=story.pk).update(embargo_until=until)
    client.force_login(reporter)
    url = reverse("admin:stories_story_change", args=[story.pk])
    assert client.post(url, form_data(client.get(url), headline="Retitled")).status_code == 302
    story.refresh_from_db()
    assert (story.headline, story.embargo_until) == ("Retitled", until)


def test_a_refused_action_is_explained_in_the_admins_look(client, reporter):
    story = StoryFactory(status=Story.Status.DRAFT, published_at=None, created_by=reporter)
    client.force_login(reporter)
    response = client.get(reverse("admin:stories_story_delete", args=[story.pk]))
    text = response.content.decode()
    assert response.status_code == 403
    assert 'id="site-name"' in text and "Nothing was changed" in text


def test_editors_can_link_an_author_profile_to_a_user_account(client, editor, reporter):
    client.force_login(editor)
    url = reverse("admin:stories_author_add")
    page = client.get(url)
    assert f'<option value="{reporter.pk}">rita</option>' in page.content.decode()
    data = form_data(page, name="Rita Reyes", slug="rita-reyes", user=str(reporter.pk))
    assert client.post(url, data).status_code == 302
    assert Author.objects.get(slug="rita-reyes").user == reporter


def test_reporters_may_read_but_not_edit_a_colleagues_draft(client, reporter):
    """Decided: the desk is shared, so drafts are readable by colleagues; only editing is not."""
    colleague = UserFactory(username="otto", groups=["Reporters"])
    story = StoryFactory(status=Story.Status.DRAFT, published_at=None, created_by=colleague)
    client.force_login(reporter)
    url = reverse("admin:stories_story_change", args=[story.pk])
    page = client.get(url)
    assert page.status_code == 200 and page.context["has_change_permission"] is False


def test_make_run_gives_the_demo_accounts_linked_author_profiles(db):
    bootstrap_site()
    linked = dict(Author.objects.values_list("user__username", "name"))
    assert linked == {"editor": "Demo Editor", "reporter": "Demo Reporter"}

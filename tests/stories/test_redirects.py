"""A renamed story, section, tag or author answers 301 at every old address, forever."""

import pytest
from django.urls import reverse
from taggit.models import Tag

from stories.models import Redirect, Story
from tests.admin_forms import form_data, new_story_data
from tests.factories import AuthorFactory, SectionFactory, StoryFactory
from tests.query_budget import assert_query_budget

pytestmark = pytest.mark.django_db


def rename_story(client, story, slug):
    url = reverse("admin:stories_story_change", args=[story.pk])
    response = client.post(url, form_data(client.get(url), slug=slug))
    assert response.status_code == 302, response.content.decode()[:2000]


def test_renaming_a_published_storys_slug_keeps_the_old_url_working(editor_client, client):
    """The issue's failure: the old address was a 404."""
    story = StoryFactory(slug="council-vote")
    rename_story(editor_client, story, "council-passes-budget")
    rename_story(editor_client, story, "budget-passes")
    for old in ("/stories/council-vote/", "/stories/council-passes-budget/"):
        response = client.get(old)
        assert response.status_code == 301 and response["Location"] == "/stories/budget-passes/"
    assert client.get("/stories/budget-passes/").status_code == 200


def test_taking_the_old_slug_back_removes_the_redirect(editor_client, client):
    story = StoryFactory(slug="first")
    rename_story(editor_client, story, "second")
    rename_story(editor_client, story, "first")
    assert client.get("/stories/first/").status_code == 200
    assert client.get("/stories/second/").status_code == 301


def test_a_drafts_rename_leaves_no_redirect(editor_client):
    story = StoryFactory(slug="draft-one", status=Story.Status.DRAFT, published_at=None)
    rename_story(editor_client, story, "draft-two")
    assert not Redirect.objects.exists()


def test_an_old_address_of_a_withdrawn_story_stays_not_found(editor_client, client):
    story = StoryFactory(slug="old")
    rename_story(editor_client, story, "new")
    Story.objects.filter(pk=story.pk).update(status=Story.Status.WITHDRAWN)
    assert client.get("/stories/old/").status_code == 404


def test_a_new_story_cannot_take_a_slug_that_redirects_elsewhere(editor_client):
    story = StoryFactory(slug="old")
    rename_story(editor_client, story, "new")
    response = editor_client.post(
        reverse("admin:stories_story_add"), new_story_data(editor_client, slug="old")
    )
    assert response.status_code == 200
    assert "/stories/old/ already redirects to" in response.content.decode()
    assert Story.objects.count() == 1


def test_redirects_are_listed_on_the_story_and_editable(editor_client):
    story = StoryFactory(slug="old")
    rename_story(editor_client, story, "new")
    page = editor_client.get(reverse("admin:stories_story_change", args=[story.pk]))
    assert "/stories/old/" in page.content.decode()


def test_renamed_sections_tags_and_authors_redirect(editor_client, client):
    section = SectionFactory(name="Politics", slug="politics")
    author = AuthorFactory(slug="ana")
    StoryFactory(section=section, tags=["City Hall"], authors=[author])
    tag = Tag.objects.get(name="City Hall")
    for admin_name, obj, new in (
        ("stories_section", section, "government"),
        ("stories_author", author, "ana-ruiz"),
        ("taggit_tag", tag, "city-government"),
    ):
        url = reverse(f"admin:{admin_name}_change", args=[obj.pk])
        response = editor_client.post(url, form_data(editor_client.get(url), slug=new))
        assert response.status_code == 302, response.content.decode()[:2000]
    assert client.get("/sections/politics/")["Location"] == "/sections/government/"
    assert client.get("/authors/ana/")["Location"] == "/authors/ana-ruiz/"
    assert client.get("/tags/city-hall/")["Location"] == "/tags/city-government/"


def test_an_old_address_costs_the_same_queries_however_many_redirects(client):
    def build(size):
        for n in range(size):
            story = StoryFactory(slug=f"story-{n}")
            Redirect.objects.create(old_path=f"/stories/old-{n}/", story=story)
        return size

    assert_query_budget(
        build=build,
        act=lambda size: client.get(f"/stories/old-{size - 1}/"),
        # the live story by slug (404), then the redirect with its target
        budget=2,
        status=301,
    )

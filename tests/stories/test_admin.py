import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse

from stories.models import Author, Section, Story
from tests.admin_forms import NEW_STORY, new_story_data
from tests.factories import AuthorFactory, SectionFactory, StoryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(
        get_user_model().objects.create_superuser("boss", "boss@newsroom.test", "x-unused-pw-1")
    )
    return client


@pytest.mark.parametrize("model", [Story, Section, Author])
def test_admin_pages_load_for_each_model(superuser_client, model):
    story = StoryFactory(tags=["Budget"], authors=[AuthorFactory()])
    objects = {Story: story, Section: story.section, Author: story.authors.get()}
    opts = model._meta
    for url in [
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        reverse(f"admin:{opts.app_label}_{opts.model_name}_add"),
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[objects[model].pk]),
    ]:
        assert superuser_client.get(url).status_code == 200, url


def test_story_changelist_filters_and_search_work(superuser_client):
    StoryFactory(headline="Council passes budget", tags=["Budget"])
    StoryFactory(headline="Dodgers win", dek="Walk-off.", body="<p>A homer.</p>", tags=["Sports"])
    url = reverse("admin:stories_story_changelist")
    content = superuser_client.get(url, {"q": "council"}).content.decode()
    assert "Council passes budget" in content and "Dodgers win" not in content
    content = superuser_client.get(url, {"status__exact": "published"}).content.decode()
    assert "Dodgers win" in content


def test_the_story_list_sorts_by_who_edited_last(superuser_client):
    for name in ["zoe", "amir", "lena"]:
        StoryFactory(headline=f"Edited by {name}", updated_by=UserFactory(username=name))
    url = reverse("admin:stories_story_changelist")
    columns = superuser_client.get(url).context["cl"].list_display
    by_editor = columns.index("with_whom")  # 0 is the action checkbox: "o" counts from it
    response = superuser_client.get(url, {"o": str(by_editor)})
    assert response.status_code == 200
    shown = [story.updated_by_name for story in response.context["cl"].result_list]
    assert shown == ["amir", "lena", "zoe"]


def test_autocomplete_finds_authors_and_sections(superuser_client):
    AuthorFactory(name="Ana Reyes")
    SectionFactory(name="Politics")
    url = reverse("admin:autocomplete")
    response = superuser_client.get(
        url,
        {"term": "ana", "app_label": "stories", "model_name": "byline", "field_name": "author"},
    )
    assert [r["text"] for r in response.json()["results"]] == ["Ana Reyes"]
    response = superuser_client.get(
        url,
        {"term": "pol", "app_label": "stories", "model_name": "story", "field_name": "section"},
    )
    assert [r["text"] for r in response.json()["results"]] == ["Politics"]


def story_form(**overrides):
    """A new story's add-form post written out by hand.

    Kept for tests/sources/test_validation.py; the tests here build posts with
    tests.admin_forms, from the form the admin renders.
    """
    data = {
        **NEW_STORY,
        "credit": "",
        "section": "",
        "kind": "news",
        "version": "0",
        "bylines-TOTAL_FORMS": "0",
        "bylines-INITIAL_FORMS": "0",
        "bylines-MIN_NUM_FORMS": "0",
        "bylines-MAX_NUM_FORMS": "1000",
        "quotes-TOTAL_FORMS": "0",
        "quotes-INITIAL_FORMS": "0",
        "quotes-MIN_NUM_FORMS": "0",
        "quotes-MAX_NUM_FORMS": "1000",
        "redirects-TOTAL_FORMS": "0",
        "redirects-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_editor_creates_a_story_with_ordered_bylines(editor_client, editor):
    first, second = AuthorFactory(name="Ana Reyes"), AuthorFactory(name="Bo Chen")
    data = new_story_data(
        editor_client,
        **{
            "bylines-TOTAL_FORMS": "2",
            "bylines-0-author": str(second.pk),
            "bylines-0-role": "photographer",
            "bylines-0-position": "1",
            "bylines-1-author": str(first.pk),
            "bylines-1-role": "reporter",
            "bylines-1-position": "0",
        },
    )
    response = editor_client.post(reverse("admin:stories_story_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    story = Story.objects.get(slug="council-passes-budget")
    assert story.created_by == editor and story.updated_by == editor
    assert "<script>" not in story.body and "javascript:" not in story.body
    assert [(b.author.name, b.role) for b in story.bylines.all()] == [
        ("Ana Reyes", "reporter"),
        ("Bo Chen", "photographer"),
    ]
    assert sorted(story.tags.names()) == ["Budget", "City Hall"]


def test_tags_are_case_insensitive(editor_client):
    StoryFactory(tags=["Homelessness"])
    editor_client.post(
        reverse("admin:stories_story_add"), new_story_data(editor_client, tags="homelessness")
    )
    story = Story.objects.get(slug="council-passes-budget")
    assert list(story.tags.names()) == ["Homelessness"]


def test_a_lead_image_must_be_an_image_in_the_library(editor_client):
    """Alt text is the library's rule (media.Image); the story only points at an image."""
    data = new_story_data(editor_client, lead_image="999999")
    response = editor_client.post(reverse("admin:stories_story_add"), data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Story.objects.exists()


def test_duplicate_slug_is_a_form_error(editor_client):
    StoryFactory(slug="council-passes-budget")
    response = editor_client.post(reverse("admin:stories_story_add"), new_story_data(editor_client))
    assert response.status_code == 200
    assert "Story with this Slug already exists." in response.content.decode()
    assert Story.objects.count() == 1


def test_reporters_cannot_delete_stories_or_edit_sections(client, reporter):
    story = StoryFactory()
    client.force_login(reporter)
    assert client.get(reverse("admin:stories_story_change", args=[story.pk])).status_code == 200
    delete = client.post(reverse("admin:stories_story_delete", args=[story.pk]), {"post": "yes"})
    assert delete.status_code == 403
    assert Story.objects.filter(pk=story.pk).exists()
    add_section = client.post(reverse("admin:stories_section_add"), {"name": "X", "slug": "x"})
    assert add_section.status_code == 403
    assert not Section.objects.filter(slug="x").exists()


def test_anonymous_users_cannot_reach_the_admin(client, db):
    response = client.get(reverse("admin:stories_story_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_groups_exist_with_permissions():
    reporter = UserFactory(groups=["Reporters"])
    editor = UserFactory(groups=["Editors"])
    assert reporter.has_perm("stories.add_story") and not reporter.has_perm("stories.delete_story")
    assert editor.has_perm("stories.delete_story") and editor.has_perm("stories.change_section")


def test_story_list_counts_small_tables_exactly_and_skips_the_full_count(admin_client):
    """At 100,000 stories the change list estimates its total on PostgreSQL instead of
    counting every row, and never counts the whole table beside a filtered list."""
    for n in range(3):
        StoryFactory(headline=f"Pier report {n}")
    response = admin_client.get("/admin/stories/story/")
    assert response.context["cl"].result_count == 3
    filtered = admin_client.get("/admin/stories/story/", {"status__exact": "draft"})
    assert filtered.context["cl"].full_result_count is None


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the estimate comes from PostgreSQL's statistics"
)
def test_large_story_list_total_is_postgresql_estimate(admin_client, monkeypatch):
    from stories.admin import paginator

    for n in range(3):
        StoryFactory(headline=f"Pier report {n}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE stories_story")
    StoryFactory(headline="Written after the statistics")
    monkeypatch.setattr(paginator, "EXACT_BELOW", 2)
    assert admin_client.get("/admin/stories/story/").context["cl"].result_count == 3
    monkeypatch.setattr(paginator, "EXACT_BELOW", 10_000)
    assert admin_client.get("/admin/stories/story/").context["cl"].result_count == 4


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the estimate comes from PostgreSQL's statistics"
)
def test_the_last_page_of_an_estimated_list_shows_the_oldest_stories(admin_client, monkeypatch):
    """Read from the other end after an exact count, not by skipping half the table."""
    from django.core.paginator import Paginator

    from stories.admin import paginator

    stories = [StoryFactory(headline=f"Pier report {n}") for n in range(7)]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE stories_story")
    monkeypatch.setattr(paginator, "EXACT_BELOW", 2)
    monkeypatch.setattr(Paginator, "page", lambda *a: pytest.fail("an OFFSET past the middle"))
    monkeypatch.setattr("stories.admin.story.StoryAdmin.list_per_page", 3)
    last = admin_client.get("/admin/stories/story/", {"p": "3"}).context["cl"]
    # Newest first: the last page holds the oldest story.
    oldest = min(stories, key=lambda story: (story.published_at, story.pk))
    assert [s.pk for s in last.result_list] == [oldest.pk]
    assert not last.paginator.exact

"""Every field an editor types into, with every hostile payload: the admin answers with the
saved object or a form error, never a 500; a refused post changes nothing; what is saved
renders escaped or sanitized in the preview."""

import pytest
from django.urls import reverse

from sources.models import Source
from stories.models import Story
from tests.admin_forms import new_story_data
from tests.factories import SectionFactory
from tests.hostile.helpers import assert_clear_answer, database_state
from tests.hostile.payloads import TEXT
from tests.sources.test_admin import source_form

pytestmark = pytest.mark.django_db

STORY_FIELDS = [
    "headline",
    "slug",
    "dek",
    # The head's <title>, meta description, Open Graph, Twitter and JSON-LD show these.
    "seo_title",
    "seo_description",
    "body",
    "dateline",
    "credit",
    "tags",
]
SOURCE_FIELDS = ["name", "sort_name", "slug", "title", "party", "bio", "website"]
PAYLOADS = list(TEXT.items())
# Every payload goes into every field at once; these also go into each field alone, so
# one field's refusal cannot hide another's crash. (The full matrix took minutes.)
PER_FIELD = ["nul", "long-200k"]
STORY_CASES = [(dict.fromkeys(STORY_FIELDS, v), f"all-{n}") for n, v in PAYLOADS] + [
    ({f: TEXT[n]}, f"{f}-{n}") for f in STORY_FIELDS for n in PER_FIELD
]
SOURCE_CASES = [(dict.fromkeys(SOURCE_FIELDS, v), f"all-{n}") for n, v in PAYLOADS] + [
    ({f: TEXT[n]}, f"{f}-{n}") for f in SOURCE_FIELDS for n in PER_FIELD
]


def never_raw(page: str) -> None:
    assert "<script>alert(1)</script>" not in page
    assert "onerror=alert(1)>" not in page


@pytest.mark.parametrize("typed", [c for c, _ in STORY_CASES], ids=[i for _, i in STORY_CASES])
def test_story_form_field(editor_client, typed):
    section = SectionFactory()
    data = new_story_data(editor_client, section=str(section.pk), **typed)
    before = database_state(Story)
    response = editor_client.post(reverse("admin:stories_story_add"), data)
    assert_clear_answer(response)
    if response.status_code == 200:
        assert "errornote" in response.content.decode()
        assert database_state(Story) == before
        return
    story = Story.objects.get()
    for url in [
        reverse("admin:stories_story_change", args=[story.pk]),
        reverse("stories:preview", args=[story.pk]),
    ]:
        page = editor_client.get(url)
        assert_clear_answer(page)
        assert page.status_code == 200
        never_raw(page.content.decode())


@pytest.mark.parametrize("typed", [c for c, _ in SOURCE_CASES], ids=[i for _, i in SOURCE_CASES])
def test_source_form_field(client, editor, typed):
    client.force_login(editor)
    before = database_state(Source)
    response = client.post(reverse("admin:sources_source_add"), source_form(**typed))
    assert_clear_answer(response)
    if response.status_code == 200:
        assert "errornote" in response.content.decode()
        assert database_state(Source) == before
        return
    source = Source.objects.get()
    page = client.get(reverse("admin:sources_source_change", args=[source.pk]))
    assert page.status_code == 200
    never_raw(page.content.decode())
    if not source.confidential:
        public = client.get(source.get_absolute_url())
        assert_clear_answer(public)
        never_raw(public.content.decode())

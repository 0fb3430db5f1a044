"""Source contact details and notes in the admin: only with sources.view_source_contact."""

import pytest
from django.urls import reverse

from sources.models import Source
from tests.factories import QuoteFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db

SECRETS = {
    "contact_email": "unlisted.zqx@example.test",
    "contact_phone": "555-0142-zqx",
    "private_notes": "Met in the parking garage zqx",
}


def source_form(source=None, **overrides):
    """The admin form as a browser posts it, plus any (possibly forged) extra fields."""
    data = {
        "kind": "person",
        "name": "Lee Tipster",
        "sort_name": "Tipster, Lee",
        "slug": "lee-tipster",
        "title": "Water department engineer",
        "affiliation": "",
        "party": "",
        "bio": "",
        "website": "",
        # The source's quotes inline is read-only; its management form is still posted.
        "quotes-TOTAL_FORMS": "0",
        "quotes-INITIAL_FORMS": "0",
        "quotes-MIN_NUM_FORMS": "0",
        "quotes-MAX_NUM_FORMS": "1000",
    }
    if source is not None:
        data.update(
            kind=source.kind,
            name=source.name,
            sort_name=source.sort_name,
            slug=source.slug,
            title=source.title,
        )
        if source.confidential:
            data["confidential"] = "on"
    data.update(overrides)
    return data


@pytest.fixture
def tipster():
    return SourceFactory(name="Lee Tipster", slug="lee-tipster", **SECRETS)


@pytest.fixture
def reporter_client(client, reporter):
    client.force_login(reporter)
    return client


def admin_pages(source):
    return [
        reverse("admin:sources_source_changelist"),
        reverse("admin:sources_source_add"),
        reverse("admin:sources_source_change", args=[source.pk]),
    ]


def test_reporter_never_sees_contact_fields_or_values(reporter_client, tipster):
    for url in admin_pages(tipster):
        response = reporter_client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        for field, value in SECRETS.items():
            assert f'name="{field}"' not in content, url
            assert value not in content, url
    # The contact fields are not searchable either: a search cannot probe their values.
    response = reporter_client.get(reverse("admin:sources_source_changelist"), {"q": "unlisted"})
    assert "Lee Tipster" not in response.content.decode()


CONTACT_LOOKUPS = [
    {"contact_email__startswith": "unlisted"},
    {"contact_phone__contains": "0142"},
    {"private_notes__icontains": "garage"},
    {"private_notes": SECRETS["private_notes"]},
    {"contact_email__isnull": "False"},
    {"affiliation__private_notes__icontains": "garage"},
]


@pytest.mark.parametrize("lookup", CONTACT_LOOKUPS, ids=lambda lookup: next(iter(lookup)))
def test_reporter_cannot_filter_the_changelist_by_contact_fields(reporter_client, tipster, lookup):
    # Which rows a filter leaves would spell out the hidden values, letter by letter.
    SourceFactory(name="Other Person", slug="other-person")
    response = reporter_client.get(reverse("admin:sources_source_changelist"), lookup)
    assert response.status_code == 400
    content = response.content.decode()
    assert "Lee Tipster" not in content and "Other Person" not in content


@pytest.mark.parametrize("lookup", CONTACT_LOOKUPS[:3], ids=lambda lookup: next(iter(lookup)))
def test_editor_may_filter_the_changelist_by_contact_fields(editor_client, tipster, lookup):
    SourceFactory(name="Other Person", slug="other-person")
    response = editor_client.get(reverse("admin:sources_source_changelist"), lookup)
    assert response.status_code == 200
    assert [source.name for source in response.context["cl"].result_list] == ["Lee Tipster"]


def test_reporter_cannot_sort_the_changelist_by_contact_fields(reporter_client):
    # By name (or by creation) the order is Abe, Bea, Cy; by any contact field it is
    # Bea, Abe, Cy or its reverse, which would tell a reporter how the values compare.
    for name, secret in [("Abe", "m"), ("Bea", "a"), ("Cy", "z")]:
        SourceFactory(name=name, slug=name.lower(), contact_email=f"{secret}@x.test")
        Source.objects.filter(slug=name.lower()).update(contact_phone=secret, private_notes=secret)
    url = reverse("admin:sources_source_changelist")
    assert not set(reporter_client.get(url).context["cl"].list_display) & {*SECRETS}
    for order in ["contact_email", "-contact_phone", "private_notes", "99", "-1", "1.0"]:
        response = reporter_client.get(url, {"o": order})
        names = [source.name for source in response.context["cl"].result_list]
        assert names in (["Abe", "Bea", "Cy"], ["Cy", "Bea", "Abe"]), order


def test_editor_sees_and_edits_contact_fields(editor_client, tipster):
    content = editor_client.get(admin_pages(tipster)[2]).content.decode()
    for field, value in SECRETS.items():
        assert f'name="{field}"' in content
        assert value in content
    response = editor_client.post(
        admin_pages(tipster)[2], source_form(tipster, contact_phone="555-0199")
    )
    assert response.status_code == 302
    tipster.refresh_from_db()
    assert tipster.contact_phone == "555-0199"


def test_reporter_forged_post_of_contact_fields_changes_nothing(reporter_client, tipster):
    forged = source_form(
        tipster,
        title="Senior engineer",
        contact_email="attacker@example.test",
        contact_phone="000",
        private_notes="overwritten",
    )
    response = reporter_client.post(admin_pages(tipster)[2], forged)
    assert response.status_code == 302
    tipster.refresh_from_db()
    assert tipster.title == "Senior engineer"  # the public edit went through
    assert {field: getattr(tipster, field) for field in SECRETS} == SECRETS


def test_reporter_forged_post_on_add_stores_no_contact_details(reporter_client):
    response = reporter_client.post(
        reverse("admin:sources_source_add"),
        source_form(contact_email="attacker@example.test", private_notes="planted"),
    )
    assert response.status_code == 302
    source = Source.objects.get(slug="lee-tipster")
    assert (source.contact_email, source.private_notes) == ("", "")


def test_reporter_may_protect_a_source_but_not_expose_one(reporter_client, tipster):
    url = admin_pages(tipster)[2]
    assert reporter_client.post(url, source_form(tipster, confidential="on")).status_code == 302
    tipster.refresh_from_db()
    assert tipster.confidential
    # Leaving the box out of the form would untick it; for a reporter it is read-only.
    assert reporter_client.post(url, source_form(tipster, confidential="")).status_code == 302
    tipster.refresh_from_db()
    assert tipster.confidential


def test_group_permissions(reporter, editor):
    assert reporter.has_perm("sources.change_source")
    assert reporter.has_perm("stories.add_quote")
    assert not reporter.has_perm("sources.view_source_contact")
    assert not reporter.has_perm("sources.delete_source")
    assert editor.has_perm("sources.view_source_contact")
    assert editor.has_perm("sources.delete_source")


def test_source_page_lists_its_quotes_linking_to_their_stories(editor_client):
    quote = QuoteFactory()
    content = editor_client.get(
        reverse("admin:sources_source_change", args=[quote.source_id])
    ).content.decode()
    assert reverse("admin:stories_story_change", args=[quote.story_id]) in content
    assert quote.text in content


def test_sources_autocomplete_for_quotes_and_affiliations(editor_client):
    SourceFactory(name="Ana Reyes", title="Councilwoman")
    SourceFactory(name="Reyes Foundation", slug="reyes-foundation", kind="organisation")
    url = reverse("admin:autocomplete")
    found = editor_client.get(
        url,
        {"term": "reyes", "app_label": "stories", "model_name": "quote", "field_name": "source"},
    ).json()["results"]
    assert {r["text"] for r in found} == {"Ana Reyes", "Reyes Foundation"}
    found = editor_client.get(
        url,
        {
            "term": "reyes",
            "app_label": "sources",
            "model_name": "source",
            "field_name": "affiliation",
        },
    ).json()["results"]
    assert [r["text"] for r in found] == ["Reyes Foundation"]


def test_autocomplete_is_closed_to_anonymous_readers(client):
    SourceFactory(name="Ana Reyes")
    response = client.get(
        reverse("admin:autocomplete"),
        {"term": "ana", "app_label": "stories", "model_name": "quote", "field_name": "source"},
    )
    assert response.status_code == 302
    assert "Ana Reyes" not in response.content.decode()


def test_staff_without_source_permissions_cannot_open_the_registry(client):
    client.force_login(UserFactory(username="intern"))
    assert client.get(reverse("admin:sources_source_changelist")).status_code == 403


def test_reporter_story_form_has_the_quote_inline_and_mentioned_sources(reporter_client):
    content = reporter_client.get(reverse("admin:stories_story_add")).content.decode()
    assert 'name="quotes-TOTAL_FORMS"' in content
    assert 'name="mentioned_sources"' in content
    # Sources are picked by autocomplete, never from a list of every source on the page.
    assert 'data-model-name="quote" data-field-name="source"' in content.replace("\n", " ")

"""Editors arrange, preview and put fronts live; reporters and readers cannot; all is logged."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from newsroom import fronts
from newsroom.models import Front, FrontEvent, FrontSlot
from tests.factories import SectionFactory, StoryFactory, UserFactory
from tests.newsroom.helpers import arrange, front_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporter_client(client, reporter):
    client.force_login(reporter)
    return client


def test_an_editor_arranges_a_lead_and_a_banner_and_puts_it_live(editor_client, client):
    lead = StoryFactory(headline="Chosen lead", published_at=timezone.now() - timedelta(days=3))
    StoryFactory(headline="Newest")
    expires = timezone.localtime() + timedelta(hours=2)
    data = front_form_data(
        name="Election night",
        banner_text="Polls have closed",
        banner_expires_at_0=expires.strftime("%Y-%m-%d"),
        banner_expires_at_1=expires.strftime("%H:%M:%S"),
        **{
            "slots-TOTAL_FORMS": "1",
            "slots-0-zone": "lead",
            "slots-0-story": str(lead.pk),
            "slots-0-position": "0",
        },
    )
    response = editor_client.post(reverse("admin:newsroom_front_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    front = Front.objects.get(name="Election night")
    assert front.status == Front.Status.DRAFT
    assert "Polls have closed" not in client.get("/").content.decode()

    preview = editor_client.get(front.get_preview_url())
    assert preview.status_code == 200
    assert preview.context["front"].lead == lead
    assert "Polls have closed" in preview.content.decode()

    editor_client.post(reverse("admin:newsroom_front_publish", args=[front.pk]))
    front.refresh_from_db()
    assert front.status == Front.Status.LIVE
    client.logout()
    page = client.get("/")
    assert page.context["front"].lead == lead
    assert "Polls have closed" in page.content.decode()
    assert list(front.events.values_list("action", flat=True)) == ["published", "created"]


def test_a_banner_without_an_expiry_is_refused_with_a_clear_message(editor_client):
    data = front_form_data(banner_text="Breaking")
    response = editor_client.post(reverse("admin:newsroom_front_add"), data)
    assert response.status_code == 200
    assert "A breaking-news banner needs an expiry time." in response.content.decode()
    assert not Front.objects.exists()


def test_two_leads_on_one_front_are_refused(editor_client):
    a, b = StoryFactory(), StoryFactory()
    data = front_form_data(
        **{
            "slots-TOTAL_FORMS": "2",
            "slots-0-zone": "lead",
            "slots-0-story": str(a.pk),
            "slots-0-position": "0",
            "slots-1-zone": "lead",
            "slots-1-story": str(b.pk),
            "slots-1-position": "1",
        }
    )
    response = editor_client.post(reverse("admin:newsroom_front_add"), data)
    assert response.status_code == 200
    assert "A front has one lead story" in response.content.decode()
    assert not Front.objects.exists()


def test_changes_to_a_draft_are_in_the_audit_trail(editor_client, editor):
    front = arrange(live=False, name="Morning")
    story = StoryFactory()
    data = front_form_data(
        front,
        name="Morning edition",
        **{
            "slots-TOTAL_FORMS": "1",
            "slots-0-zone": "top",
            "slots-0-story": str(story.pk),
            "slots-0-position": "0",
        },
    )
    response = editor_client.post(reverse("admin:newsroom_front_change", args=[front.pk]), data)
    assert response.status_code == 302
    event = front.events.get()
    assert event.action == FrontEvent.Action.CHANGED and event.user == editor
    assert "Name" in event.detail and "story slot" in event.detail


def test_putting_a_front_live_retires_the_previous_one_and_logs_both(editor):
    old = arrange(name="Old")
    new = arrange(name="New", live=False)
    fronts.publish_front(front=new, user=editor)
    old.refresh_from_db()
    assert old.status == Front.Status.RETIRED
    assert Front.objects.live().for_page().get() == new
    assert [e.action for e in FrontEvent.objects.order_by("id")] == ["retired", "published"]


def test_a_section_front_going_live_leaves_the_front_page_alone(editor):
    home = arrange(name="Home")
    section_front = arrange(name="Crime", section=SectionFactory(), live=False)
    fronts.publish_front(front=section_front, user=editor)
    home.refresh_from_db()
    assert home.status == Front.Status.LIVE


def test_a_live_arrangement_is_read_only_and_copies_to_a_new_draft(editor_client):
    story = StoryFactory()
    live = arrange(lead=story, name="Live")
    response = editor_client.post(
        reverse("admin:newsroom_front_change", args=[live.pk]), front_form_data(live, name="X")
    )
    assert response.status_code == 403
    editor_client.post(reverse("admin:newsroom_front_copy", args=[live.pk]))
    copy = Front.objects.get(status=Front.Status.DRAFT)
    assert copy.slots.get().story == story and copy.name == "Live"
    assert copy.events.get().action == FrontEvent.Action.COPIED


def test_reporters_cannot_arrange_preview_or_put_fronts_live(reporter_client, reporter):
    draft = arrange(live=False)
    assert reporter_client.get(reverse("admin:newsroom_front_add")).status_code == 403
    assert (
        reporter_client.post(reverse("admin:newsroom_front_add"), front_form_data()).status_code
        == 403
    )
    assert reporter_client.get(draft.get_preview_url()).status_code == 403
    assert (
        reporter_client.post(reverse("admin:newsroom_front_publish", args=[draft.pk])).status_code
        == 403
    )
    draft.refresh_from_db()
    assert draft.status == Front.Status.DRAFT
    with pytest.raises(PermissionError):
        fronts.publish_front(front=draft, user=reporter)


def test_readers_cannot_see_a_preview(client):
    draft = arrange(lead=StoryFactory(headline="Secret plan"), live=False)
    response = client.get(draft.get_preview_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_preview_is_never_cached_and_not_indexed(editor_client):
    draft = arrange(lead=StoryFactory(), live=False)
    response = editor_client.get(draft.get_preview_url())
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
    assert "Preview of “Test front” (draft)" in response.content.decode()


def test_a_preview_shows_a_scheduled_lead_only_once_it_is_live(editor_client):
    """Preview shows the page as readers would see it now: not the future."""
    StoryFactory(headline="Current")
    scheduled = StoryFactory(
        headline="Embargoed scoop", published_at=timezone.now() + timedelta(days=1)
    )
    draft = arrange(lead=scheduled, live=False)
    html = editor_client.get(draft.get_preview_url()).content.decode()
    assert "Embargoed scoop" not in html


def test_a_section_front_preview_renders_the_section_front(editor_client):
    section = SectionFactory(name="Crime")
    story = StoryFactory(section=section, headline="Crime lead")
    draft = arrange(lead=story, section=section, live=False)
    response = editor_client.get(draft.get_preview_url())
    assert response.context["front"].lead == story
    assert "<h1>Crime</h1>" in response.content.decode()


def test_the_lead_zone_slot_is_unique_per_front_in_the_database():
    from django.db import IntegrityError

    front = arrange(lead=StoryFactory(), live=False)
    with pytest.raises(IntegrityError):
        FrontSlot.objects.create(front=front, zone=FrontSlot.Zone.LEAD, story=StoryFactory())


def test_only_one_live_front_page(db):
    from django.db import IntegrityError

    arrange()
    with pytest.raises(IntegrityError):
        arrange()


def test_staff_without_front_permissions_cannot_preview(client):
    client.force_login(UserFactory(username="intern"))
    draft = arrange(live=False)
    assert client.get(draft.get_preview_url()).status_code == 403

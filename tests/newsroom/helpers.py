"""Building arrangements for tests: a live or draft front with its slots, rails and races."""

from newsroom.models import Front, FrontRace, FrontRail, FrontSlot


def arrange(*, lead=None, top=(), rails=(), races=(), section=None, live=True, **fields) -> Front:
    front = Front.objects.create(
        name=fields.pop("name", "Test front"),
        section=section,
        status=Front.Status.LIVE if live else Front.Status.DRAFT,
        **fields,
    )
    if lead is not None:
        FrontSlot.objects.create(front=front, zone=FrontSlot.Zone.LEAD, story=lead)
    for position, story in enumerate(top):
        FrontSlot.objects.create(
            front=front, zone=FrontSlot.Zone.TOP, story=story, position=position
        )
    for position, rail_section in enumerate(rails):
        FrontRail.objects.create(front=front, section=rail_section, position=position)
    for position, race in enumerate(races):
        FrontRace.objects.create(front=front, race=race, position=position)
    return front


def front_form_data(front: Front | None = None, **overrides) -> dict:
    """The admin change form's POST for an arrangement with no inline rows changed."""
    data = {
        "name": front.name if front else "Tonight",
        "section": front.section_id if front and front.section_id else "",
        "banner_text": front.banner_text if front else "",
        "banner_story": front.banner_story_id if front and front.banner_story_id else "",
        "banner_expires_at_0": "",
        "banner_expires_at_1": "",
    }
    for prefix, rows in [("slots", []), ("rails", []), ("races", []), ("events", [])]:
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": str(len(rows)),
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(overrides)
    return data

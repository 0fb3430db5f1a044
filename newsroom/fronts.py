"""What a front shows, and the editors' actions on arrangements (publish, copy, audit).

Composing a front asks the stories' own published() rule which placed stories a reader may
see now; it never looks at status or dates itself. Empty or vanished slots fall back to the
newest published stories, so a front is never empty while anything is published. Every
read here is a fixed number of queries whatever the size of the archive or the arrangement.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import F, Prefetch, Window, prefetch_related_objects
from django.db.models.functions import RowNumber

from elections.models import Race
from stories.models import Byline, Story, StoryQuerySet

from .models import Front, FrontEvent, FrontRace, FrontRail, FrontSlot

TOP_STORIES = 4
RAIL_LENGTH = 4


@dataclass
class Rail:
    section: object
    stories: list


@dataclass
class Banner:
    text: str
    story: Story | None
    expires_at: datetime


@dataclass
class FrontContent:
    """What the front template renders: every story already fetched with its card relations."""

    lead: Story | None = None
    top: list = field(default_factory=list)
    rails: list = field(default_factory=list)
    races: list = field(default_factory=list)
    banner: Banner | None = None

    @property
    def story_ids(self) -> set[int]:
        stories = [self.lead, *self.top, *(s for rail in self.rails for s in rail.stories)]
        return {story.pk for story in stories if story is not None}


def live_front(section=None) -> Front | None:
    """The arrangement readers see on the front page (or on `section`'s front), if any."""
    return Front.objects.live().for_page(section).select_related("banner_story").first()


def compose_front(
    front: Front | None,
    *,
    stories: StoryQuerySet,
    now: datetime,
    rails: bool = True,
    also: list[Story] = (),
) -> FrontContent:
    """Fill `front`'s zones with the stories a reader may see at `now`.

    `stories` is the page's pool of published stories (all of them, or one section's):
    the fallback when a slot is empty or holds a story that is not live. The stories in
    `also` (the page's list) get their bylines and tags in the same two queries.
    """
    content = FrontContent()
    placed = {FrontSlot.Zone.LEAD: [], FrontSlot.Zone.TOP: []}
    if front is not None:
        live_stories = Story.objects.published(now=now)
        slots = (
            FrontSlot.objects.filter(front=front, story__in=live_stories)
            .select_related("story__section", "story__lead_image")
            .order_by("position", "id")
        )
        for slot in slots:
            placed[slot.zone].append(slot.story)
        content.banner = banner_for(front, now=now)
        content.races = [
            entry.race
            for entry in FrontRace.objects.filter(front=front, race__in=Race.objects.published())
            .select_related("race")
            .order_by("position", "id")
        ]
    wanted = 1 + TOP_STORIES
    placed_ids = {story.pk for zone in placed.values() for story in zone}
    # Enough of the newest to fill every zone even if all placed stories are among them.
    newest = [
        story
        for story in stories.select_related("section", "lead_image").latest()[
            : wanted + len(placed_ids)
        ]
        if story.pk not in placed_ids
    ]
    content.lead = placed[FrontSlot.Zone.LEAD][0] if placed[FrontSlot.Zone.LEAD] else None
    if content.lead is None and newest:
        content.lead = newest.pop(0)
    content.top = placed[FrontSlot.Zone.TOP][:TOP_STORIES]
    content.top += newest[: TOP_STORIES - len(content.top)]
    if front is not None and rails:
        content.rails = section_rails(front, now=now, exclude=content.story_ids)
    rail_stories = [story for rail in content.rails for story in rail.stories]
    attach_card_relations([content.lead, *content.top, *rail_stories, *also])
    return content


def section_rails(front: Front, *, now: datetime, exclude: set[int]) -> list[Rail]:
    """Each rail's section with its newest stories not already shown above: two queries."""
    rails = list(FrontRail.objects.filter(front=front).select_related("section"))
    if not rails:
        return []
    ranked = (
        Story.objects.published(now=now)
        .filter(section__in=[rail.section_id for rail in rails])
        .exclude(pk__in=exclude)
        .select_related("section", "lead_image")
        .annotate(
            rail_rank=Window(
                RowNumber(),
                partition_by=[F("section_id")],
                order_by=[F("published_at").desc(), F("id").desc()],
            )
        )
        .filter(rail_rank__lte=RAIL_LENGTH)
        .order_by("-published_at", "-id")
    )
    by_section = {rail.section_id: Rail(section=rail.section, stories=[]) for rail in rails}
    for story in ranked:
        by_section[story.section_id].stories.append(story)
    return [by_section[rail.section_id] for rail in rails if by_section[rail.section_id].stories]


def attach_card_relations(stories) -> None:
    """Bylines and tags for stories fetched in several queries, in two queries for all."""
    stories = [story for story in stories if story is not None]
    prefetch_related_objects(
        stories, Prefetch("bylines", queryset=Byline.objects.select_related("author")), "tags"
    )


def banner_for(front: Front, *, now: datetime) -> Banner | None:
    """The front's breaking-news banner, unless it has none or it has expired."""
    if not front.banner_text or front.banner_expires_at is None or front.banner_expires_at <= now:
        return None
    story = front.banner_story
    if story is not None and not story.is_live(now):
        # The link follows the story's own rule: none while it is scheduled or withdrawn.
        story = None
    return Banner(text=front.banner_text, story=story, expires_at=front.banner_expires_at)


def log_event(*, front: Front, action: str, user=None, detail: str = "") -> FrontEvent:
    return FrontEvent.objects.create(
        front=front, name=front.name, action=action, user=user, detail=detail[:500]
    )


@transaction.atomic
def publish_front(*, front: Front, user, now: datetime | None = None) -> Front:
    """Put `front` live on its page; the arrangement live until now is retired.

    Raises PermissionError when `user` may not publish arrangements.
    """
    from django.utils import timezone

    if not user.has_perm("newsroom.publish_front"):
        raise PermissionError("You may not put front arrangements live.")
    now = now or timezone.now()
    # Lock the page's arrangements so two editors publishing at once cannot both win.
    previous = list(
        Front.objects.select_for_update().live().for_page(front.section).exclude(pk=front.pk)
    )
    for old in previous:
        old.status = Front.Status.RETIRED
        old.save(update_fields=["status"])
        log_event(front=old, action=FrontEvent.Action.RETIRED, user=user, detail=f"by {front}")
    front.status = Front.Status.LIVE
    front.published_at, front.published_by = now, user
    front.save(update_fields=["status", "published_at", "published_by"])
    log_event(front=front, action=FrontEvent.Action.PUBLISHED, user=user)
    return front


@transaction.atomic
def copy_front(*, front: Front, user) -> Front:
    """A new draft with `front`'s slots, rails, races and banner, to edit and preview."""
    copy = Front.objects.create(
        name=front.name,
        section=front.section,
        banner_text=front.banner_text,
        banner_story=front.banner_story,
        banner_expires_at=front.banner_expires_at,
        created_by=user,
    )
    FrontSlot.objects.bulk_create(
        FrontSlot(front=copy, zone=s.zone, story_id=s.story_id, position=s.position)
        for s in front.slots.all()
    )
    FrontRail.objects.bulk_create(
        FrontRail(front=copy, section_id=r.section_id, position=r.position)
        for r in front.rails.all()
    )
    FrontRace.objects.bulk_create(
        FrontRace(front=copy, race_id=r.race_id, position=r.position) for r in front.races.all()
    )
    log_event(front=copy, action=FrontEvent.Action.COPIED, user=user, detail=f"from #{front.pk}")
    return copy

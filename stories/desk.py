"""The desk dashboard on the admin home: what needs someone today, in a fixed number of queries.

desk_lists() is the one context builder; templates/admin/index.html renders what it
returns through the `desk_lists` template tag. Every list is one query of at most
DESK_LIST_LENGTH rows, and all the counts come from one more query, so the page costs
the same however many stories the archive holds.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Case, Count, F, Q, QuerySet, When
from django.utils import timezone

from .models import Byline, Story, live_q

DESK_LIST_LENGTH = 10
SCHEDULED_WINDOW = timedelta(hours=48)
CORRECTED_WINDOW = timedelta(days=7)


@dataclass
class DeskList:
    """One box of the dashboard: a title, how many stories match, and the first few."""

    key: str
    title: str
    empty: str
    count: int = 0
    # Each with `desk_time`: the time that matters for this list (goes live, published…).
    stories: list[Story] = field(default_factory=list)


def _filters(user, now: datetime) -> dict[str, tuple[str, str, Q, list[str], str]]:
    """key -> (title, empty text, filter, ordering, time shown), for the lists `user` sees."""
    start_of_day = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    # A subquery, not a join: one row per story, so counts need no DISTINCT.
    bylined = Byline.objects.filter(author__user=user).values("story")
    mine = Q(created_by=user) | Q(pk__in=bylined)
    lists = {
        "my_drafts": (
            "My drafts",
            "No drafts of yours.",
            mine & Q(status=Story.Status.DRAFT),
            ["-updated_at"],
            "updated_at",
        ),
    }
    if user.has_perm("stories.publish_story"):
        lists["review"] = (
            "Waiting for review",
            "Nothing is waiting for review.",
            Q(status=Story.Status.REVIEW),
            ["updated_at"],
            "updated_at",
        )
    window_end = now + SCHEDULED_WINDOW
    lists.update(
        {
            "scheduled": (
                "Going live in the next 48 hours",
                "Nothing is scheduled in the next 48 hours.",
                Q(status=Story.Status.PUBLISHED)
                & (
                    Q(published_at__gt=now, published_at__lte=window_end)
                    | Q(embargo_until__gt=now, embargo_until__lte=window_end)
                ),
                ["goes_live"],
                "goes_live",
            ),
            "embargoed": (
                "Embargoed",
                "No embargoes in force.",
                Q(embargo_until__gt=now),
                ["embargo_until"],
                "embargo_until",
            ),
            "published_today": (
                "Published today",
                "Nothing published yet today.",
                live_q(now) & Q(published_at__gte=start_of_day),
                ["-published_at"],
                "published_at",
            ),
            "corrected": (
                "Corrected or updated in the last 7 days",
                "No corrections or updates in the last 7 days.",
                Q(status__in=Story.PUBLIC_STATUSES, revised_at__gte=now - CORRECTED_WINDOW),
                ["-revised_at"],
                "revised_at",
            ),
        }
    )
    return lists


def _with_goes_live(stories: QuerySet) -> QuerySet:
    # A rescheduled story that was live before goes out when its embargo lifts
    # (publishing.schedule keeps its first publication time): the later of the two.
    return stories.annotate(
        goes_live=Case(
            When(embargo_until__gt=F("published_at"), then=F("embargo_until")),
            default=F("published_at"),
        )
    )


def desk_lists(user, *, now: datetime | None = None) -> list[DeskList]:
    """The dashboard's lists for `user`, each with its count and first stories."""
    now = now or timezone.now()
    filters = _filters(user, now)
    counts = Story.objects.aggregate(
        **{key: Count("pk", filter=q) for key, (_, _, q, _, _) in filters.items()}
    )
    result = []
    for key, (title, empty, q, ordering, time_attr) in filters.items():
        stories = _with_goes_live(Story.objects.filter(q)).select_related("section").defer("body")
        rows = list(stories.order_by(*ordering, "-id")[:DESK_LIST_LENGTH])
        for story in rows:
            story.desk_time = getattr(story, time_attr)
        result.append(DeskList(key, title, empty, counts[key], rows))
    return result

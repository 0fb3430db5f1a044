"""When public pages next change by themselves, with nobody saving anything."""

from datetime import datetime, timedelta

from django.db.models import Min, Subquery
from django.utils import timezone

from newsroom.models import Front
from stories.models import Story

# newsroom.sitemaps.NewsSitemap lists stories published in the last 48 hours.
NEWS_SITEMAP_WINDOW = timedelta(hours=48)


def next_scheduled_change(now: float) -> datetime:
    """The earliest of: a scheduled story's publication, an embargo lifting, a front's
    breaking banner expiring, a story leaving the news sitemap's window, and the next local
    midnight (election pages say "upcoming"
    and "past" by the date; the footer shows the year).

    One query over public stories (three index lookups) and one over live fronts.
    """
    moment = datetime.fromtimestamp(now, tz=timezone.get_current_timezone())
    public = Story.objects.filter(status__in=Story.PUBLIC_STATUSES)

    def first(field, **lookups):
        # ORDER BY ... LIMIT 1 reads one entry of an index (story_live_newest_idx,
        # story_embargo_idx); MIN(...) FILTER (...) read every public story: 40-120 ms at
        # 100,000 stories, paid by every page rendered with no horizon in the cache.
        return Subquery(public.filter(**lookups).order_by(field).values(field)[:1])

    # Three subqueries on any one row: still one query, and no row (no story) means none.
    found = (
        Story.objects.order_by()
        .annotate(
            publication=first("published_at", published_at__gt=moment),
            embargo=first("embargo_until", embargo_until__gt=moment),
            news_since=first(
                "published_at",
                published_at__gte=moment - NEWS_SITEMAP_WINDOW,
                published_at__lte=moment,
            ),
        )
        .values("publication", "embargo", "news_since")
        .first()
    ) or {"publication": None, "embargo": None, "news_since": None}
    local = timezone.localtime(moment)
    midnight = timezone.make_aware(
        datetime.combine(local.date() + timedelta(days=1), datetime.min.time())
    )
    # A live arrangement's breaking banner disappears by itself at its expiry.
    banner_expiry = (
        Front.objects.live()
        .filter(banner_expires_at__gt=moment)
        .aggregate(first=Min("banner_expires_at"))["first"]
    )
    candidates = [found["publication"], found["embargo"], banner_expiry, midnight]
    if found["news_since"]:
        # The sitemap keeps a story up to and including its 48th hour; a second later it is out.
        candidates.append(found["news_since"] + NEWS_SITEMAP_WINDOW + timedelta(seconds=1))
    return min(c for c in candidates if c is not None)

"""When public pages next change by themselves, with nobody saving anything."""

from datetime import datetime, timedelta

from django.db.models import Min, Q
from django.utils import timezone

from stories.models import Story

# newsroom.sitemaps.NewsSitemap lists stories published in the last 48 hours.
NEWS_SITEMAP_WINDOW = timedelta(hours=48)


def next_scheduled_change(now: float) -> datetime:
    """The earliest of: a scheduled story's publication, an embargo lifting, a story leaving
    the news sitemap's window, and the next local midnight (election pages say "upcoming"
    and "past" by the date; the footer shows the year).

    One query over public stories; the pages it times are those showing published stories.
    """
    moment = datetime.fromtimestamp(now, tz=timezone.get_current_timezone())
    public = Story.objects.filter(status__in=Story.PUBLIC_STATUSES)
    found = public.aggregate(
        publication=Min("published_at", filter=Q(published_at__gt=moment)),
        embargo=Min("embargo_until", filter=Q(embargo_until__gt=moment)),
        news_since=Min(
            "published_at",
            filter=Q(published_at__gte=moment - NEWS_SITEMAP_WINDOW, published_at__lte=moment),
        ),
    )
    local = timezone.localtime(moment)
    midnight = timezone.make_aware(
        datetime.combine(local.date() + timedelta(days=1), datetime.min.time())
    )
    candidates = [found["publication"], found["embargo"], midnight]
    if found["news_since"]:
        # The sitemap keeps a story up to and including its 48th hour; a second later it is out.
        candidates.append(found["news_since"] + NEWS_SITEMAP_WINDOW + timedelta(seconds=1))
    return min(c for c in candidates if c is not None)

"""Who else has a story open, or saved it lately: the story form's presence notice.

The form's script posts a heartbeat every PRESENCE_EVERY and shows the answer. Heartbeats
are rows (one per story and editor, updated in place) rather than cache entries, so every
process sees them without a shared cache; a reply costs the same few queries however many
stories and editors there are.
"""

from datetime import timedelta

from django.http import JsonResponse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import models
from .pages import get_story

PRESENCE_EVERY = timedelta(seconds=20)
# An editor whose page has not beaten for this long has closed it (or lost the network).
PRESENCE_TIMEOUT = timedelta(seconds=60)
# A save this recent is worth knowing about before starting to edit.
RECENT_SAVE = timedelta(minutes=10)


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def others_on(story, user, now) -> list[dict]:
    """Editors other than `user` whose open form for `story` beat within the timeout."""
    rows = (
        models.StoryPresence.objects.filter(story=story, seen_at__gte=now - PRESENCE_TIMEOUT)
        .exclude(user=user)
        .select_related("user")
        .order_by("seen_at")
    )
    return [{"name": _name(row.user), "seen_at": row.seen_at} for row in rows]


def message(story, user, others: list[dict], now) -> str:
    parts = []
    if others:
        names = ", ".join(other["name"] for other in others)
        parts.append(
            _("%(names)s also has this story open.") % {"names": names}
            if len(others) == 1
            else _("%(names)s also have this story open.") % {"names": names}
        )
    editor = story.updated_by
    if editor and editor != user and story.updated_at and now - story.updated_at < RECENT_SAVE:
        parts.append(
            _("%(name)s saved it %(ago)s ago (%(time)s).")
            % {
                "name": _name(editor),
                "ago": timesince(story.updated_at, now),
                "time": time_format(timezone.localtime(story.updated_at), "TIME_FORMAT"),
            }
        )
    return " ".join(parts)


@require_POST
def presence_view(model_admin, request, object_id):
    """Record that `request.user` has the story open; answer who else has, as JSON."""
    story = get_story(model_admin, request, object_id)  # staff with view permission only
    now = timezone.now()
    models.StoryPresence.objects.update_or_create(
        story=story, user=request.user, defaults={"seen_at": now}
    )
    others = others_on(story, request.user, now)
    return JsonResponse(
        {
            "others": [
                {"name": other["name"], "seen_at": other["seen_at"].isoformat()} for other in others
            ],
            "message": message(story, request.user, others, now),
        }
    )

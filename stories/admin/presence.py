"""Who else has a story open, or saved it lately: the story form's presence notice.

The form's script posts a heartbeat every PRESENCE_EVERY and shows the answer. Heartbeats
live in the cache, one entry per story (editor -> last beat), so a reply costs one query
for the story however many editors there are. With several processes the cache must be
the shared one (REDIS_URL), as for everything else cached; a lost beat only delays a
notice by one interval.
"""

from datetime import datetime, timedelta

from django.core.cache import cache
from django.http import HttpResponseNotAllowed, JsonResponse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from .pages import get_story

PRESENCE_EVERY = timedelta(seconds=20)
# An editor whose page has not beaten for this long has closed it (or lost the network).
PRESENCE_TIMEOUT = timedelta(seconds=60)
# A save this recent is worth knowing about before starting to edit.
RECENT_SAVE = timedelta(minutes=10)


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _key(story) -> str:
    return f"story-presence:{story.pk}"


def beat(story, user, now) -> list[dict]:
    """Record `user`'s beat on `story`; the others whose beat is within the timeout."""
    beats = {
        user_id: (name, seen)
        for user_id, (name, seen) in (cache.get(_key(story)) or {}).items()
        if now - datetime.fromisoformat(seen) < PRESENCE_TIMEOUT
    }
    beats[user.pk] = (_name(user), now.isoformat())
    cache.set(_key(story), beats, timeout=int(PRESENCE_TIMEOUT.total_seconds()) * 2)
    others = sorted((seen, name) for user_id, (name, seen) in beats.items() if user_id != user.pk)
    return [{"name": name, "seen_at": seen} for seen, name in others]


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


def presence_view(model_admin, request, object_id):
    """Record that `request.user` has the story open; answer who else has, as JSON."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    story = get_story(model_admin, request, object_id)  # staff with view permission only
    now = timezone.now()
    others = beat(story, request.user, now)
    return JsonResponse({"others": others, "message": message(story, request.user, others, now)})

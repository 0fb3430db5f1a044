"""What a workflow action will do for readers, said before it happens and after it has.

The confirmation pages list consequences(); the message after the action is
result_message(). Both speak in addresses and places (front page, section, tags, feeds),
because that is what an editor needs to know before pressing the button.
"""

from datetime import datetime

from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..checks import failing, prepublish_checks
from ..models import Story
from ..publishing import format_moment
from .pages import page_context

# The workflow actions that ask for confirmation first.
CONFIRMED_ACTIONS = ("publish", "schedule", "unpublish", "archive")


def _places(story: Story, tags: list) -> str:
    """Where a live story is listed: 'the front page, Politics (/sections/politics/), …'."""
    places = [_("the front page")]
    if story.section_id:
        places.append(f"{story.section.name} ({story.section.get_absolute_url()})")
    if tags:
        places.append(_("the tag pages %(tags)s") % {"tags": ", ".join(t.name for t in tags)})
    places.append(_("the site's RSS and Atom feeds, the sitemap and search"))
    return ", ".join(places)


def consequences(action: str, story: Story, *, now: datetime, at: datetime | None = None):
    """Sentences saying what `action` will change for readers of `story`."""
    url = story.get_absolute_url()
    tags = list(story.tags.all())
    places = _places(story, tags)
    first_time = story.published_at is None or story.published_at > now
    if action == "publish":
        lines = [_("Readers will find it at %(url)s from the moment you confirm.") % {"url": url}]
        if first_time:
            lines.append(_("It becomes the newest story: the lead of the front page."))
        else:
            lines.append(
                _(
                    "It was published before, so it keeps its first publication time "
                    "(%(when)s) and returns to the lists at that place, not at the top."
                )
                % {"when": format_moment(story.published_at)}
            )
        lines.append(_("It will be listed on %(places)s.") % {"places": places})
        return lines
    if action == "schedule":
        return [
            _("Until %(when)s readers at %(url)s get “not found”; nothing is listed anywhere.")
            % {"when": format_moment(at), "url": url},
            _("At %(when)s it goes live there by itself and is listed on %(places)s.")
            % {"when": format_moment(at), "places": places},
        ]
    if action == "unpublish":
        return [
            _(
                "Readers at %(url)s will get “not found” (404), and links already shared "
                "stop working until it is published again."
            )
            % {"url": url},
            _("It disappears from %(places)s.") % {"places": places},
            _("Editors can still open, preview and republish it."),
        ]
    if action == "archive":
        return [
            _("It stays readable at %(url)s and stays listed on %(places)s.")
            % {"url": url, "places": places},
            _(
                "It is frozen: nobody can edit it any more; only corrections and updates "
                "change it. Unpublish it to edit it again."
            ),
        ]
    raise ValueError(f"No confirmation for {action!r}.")


def result_message(action: str, story: Story, *, now: datetime) -> str:
    """What happened, as the editor reads it after the action."""
    url = story.get_absolute_url()
    name = f"“{story}”"
    if action == "publish":
        if story.published_at is not None and story.published_at < now:
            where = _("back in the lists at its first publication time")
        else:
            where = _("on the front page")
        return _("Published %(name)s: it is live at %(url)s and %(where)s.") % {
            "name": name,
            "url": url,
            "where": where,
        }
    if action == "schedule":
        goes_live = max(filter(None, [story.published_at, story.embargo_until]))
        return _("Scheduled %(name)s: it goes live at %(url)s on %(when)s.") % {
            "name": name,
            "url": url,
            "when": format_moment(goes_live),
        }
    if action == "unpublish":
        return _(
            "Unpublished %(name)s: readers at %(url)s now get “not found”, and it is off "
            "every list and feed."
        ) % {"name": name, "url": url}
    if action == "archive":
        return _(
            "Archived %(name)s: it stays readable at %(url)s; only corrections change it now."
        ) % {"name": name, "url": url}
    if action == "submit":
        return _("Sent %(name)s to the editors for review.") % {"name": name}
    if action == "draft":
        return _("Sent %(name)s back to its reporter as a draft.") % {"name": name}
    if action == "apply":
        return _("Applied the proposed change: %(name)s now reads as proposed at %(url)s.") % {
            "name": name,
            "url": url,
        }
    if action == "reject":
        return _("Rejected the proposed change to %(name)s; the story is unchanged.") % {
            "name": name
        }
    raise ValueError(f"No result message for {action!r}.")


def confirm_selected_page(model_admin, request, queryset, action: str):
    """The change list's confirmation for publishing or unpublishing the selected stories."""
    now = timezone.now()
    stories = list(queryset.select_related("section").prefetch_related("tags"))
    rows = []
    for story in stories:
        failed = failing(prepublish_checks(story)) if action == "publish" else []
        rows.append(
            {
                "story": story,
                "consequences": consequences(action, story, now=now),
                "blocking": [check for check in failed if check.required],
                "warnings": [check for check in failed if not check.required],
            }
        )
    verb = _("Publish") if action == "publish" else _("Unpublish")
    context = page_context(
        model_admin,
        request,
        None,
        _("%(verb)s %(count)d stories?") % {"verb": verb, "count": len(stories)},
        rows=rows,
        action=action,
        action_name=request.POST.get("action"),
        selected=[story.pk for story in stories],
        select_across=request.POST.get("select_across", "0"),
        action_checkbox_name=helpers.ACTION_CHECKBOX_NAME,
        any_warnings=any(row["warnings"] for row in rows),
    )
    return TemplateResponse(request, "admin/stories/story/confirm_selected.html", context)

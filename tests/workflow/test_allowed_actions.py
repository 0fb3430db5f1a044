"""allowed_actions(): which actions each role may take on a story in each state.

The matrix states the rules; the drift test then runs every action through the function
that carries it out (stories.publishing, the change form, the preview page) and checks
that what allowed_actions offers is accepted and what it withholds is refused.
"""

from datetime import timedelta

import pytest
import reversion
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from stories import publishing, sharing
from stories.models import ShareLink, Story, StoryProposal
from stories.permissions import ACTIONS, allowed_actions
from tests.admin_forms import form_data
from tests.factories import StoryFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)
HOUR = timedelta(hours=1)

# Each state as the fields that make it; "held" is a story once live, now behind an embargo.
STATES = {
    "draft": {"status": Story.Status.DRAFT, "published_at": None},
    "review": {"status": Story.Status.REVIEW, "published_at": None},
    "live": {"status": Story.Status.PUBLISHED, "published_at": NOW - HOUR},
    "scheduled": {"status": Story.Status.PUBLISHED, "published_at": NOW + HOUR},
    "held": {
        "status": Story.Status.PUBLISHED,
        "published_at": NOW - HOUR,
        "embargo_until": NOW + HOUR,
    },
    "withdrawn": {"status": Story.Status.WITHDRAWN, "published_at": NOW - HOUR},
    "archived": {"status": Story.Status.ARCHIVED, "published_at": NOW - HOUR},
}

EDITOR_ALWAYS = {"delete", "restore", "preview", "share", "revoke_share", "decide_proposal"}
OWNER_ALWAYS = {"preview", "share", "revoke_share"}
EXPECTED = {
    ("editor", "draft"): EDITOR_ALWAYS | {"edit", "submit", "publish", "schedule"},
    ("editor", "review"): EDITOR_ALWAYS | {"edit", "publish", "schedule", "return_to_draft"},
    ("editor", "live"): EDITOR_ALWAYS | {"edit", "unpublish", "archive", "correct"},
    # Not archivable: publishing.archive only freezes a story whose time has come.
    ("editor", "scheduled"): EDITOR_ALWAYS | {"edit", "publish", "schedule", "unpublish"},
    # Not publishable now (embargo), but schedulable for when the embargo lifts.
    ("editor", "held"): EDITOR_ALWAYS | {"edit", "schedule", "unpublish", "archive"},
    ("editor", "withdrawn"): EDITOR_ALWAYS | {"edit", "publish", "schedule", "return_to_draft"},
    # Frozen but still readable: only corrections change it.
    ("editor", "archived"): EDITOR_ALWAYS | {"unpublish", "correct"},
    ("reporter", "draft"): OWNER_ALWAYS | {"edit", "submit"},
    ("reporter", "review"): OWNER_ALWAYS | {"edit"},
    ("reporter", "live"): OWNER_ALWAYS | {"propose"},
    ("reporter", "scheduled"): OWNER_ALWAYS | {"propose"},
    ("reporter", "held"): OWNER_ALWAYS | {"propose"},
    ("reporter", "withdrawn"): OWNER_ALWAYS,
    ("reporter", "archived"): OWNER_ALWAYS,
    **{("other reporter", state): set() for state in STATES},
}
CASES = sorted(EXPECTED)


@pytest.fixture(autouse=True)
def _frozen_clock():
    # allowed_actions and the services must read the same "now".
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def users():
    return {
        "editor": UserFactory(username="ed", groups=["Editors"]),
        "reporter": UserFactory(username="rita", groups=["Reporters"]),
        "other reporter": UserFactory(username="otto", groups=["Reporters"]),
    }


def story_in(state: str, owner) -> Story:
    # Complete enough to pass the pre-publish checks: they gate content, not role or state
    # (tests/workflow/test_prepublish_checks.py covers an incomplete story).
    return StoryFactory(
        created_by=owner, credit="City News Service", tags=["City Hall"], **STATES[state]
    )


@pytest.mark.parametrize(("role", "state"), CASES, ids=[f"{r}-{s}" for r, s in CASES])
def test_allowed_actions_matrix(users, role, state):
    story = story_in(state, owner=users["reporter"])
    assert allowed_actions(users[role], story) == EXPECTED[(role, state)]


def test_anonymous_visitors_may_do_nothing(users):
    from django.contrib.auth.models import AnonymousUser

    assert allowed_actions(AnonymousUser(), story_in("draft", users["reporter"])) == set()


def test_a_bylined_reporter_counts_as_the_owner(users):
    from tests.factories import AuthorFactory

    story = story_in("draft", owner=users["other reporter"])
    story.bylines.create(author=AuthorFactory(user=users["reporter"]))
    assert allowed_actions(users["reporter"], story) == EXPECTED[("reporter", "draft")]


# How each action is carried out; each returns normally when accepted and raises
# PermissionDenied or ValidationError (or answers 403/404) when refused.


def _edit(client, user, story):
    client.force_login(user)
    url = reverse("admin:stories_story_change", args=[story.pk])
    response = client.post(url, form_data(client.get(url), headline="Edited"))
    if response.status_code != 302:
        raise PermissionDenied(response.status_code)


def _preview(client, user, story):
    client.force_login(user)
    if client.get(reverse("stories:preview", args=[story.pk])).status_code != 200:
        raise PermissionDenied


def _restore(client, user, story):
    with reversion.create_revision():
        reversion.add_to_revision(story)
    version = reversion.models.Version.objects.get_for_object(story).get()
    publishing.restore_revision(story=story, version=version, user=user)


def _decide_proposal(client, user, story):
    proposal = StoryProposal.objects.create(
        story=story, base_version=story.version, headline="Proposed", dek="", body=""
    )
    publishing.reject_proposal(proposal=proposal, user=user)


def _revoke_share(client, user, story):
    # A link someone else made (an editor): may this user take it back?
    link = ShareLink.objects.create(story=story, expires_at=NOW + HOUR)
    sharing.revoke_share_link(link=link, user=user)


def _schedule(client, user, story):
    at = max(NOW, story.embargo_until or NOW) + HOUR
    publishing.schedule(story=story, user=user, at=at)


CARRY_OUT = {
    "edit": _edit,
    "submit": lambda c, u, s: publishing.submit_for_review(story=s, user=u),
    "publish": lambda c, u, s: publishing.publish(story=s, user=u),
    "schedule": _schedule,
    "unpublish": lambda c, u, s: publishing.unpublish(story=s, user=u),
    "archive": lambda c, u, s: publishing.archive(story=s, user=u),
    "return_to_draft": lambda c, u, s: publishing.return_to_draft(story=s, user=u),
    "correct": lambda c, u, s: publishing.add_correction(
        story=s, user=u, kind="correction", text="We misspelled it."
    ),
    "propose": lambda c, u, s: publishing.propose_change(
        story=s, user=u, fields={"headline": "A better headline"}
    ),
    "decide_proposal": _decide_proposal,
    "delete": lambda c, u, s: publishing.delete_story(story=s, user=u),
    "restore": _restore,
    "preview": _preview,
    "share": lambda c, u, s: sharing.create_share_link(story=s, user=u),
    "revoke_share": _revoke_share,
}


def test_every_action_has_a_way_to_carry_it_out():
    assert set(CARRY_OUT) == set(ACTIONS)


@pytest.mark.parametrize(("role", "state"), CASES, ids=[f"{r}-{s}" for r, s in CASES])
def test_allowed_actions_agree_with_what_the_services_accept(client, users, role, state):
    user = users[role]
    disagreements = []
    for action in ACTIONS:
        story = story_in(state, owner=users["reporter"])
        offered = action in allowed_actions(user, story)
        try:
            CARRY_OUT[action](client, user, story)
            accepted = True
        except (PermissionDenied, ValidationError):
            accepted = False
        if offered != accepted:
            disagreements.append(f"{action}: offered={offered} accepted={accepted}")
    assert not disagreements

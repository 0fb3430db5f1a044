"""Which actions a user may take on a story now: the one answer the admin and its templates ask.

Shaped like Wagtail's PagePermissionTester, but small. Each `can_*` method states the
permission AND the state that the matching stories.publishing function accepts, so a
button shown is a request the service will carry out. The services still check again
themselves: this module decides what to offer, never what to trust.
tests/workflow/test_allowed_actions.py runs every action against its service for every
role and state, so the two cannot drift apart unnoticed.
"""

from datetime import datetime

from django.utils import timezone
from django.utils.functional import cached_property

from .models import Story

EDITABLE_BY_REPORTERS = (Story.Status.DRAFT, Story.Status.REVIEW)

# Every action allowed_actions() can answer with, and the service that carries it out:
# edit (the change form), submit (submit_for_review), publish, schedule, unpublish,
# archive, return_to_draft, correct (add_correction), propose (propose_change),
# decide_proposal (apply_proposal / reject_proposal), delete (delete_story),
# restore (restore_revision), preview (the preview page), share and revoke_share
# (stories.sharing: create_share_link, revoke_share_link).
ACTIONS = (
    "edit",
    "submit",
    "publish",
    "schedule",
    "unpublish",
    "archive",
    "return_to_draft",
    "correct",
    "propose",
    "decide_proposal",
    "delete",
    "restore",
    "preview",
    "share",
    "revoke_share",
)


class StoryPermissionTester:
    """What `user` may do to `story` at `now`: one method per action in ACTIONS."""

    def __init__(self, user, story: Story, *, now: datetime | None = None):
        self.user = user
        self.story = story
        self.now = now or timezone.now()

    @cached_property
    def own(self) -> bool:
        """A reporter's own story: one they created or one bylined to their author profile."""
        user, story = self.user, self.story
        if not user.is_authenticated:
            return False
        if story.created_by_id == user.pk:
            return True
        return story.pk is not None and story.bylines.filter(author__user=user).exists()

    @property
    def status(self) -> str:
        return self.story.status

    @property
    def live(self) -> bool:
        """Readers can see the story at `now`: the one live rule, with the tester's clock."""
        return self.story.is_live(self.now)

    def has(self, perm: str) -> bool:
        return self.user.has_perm(f"stories.{perm}")

    def can_edit(self) -> bool:
        """Editors edit any story but an archived one; reporters their own drafts and reviews."""
        if self.status == Story.Status.ARCHIVED:
            # Archived means frozen: only corrections change it (or unpublish, edit, republish).
            return False
        if self.has("edit_any_story"):
            return True
        return self.has("change_story") and self.status in EDITABLE_BY_REPORTERS and self.own

    def can_submit(self) -> bool:
        return self.status == Story.Status.DRAFT and self.can_edit()

    def can_publish(self) -> bool:
        # Role and state only: the pre-publish checks (stories/checks.py) judge the content,
        # and the confirmation page shows what blocks an incomplete story. Asking them here
        # would cost two queries per story wherever actions are listed.
        # publishing.publish also refuses an embargo that has not lifted yet.
        embargoed = self.story.embargo_until is not None and self.story.embargo_until > self.now
        return self.can_schedule() and not embargoed

    def can_schedule(self) -> bool:
        # An embargoed story can still be scheduled for when the embargo lifts.
        return self.has("publish_story") and self.status != Story.Status.ARCHIVED and not self.live

    def can_unpublish(self) -> bool:
        return self.has("unpublish_story") and self.status in Story.PUBLIC_STATUSES

    def can_archive(self) -> bool:
        # Only a story whose publication time has come: a scheduled one is not archivable.
        published_at = self.story.published_at
        return (
            self.has("unpublish_story")
            and self.status == Story.Status.PUBLISHED
            and published_at is not None
            and published_at <= self.now
        )

    def can_return_to_draft(self) -> bool:
        return self.has("edit_any_story") and self.status in (
            Story.Status.REVIEW,
            Story.Status.WITHDRAWN,
        )

    def can_correct(self) -> bool:
        return self.has("add_correction") and self.live

    def can_propose(self) -> bool:
        """Reporters propose changes to their own published stories instead of editing them."""
        return self.status == Story.Status.PUBLISHED and self.own

    def can_decide_proposal(self) -> bool:
        return self.has("edit_any_story")

    def can_delete(self) -> bool:
        return self.has("delete_story")

    def can_restore(self) -> bool:
        # Restoring keeps the story's state, so it is open in every state.
        return self.has("restore_story_revision")

    def can_preview(self) -> bool:
        """Editors preview any story; reporters their own, in any state."""
        if not (self.user.is_active and self.user.is_staff):
            return False
        return self.has("edit_any_story") or self.own

    def can_share(self) -> bool:
        # Whoever may preview a story may hand an outside reviewer a link to that preview.
        return self.can_preview()

    def can_revoke_share(self) -> bool:
        # Whoever may hand out links to a story may take any of them back: an editor a
        # reporter's link, a reporter a link an editor made to the reporter's own story.
        return self.can_share()

    def allowed_actions(self) -> frozenset[str]:
        return frozenset(name for name in ACTIONS if getattr(self, f"can_{name}")())


def allowed_actions(user, story: Story, *, now: datetime | None = None) -> frozenset[str]:
    """The actions in ACTIONS that `user` may take on `story` at `now`."""
    return StoryPermissionTester(user, story, now=now).allowed_actions()


def is_own_story(user, story: Story) -> bool:
    """A reporter's own story: one they created or one bylined to their author profile."""
    return StoryPermissionTester(user, story).own


def can_edit(user, story: Story) -> bool:
    """Editors edit any story but an archived one; reporters their own drafts and reviews."""
    return StoryPermissionTester(user, story).can_edit()


def can_preview(user, story: Story) -> bool:
    """Editors preview any story; reporters their own, in any state."""
    return StoryPermissionTester(user, story).can_preview()


def can_propose(user, story: Story) -> bool:
    """Reporters propose changes to their own published stories instead of editing them."""
    return StoryPermissionTester(user, story).can_propose()

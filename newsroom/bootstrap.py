"""First-run set-up for a local newsroom: the demo story and two working accounts."""

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction

from stories.models import Author, Story
from stories.story_facts import refresh_story_facts

SEED_FIXTURE = "la_mayor_2022"
# (username, group, the author profile their bylines use)
LOCAL_ACCOUNTS = [
    ("editor", "Editors", "Demo Editor", "Editor"),
    ("reporter", "Reporters", "Demo Reporter", "Staff reporter"),
]


@dataclass(frozen=True)
class Account:
    username: str
    group: str
    password: str


@transaction.atomic
def bootstrap_site() -> tuple[bool, list[Account]]:
    """Load the seed fixture into a database with no stories, and create the local editor
    and reporter accounts, each with a linked author profile, in a database with no users.

    Returns whether the seed was loaded and the accounts created, with their passwords,
    which are random and never stored anywhere but as hashes.
    """
    loaded = False
    if not Story.objects.exists():
        call_command("loaddata", SEED_FIXTURE, verbosity=0)
        refresh_story_facts()  # loaddata writes raw rows, past the workflow.
        loaded = True
    accounts = []
    User = get_user_model()
    if not User.objects.exists():
        for username, group_name, name, job_title in LOCAL_ACCOUNTS:
            password = secrets.token_urlsafe(12)
            user = User.objects.create_user(username=username, password=password, is_staff=True)
            user.groups.add(Group.objects.get(name=group_name))
            # Linked profiles, so the demo reporter can byline a story and then edit it
            # as their own (stories.permissions counts a bylined story as theirs).
            Author.objects.get_or_create(
                slug=f"demo-{username}",
                defaults={"name": name, "job_title": job_title, "user": user},
            )
            accounts.append(Account(username, group_name, password))
    return loaded, accounts

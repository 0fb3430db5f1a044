"""Who else has a story open: the presence endpoint the story form polls."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import StoryFactory, UserFactory


@pytest.fixture(autouse=True)
def _no_earlier_beats():
    # Heartbeats live in the cache, which outlives a test's database transaction.
    cache.clear()


def presence_url(story):
    return reverse("admin:stories_story_presence", args=[story.pk])


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_an_editor_sees_who_else_has_the_story_open_until_they_leave():
    story = StoryFactory()
    ana = UserFactory(username="ana", first_name="Ana", last_name="Reyes", groups=["Editors"])
    ben = UserFactory(username="ben", first_name="Ben", last_name="Cho", groups=["Editors"])
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        assert logged_in(ana).post(presence_url(story)).json()["message"] == ""
        clock.shift(timedelta(seconds=20))
        answer = logged_in(ben).post(presence_url(story)).json()
        assert answer["message"] == "Ana Reyes also has this story open."
        assert [other["name"] for other in answer["others"]] == ["Ana Reyes"]
        # Ana closed her tab: after the timeout she is no longer shown.
        clock.shift(timedelta(seconds=90))
        assert logged_in(ben).post(presence_url(story)).json()["others"] == []


@pytest.mark.django_db
def test_a_recent_save_by_someone_else_is_mentioned(editor):
    ana = UserFactory(username="ana", first_name="Ana", last_name="Reyes", groups=["Editors"])
    story = StoryFactory(updated_by=ana)
    message = logged_in(editor).post(presence_url(story)).json()["message"]
    assert message.startswith("Ana Reyes saved it ")


@pytest.mark.django_db
def test_presence_is_staff_only_and_permission_checked(client):
    story = StoryFactory()
    assert client.post(presence_url(story)).status_code == 302  # to the login page
    outsider = UserFactory(username="visitor", is_staff=True)
    assert logged_in(outsider).post(presence_url(story)).status_code == 403
    reporter = UserFactory(username="rep", groups=["Reporters"])
    assert logged_in(reporter).get(presence_url(story)).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("editors", [1, 6])
def test_a_heartbeat_costs_the_same_queries_however_many_editors(
    editors, django_assert_num_queries
):
    story = StoryFactory()
    for n in range(editors):
        logged_in(UserFactory(username=f"e{n}", groups=["Editors"])).post(presence_url(story))
    client = logged_in(UserFactory(username="last", groups=["Editors"]))
    client.post(presence_url(story))
    with django_assert_num_queries(5):
        client.post(presence_url(story))

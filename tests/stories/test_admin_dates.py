"""The story list's date drill-down lists the years, months and days that have stories."""

import re
from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import StoryFactory

pytestmark = pytest.mark.django_db

URL = reverse("admin:stories_story_changelist")


def at(*args):
    return timezone.make_aware(datetime(*args))


def choices(response):
    nav = re.search(r'<nav class="toplinks">(.*?)</nav>', response.content.decode(), re.S)
    return re.findall(r'<a href="[^"]*">([^<]+)</a>', nav.group(1))


def test_years_are_those_with_stories_even_with_a_gap_between_them(editor_client):
    for when in [at(2019, 3, 1), at(2021, 12, 31, 23, 30), at(2023, 1, 1, 0, 10)]:
        StoryFactory(published_at=when)
    StoryFactory(status="draft", published_at=None)
    assert choices(editor_client.get(URL)) == ["2019", "2021", "2023"]


def test_months_and_days_follow_the_local_calendar(editor_client):
    # 23:30 on 31 January local time is already February in UTC: it counts as January.
    StoryFactory(published_at=at(2021, 1, 31, 23, 30))
    StoryFactory(published_at=at(2021, 3, 2))
    StoryFactory(published_at=at(2022, 5, 5))
    months = editor_client.get(URL, {"published_at__year": "2021"})
    assert choices(months) == ["January 2021", "March 2021"]
    days = editor_client.get(URL, {"published_at__year": "2021", "published_at__month": "1"})
    assert choices(days) == ["January 31"]


def test_one_year_of_stories_opens_on_its_months_and_a_filter_narrows_them(editor_client):
    politics = StoryFactory(published_at=at(2024, 2, 10)).section
    StoryFactory(published_at=at(2024, 6, 10))
    assert choices(editor_client.get(URL)) == ["February 2024", "June 2024"]
    politics = editor_client.get(URL, {"section__id__exact": politics.pk})
    assert choices(politics) == ["February 10"]


def test_a_month_without_its_year_still_lists_the_years_with_stories_that_month(editor_client):
    StoryFactory(published_at=at(2019, 3, 1))
    StoryFactory(published_at=at(2021, 3, 9))
    StoryFactory(published_at=at(2022, 7, 9))
    assert choices(editor_client.get(URL, {"published_at__month": "3"})) == ["2019", "2021"]

"""The story list's rows, drawn per column (stories.admin.list_rows): Django's HTML, cheaper."""

from datetime import timedelta

import pytest
from django.contrib.admin.templatetags import admin_list
from django.urls import reverse
from django.utils import timezone

from stories.admin import list_rows
from stories.models import Story
from tests.factories import AuthorFactory, StoryFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("admin:stories_story_changelist")


@pytest.fixture
def stories():
    """One story for each way a cell can be drawn: empty, escaped, dated, linked."""
    now = timezone.now()
    return [
        StoryFactory(
            headline='Council\'s "<b>budget</b>" & the mayor',
            authors=[AuthorFactory(name="Ana <Reyes>"), AuthorFactory(name="Luis Ortega")],
            updated_by=UserFactory(username="amy"),
        ),
        StoryFactory(
            headline="A draft with no section",
            status=Story.Status.DRAFT,
            published_at=None,
            section=None,
            updated_by=None,
        ),
        StoryFactory(
            headline="Scheduled and embargoed",
            published_at=now + timedelta(days=2),
            embargo_until=now + timedelta(days=3),
        ),
        StoryFactory(headline="Withdrawn", status=Story.Status.WITHDRAWN),
        # Only spaces: Django shows the empty value, as for no headline at all.
        StoryFactory(headline="   ", slug="spaces-only", dek="council"),
    ]


@pytest.mark.parametrize(
    "params",
    [{}, {"q": "council"}, {"status__exact": "published"}, {"o": "-5.2"}, {"_popup": "1"}],
    ids=["list", "search", "filter", "sorted", "popup"],
)
def test_the_rows_are_the_html_djangos_change_list_draws(editor_client, stories, params):
    """Same cells, classes, escaping, empty values, dates and links as items_for_result."""
    cl = editor_client.get(URL, params).context["cl"]
    drawn = [list(row) for row in list_rows.rows(cl)]
    assert drawn == [list(row) for row in admin_list.results(cl)]
    assert len(drawn) == len(cl.result_list) > 0


def test_a_row_links_to_its_story_keeping_the_filters_and_is_selectable(editor_client, stories):
    story = stories[0]
    html = editor_client.get(URL, {"status__exact": "published"}).content.decode()
    change = reverse("admin:stories_story_change", args=[story.pk])
    # Back from the story, the editor lands on the same filtered list.
    link = f'<a href="{change}?_changelist_filters=status__exact%3Dpublished">'
    assert (
        f'<th class="field-headline">{link}Council&#x27;s &quot;&lt;b&gt;budget&lt;/b&gt;&quot;'
        " &amp; the mayor</a></th>"
    ) in html
    assert f'name="_selected_action" value="{story.pk}"' in html
    assert '<td class="field-byline_names">Ana &lt;Reyes&gt;, Luis Ortega</td>' in html


def test_the_state_column_says_scheduled_and_embargoed(editor_client, stories):
    html = editor_client.get(URL).content.decode()
    assert '<td class="field-state">Scheduled · embargoed</td>' in html
    assert '<td class="field-state">Withdrawn (unpublished)</td>' in html
    # A draft has no section, no publication time and nobody who edited it: Django's "-".
    draft = html.split(">A draft with no section</a>")[1].split("</tr>")[0]
    assert '<td class="field-section nowrap">-</td>' in draft
    assert '<td class="field-published_at nowrap">-</td>' in draft

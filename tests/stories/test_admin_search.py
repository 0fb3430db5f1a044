"""The admin story list at archive scale: search through the index, bounded counts, budgets."""

import pytest
from django.urls import reverse

from stories.admin import paginator
from tests.factories import AuthorFactory, QuoteFactory, SourceFactory, StoryFactory, UserFactory
from tests.query_budget import assert_query_budget

pytestmark = pytest.mark.django_db

URL = reverse("admin:stories_story_changelist")


def headlines(response):
    return [story.headline for story in response.context["cl"].result_list]


def test_search_finds_words_in_the_text_and_tags_but_not_other_stories(editor_client):
    StoryFactory(headline="Council passes budget", dek="", body="<p>Nine votes to six.</p>")
    StoryFactory(headline="Dodgers win", dek="Walk-off.", body="<p>A homer.</p>", tags=["Ball"])

    assert headlines(editor_client.get(URL, {"q": "votes"})) == ["Council passes budget"]
    assert headlines(editor_client.get(URL, {"q": "ball"})) == ["Dodgers win"]
    # Every word must match; the last may be the beginning of one, as an editor types.
    assert headlines(editor_client.get(URL, {"q": "council budg"})) == ["Council passes budget"]
    assert headlines(editor_client.get(URL, {"q": "council dodgers"})) == []


def test_search_finds_stories_by_their_bylines_and_sources_names(editor_client):
    reporter = AuthorFactory(name="Ana Oyelaran")
    bylined = StoryFactory(headline="Fire season starts", authors=[reporter])
    quoted = StoryFactory(headline="Pier reopens")
    QuoteFactory(story=quoted, source=SourceFactory(name="Rick Okonkwo"))
    mentioned = StoryFactory(headline="Budget hearing")
    mentioned.mentioned_sources.add(SourceFactory(name="Port of Ibarrola"))
    StoryFactory(headline="Unrelated")

    assert headlines(editor_client.get(URL, {"q": "Oyelaran"})) == [bylined.headline]
    assert headlines(editor_client.get(URL, {"q": "okonkwo"})) == [quoted.headline]
    assert headlines(editor_client.get(URL, {"q": "ibarrola"})) == [mentioned.headline]


def test_search_finds_a_story_by_its_slug(editor_client):
    StoryFactory(headline="Something else entirely", slug="council-budget-2026")
    response = editor_client.get(URL, {"q": "council-budget-2026"})
    assert headlines(response) == ["Something else entirely"]


def test_the_credit_is_not_searched(editor_client):
    StoryFactory(headline="Wire copy", credit="Zyxwire", dek="", body="<p>Copy.</p>")
    assert headlines(editor_client.get(URL, {"q": "zyxwire"})) == []


def test_the_date_drill_down_is_hidden_during_a_search_only(editor_client):
    StoryFactory(headline="Council passes budget", status="published")
    assert editor_client.get(URL).context["cl"].date_hierarchy == "published_at"
    assert editor_client.get(URL, {"q": "council"}).context["cl"].date_hierarchy is None


def test_a_search_matching_more_than_the_cap_is_counted_only_up_to_it(editor_client, monkeypatch):
    monkeypatch.setattr(paginator, "MAX_COUNTED", 3)
    for n in range(5):
        StoryFactory(headline=f"Council meets {n}")
    response = editor_client.get(URL, {"q": "council"})
    cl = response.context["cl"]
    assert cl.result_count == 4  # "more than 3"
    assert cl.paginator.capped and cl.paginator.num_pages == 1


def stories_by(size):
    author = AuthorFactory(name="Ana Oyelaran")
    for n in range(size):
        StoryFactory(headline=f"Council story {n}", tags=["Budget"], authors=[author])


@pytest.mark.parametrize(
    "params, budget",
    [
        # session, user, permissions (2), the filters' sections and tags, the count, the
        # rows, their bylines with their authors' names (one query), and the date
        # drill-down's two (not when searching)
        ({}, 11),
        ({"status__exact": "published"}, 11),
        ({"p": "2"}, 11),
        # searching: the stories of the authors and sources named (one query), instead of
        # the date drill-down
        ({"q": "council"}, 10),
        ({"q": "oyelaran"}, 10),
    ],
    ids=["list", "filter", "last page", "search", "author search"],
)
def test_the_story_list_costs_the_same_queries_at_two_sizes(editor_client, params, budget):
    """Session and user, the count, the rows, their bylines: never a query per story."""
    # The last page: the second of 101 or of 130 stories (100 per page).
    sizes = (101, 130) if "p" in params else (3, 30)
    editor_client.get(URL)  # content types and permissions cached, as in a session
    assert_query_budget(
        build=stories_by, act=lambda _: editor_client.get(URL, params), budget=budget, sizes=sizes
    )


def test_a_page_past_the_middle_shows_the_same_rows_read_from_the_other_end(editor_client):
    stories_by(130)
    everything = editor_client.get(URL, {"all": ""}).context["cl"].result_list
    last = editor_client.get(URL, {"p": "2"}).context["cl"].result_list
    assert [s.pk for s in last] == [s.pk for s in list(everything)[100:]]
    assert len(last) == 30


def test_the_list_shows_and_sorts_by_who_last_edited_each_story(editor_client):
    zed = StoryFactory(headline="Edited by Zed", updated_by=UserFactory(username="zed"))
    amy = StoryFactory(headline="Edited by Amy", updated_by=UserFactory(username="amy"))
    StoryFactory(headline="Never edited", updated_by=None)
    response = editor_client.get(URL, {"o": "7"})  # the "last edited by" column
    order = headlines(response)
    assert order.index("Edited by Amy") < order.index("Edited by Zed")
    html = response.content.decode()
    for story, name in [(amy, "amy"), (zed, "zed")]:
        # Each row's checkbox names its story for screen readers, as Django's widget did.
        checkbox = (
            f'<input type="checkbox" name="_selected_action" value="{story.pk}" '
            f'class="action-select" aria-label="Select this object for an action - '
            f'{story.headline}">'
        )
        row = html.split(checkbox)[1].split("</tr>")[0]
        assert f">{name}<" in row

"""Two real gunicorn processes sharing one SQLite file and the embedded page cache, as two
workers (or two machines) do: a page one stores, the other serves; an editor's change
through one is what readers get from the other within a second."""

import time

import pytest

from tests.conftest import SEED_SLUG

from .servers import (
    DRAFT_HEADLINE,
    DRAFT_SLUG,
    EDITOR_PASSWORD,
    Browser,
    Gunicorn,
    prepare_site,
    site_environment,
    story_pk,
)

pytestmark = pytest.mark.servers

STORY = f"/stories/{SEED_SLUG}/"


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("two-processes")
    env = site_environment(tmp)
    prepare_site(env)
    first = Gunicorn(env, tmp / "first.log")
    try:
        second = Gunicorn(env, tmp / "second.log")
    except Exception:
        first.stop()
        raise
    yield first, second, env
    first.stop()
    second.stop()


def within_a_second(check) -> float:
    """How long until `check()` holds, asking again at once each time; fails past 1 s."""
    start = time.monotonic()
    while not check():
        assert time.monotonic() - start < 1.0, "readers still had the old page after 1 s"
    return time.monotonic() - start


def test_a_page_one_process_stored_is_served_by_the_other(servers):
    first, second, _ = servers
    reader = Browser()
    reader.get(first.url + STORY)
    status, headers, _ = reader.get(second.url + STORY)
    assert status == 200
    assert headers["X-Page-Cache"] == "hit"


def test_an_editors_change_through_one_process_reaches_readers_of_the_other(servers):
    first, second, env = servers
    reader, editor = Browser(), Browser()
    assert DRAFT_HEADLINE.encode() not in reader.get(second.url + "/")[2]
    assert reader.get(second.url + f"/stories/{DRAFT_SLUG}/")[0] == 404
    # Both are stored now.
    assert reader.get(second.url + "/")[1]["X-Page-Cache"] == "hit"

    editor.log_in(first.url, "cache-editor", EDITOR_PASSWORD)
    workflow = first.url + f"/admin/stories/story/{story_pk(env, DRAFT_SLUG)}/workflow/"
    status, _, _ = editor.post(workflow, {"action": "publish"})
    assert status == 200
    within_a_second(lambda: DRAFT_HEADLINE.encode() in reader.get(second.url + "/")[2])
    within_a_second(lambda: reader.get(second.url + f"/stories/{DRAFT_SLUG}/")[0] == 200)

    editor.post(workflow, {"action": "unpublish"})
    within_a_second(lambda: reader.get(second.url + f"/stories/{DRAFT_SLUG}/")[0] == 404)
    within_a_second(lambda: DRAFT_HEADLINE.encode() not in reader.get(second.url + "/")[2])


def test_editors_get_private_pages_from_the_other_process(servers):
    first, second, _ = servers
    editor = Browser()
    editor.log_in(first.url, "cache-editor", EDITOR_PASSWORD)
    status, headers, _ = editor.get(second.url + STORY)
    assert status == 200
    assert "X-Page-Cache" not in headers
    assert "private" in headers["Cache-Control"]

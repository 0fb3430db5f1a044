"""Varnish with the shipped VCL in front of two gunicorn instances sharing PostgreSQL and
Redis, as a newsroom that outgrew one machine runs: an editor's publish through one
instance is what Varnish serves within a second; drafts and editors' pages never enter it.

Needs varnishd with vmod xkey (Debian: varnish, varnish-modules; .ci/run installs them),
PostgreSQL and Redis on their usual loopback ports.
"""

import os
import shutil
import time

import psycopg
import pytest
import redis

from tests.conftest import SEED_SLUG

from .servers import (
    DRAFT_HEADLINE,
    DRAFT_SLUG,
    EDITOR_PASSWORD,
    Browser,
    Gunicorn,
    Varnish,
    free_port,
    prepare_site,
    site_environment,
    story_pk,
)

pytestmark = [pytest.mark.servers, pytest.mark.varnish]

STORY = f"/stories/{SEED_SLUG}/"
POSTGRES = os.environ.get("CI_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
DATABASE = "page_cache_varnish"
# Redis database 6 belongs to these tests; only it is emptied.
REDIS_URL = "redis://127.0.0.1:6379/6"


def missing_services() -> str:
    if not shutil.which("varnishd"):
        return "varnishd is not installed (apt-get install varnish varnish-modules)"
    try:
        psycopg.connect(
            POSTGRES.replace("postgres://", "postgresql://", 1), connect_timeout=3
        ).close()
    except psycopg.OperationalError:
        return f"PostgreSQL does not answer at {POSTGRES}"
    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=3).ping()
    except (OSError, redis.RedisError):
        return f"Redis does not answer at {REDIS_URL}"
    return ""


def fresh_database() -> str:
    with psycopg.connect(
        POSTGRES.replace("postgres://", "postgresql://", 1), autocommit=True
    ) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')
    return POSTGRES.rsplit("/", 1)[0] + "/" + DATABASE


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    reason = missing_services()
    if reason:
        pytest.skip(reason)
    tmp = tmp_path_factory.mktemp("varnish")
    redis.Redis.from_url(REDIS_URL).flushdb()
    varnish_port = free_port()
    env = site_environment(
        tmp,
        DATABASE_URL=fresh_database(),
        REDIS_URL=REDIS_URL,
        NEWSROOM_VARNISH_URLS=f"http://127.0.0.1:{varnish_port}",
    )
    prepare_site(env)
    started = []
    try:
        started.append(Gunicorn(env, tmp / "first.log"))
        started.append(Gunicorn(env, tmp / "second.log"))
        started.append(Varnish(tmp, started[:2], tmp / "varnish.log", varnish_port))
        yield (*started, env)
    finally:
        for process in reversed(started):
            process.stop()


def within_a_second(check) -> None:
    start = time.monotonic()
    while not check():
        assert time.monotonic() - start < 1.0, "Varnish still served the old page after 1 s"


def test_varnish_keeps_anonymous_pages(stack):
    _, _, varnish, _ = stack
    reader = Browser()
    reader.get(varnish.url + STORY)
    status, headers, _ = reader.get(varnish.url + STORY)
    assert status == 200
    assert headers["X-Cache"] == "hit"
    assert "xkey" not in headers


def test_drafts_and_editors_pages_never_enter_varnish(stack):
    _first, _, varnish, env = stack
    reader, editor = Browser(), Browser()
    draft = f"/stories/{DRAFT_SLUG}/"
    preview = f"/preview/stories/{story_pk(env, DRAFT_SLUG)}/"
    editor.log_in(varnish.url, "cache-editor", EDITOR_PASSWORD)
    for _ in range(2):
        status, headers, body = editor.get(varnish.url + preview)
        assert status == 200 and DRAFT_HEADLINE.encode() in body
        assert headers["X-Cache"] == "pass"
        status, headers, body = editor.get(varnish.url + "/")
        assert headers["X-Cache"] == "pass"
        assert "private" in headers["Cache-Control"]
        status, headers, body = reader.get(varnish.url + preview)
        assert DRAFT_HEADLINE.encode() not in body
        assert headers["X-Cache"] == "pass"
        status, _, body = reader.get(varnish.url + draft)
        assert status == 404 and DRAFT_HEADLINE.encode() not in body


def test_an_editors_publish_through_one_instance_is_served_by_varnish_within_a_second(stack):
    first, _, varnish, env = stack
    reader, editor = Browser(), Browser()
    draft = f"/stories/{DRAFT_SLUG}/"
    for url in ["/", draft]:
        reader.get(varnish.url + url)
        assert reader.get(varnish.url + url)[1]["X-Cache"] == "hit"
    editor.log_in(first.url, "cache-editor", EDITOR_PASSWORD)
    workflow = first.url + f"/admin/stories/story/{story_pk(env, DRAFT_SLUG)}/workflow/"
    assert editor.post(workflow, {"action": "publish"})[0] == 200
    within_a_second(lambda: DRAFT_HEADLINE.encode() in reader.get(varnish.url + "/")[2])
    within_a_second(lambda: reader.get(varnish.url + draft)[0] == 200)
    # And Varnish keeps the new pages again.
    assert reader.get(varnish.url + "/")[1]["X-Cache"] == "hit"

import pytest
from django.core.management import call_command

SEED_SLUG = (
    "president-biden-vp-harris-back-karen-bass-in-la-mayoral-race-"
    "prompting-response-from-rick-caruso"
)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    # SQLite tests use a file, not memory: the concurrency tests need several
    # connections (threads) on one real database, as several gunicorn workers have.
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        path = tmp_path_factory.mktemp("sqlite") / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(path)


@pytest.fixture(autouse=True)
def _plain_static_storage(settings, tmp_path):
    # The manifest storage needs `collectstatic` first; tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # Every staff user the factories make hashes a password; PBKDF2 costs a second a dozen.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def seed(db):
    """The la_mayor_2022 fixture, loaded as `make run` loads it."""
    call_command("loaddata", "la_mayor_2022", verbosity=0)
    from stories.models import Story
    from stories.story_facts import refresh_story_facts

    refresh_story_facts()  # loaddata writes raw rows; bootstrap_site does the same.

    return Story.objects.get(slug=SEED_SLUG)


@pytest.fixture
def editor(db):
    from tests.factories import UserFactory

    return UserFactory(username="ed", groups=["Editors"])


@pytest.fixture
def reporter(db):
    from tests.factories import UserFactory

    return UserFactory(username="rita", groups=["Reporters"])


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def pytest_addoption(parser):
    parser.addoption(
        "--update-public-pages",
        action="store_true",
        help="Record the seed site's public answers in tests/data/public_pages/ again.",
    )


@pytest.fixture(autouse=True)
def _page_cache_off(settings):
    # Tests run inside transactions that never commit, so nothing would retire a cached
    # page or fragment between two requests: both caches are off except where tests/cache/
    # and the query budgets turn them on. Each test gets an empty store for the generation,
    # the scheduling horizon and the fragments.
    import time

    from django.core.cache import caches

    from newsroom.cache import store

    settings.NEWSROOM_PAGE_CACHE = False
    settings.NEWSROOM_FRAGMENT_CACHE = False
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"pages-{id(settings)}",
        },
        "fragments": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"fragments-{id(settings)}",
        },
    }
    # Memory caches of one name share their rows, and a later test may get the same id().
    caches["pages"].clear()
    caches["fragments"].clear()
    # The next scheduled change is computed once per committed change, not per page (one
    # query, docs/caching.md); query budgets measure a page's own render, so the store starts
    # as after such a change with nothing scheduled for a day. tests/cache/ tests the horizon.
    store.remember_horizon(store.current_generation(), time.time() + 86400)

"""Settings for Newsroom: one module, configured only by environment variables.

With nothing set this is a local development setup (debug on, SQLite under var/,
local-memory cache). Production sets DJANGO_DEBUG=0, DJANGO_SECRET_KEY,
DJANGO_ALLOWED_HOSTS and usually DATABASE_URL and REDIS_URL; see README.md.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("NEWSROOM_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable; anything unrecognised is an error, not a guess."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}."
    )


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

# Only ever used with debug on, on a developer's machine: it is in the repository.
DEVELOPMENT_SECRET_KEY = "insecure-local-development-key-never-used-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not DEBUG and SECRET_KEY in ("", DEVELOPMENT_SECRET_KEY):
    # manage.py, wsgi.py and asgi.py print this one line and exit (newsroom/startup.py).
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set. With DJANGO_DEBUG off the site needs a long random "
        "secret key: set DJANGO_SECRET_KEY in the environment, for example to the output of "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
    )
SECRET_KEY = SECRET_KEY or DEVELOPMENT_SECRET_KEY

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "taggit",
    "reversion",
    # Admin login throttling and lockout; editors unlock accounts in its admin pages.
    "axes",
    # The story body's rich-text editor; its JS and CSS ship in the package (staticfiles).
    "django_prose_editor",
    "newsroom",
    "media",
    "sources",
    "elections",
    "stories",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response, the outage page included.
    "csp.middleware.CSPMiddleware",
    # An unreachable database: a 503 maintenance page, not a 500 (newsroom/outage.py).
    "newsroom.outage.OutageMiddleware",
    # A NUL in the address or a parameter: 400 before any view queries with it.
    "newsroom.request_guards.RejectNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous readers' pages straight from the page cache, before sessions, auth, CSRF
    # and the views run (newsroom/cache/, docs/caching.md).
    "newsroom.cache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Cache-Control, ETag, Last-Modified and surrogate keys for anonymous readers; private
    # for editors (newsroom/middleware.py).
    "newsroom.middleware.PublicCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# django-axes checks every login (admin and any other) before the password is tried.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.site",
            ],
        },
    },
]

# Databases: SQLite under var/ unless DATABASE_URL says otherwise.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=600, conn_health_checks=True)
    }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "newsroom.sqlite3",
            # Kept open between requests, as with PostgreSQL: opening the file and
            # running the PRAGMAs below cost ~3 ms of CPU per request, and closing the last
            # connection checkpoints the WAL (measured in docs/caching.md).
            "CONN_MAX_AGE": None,
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: it starts above a planner cost, and the sitemaps' CASE subqueries
    # (run for a row or two, estimated for every row) crossed it, paying 10-16 ms of
    # compiling for queries that run in under a millisecond (docs/scale.md). A
    # `?options=...` in DATABASE_URL replaces this (a pooler may refuse startup options).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while one worker writes; IMMEDIATE takes the write
    # lock when a transaction starts instead of failing with "database is locked"
    # when two gunicorn workers upgrade read locks at the same moment.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Caches: Redis shared by every process when REDIS_URL is set. Otherwise the general cache
# is per-process memory and the page cache is one SQLite file under var/, which every
# gunicorn worker on this machine shares (faster than Django's FileBasedCache: docs/caching.md).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_PREFIX = os.environ.get("NEWSROOM_CACHE_PREFIX", "newsroom")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_PREFIX,
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"{CACHE_PREFIX}-pages",
            "TIMEOUT": None,
        },
        "fragments": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"{CACHE_PREFIX}-fragments",
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "newsroom.cache.sqlite.SQLiteCache",
            "LOCATION": VAR_DIR / "page-cache.sqlite3",
            "TIMEOUT": None,
            # Past this many pages the soonest-expiring third is dropped.
            "OPTIONS": {"MAX_ENTRIES": 20000},
        },
        # Parts of pages and the data every page shows (newsroom/cache/fragments.py): read
        # several times per page, so kept in each process's memory, a few microseconds a read.
        "fragments": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "fragments",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }

# The full-page cache for anonymous readers (newsroom/cache/, docs/caching.md). On by default
# in production; off by default with DJANGO_DEBUG, where templates change under the server.
NEWSROOM_PAGE_CACHE = env_bool("NEWSROOM_PAGE_CACHE", not DEBUG)
# Fragments of pages that change rarely (the navigation, the people and race boxes, related
# stories), kept under the same generation as the page cache: they make a page the cache
# cannot answer (an editor's, one with a tracking parameter, or any with the page cache off)
# cheaper to render. Off by default with DJANGO_DEBUG, like the page cache.
NEWSROOM_FRAGMENT_CACHE = env_bool("NEWSROOM_FRAGMENT_CACHE", not DEBUG)
# How long the page cache keeps a page that nothing changed: changes remove pages at once,
# so this only bounds how long an unread page takes space.
NEWSROOM_PAGE_CACHE_SECONDS = int(os.environ.get("NEWSROOM_PAGE_CACHE_SECONDS", "3600"))
# How many pages each process keeps in its own memory to answer hits before Django builds
# a request (newsroom/cache/hot.py); each is checked against the shared generation.
NEWSROOM_HOT_PAGES = int(os.environ.get("NEWSROOM_HOT_PAGES", "500"))
# What shared caches (Varnish, a CDN) are told: keep a page this long unless purged sooner,
# serve it stale for this long while fetching a fresh one, or while the site is down.
NEWSROOM_SHARED_MAX_AGE = int(os.environ.get("NEWSROOM_SHARED_MAX_AGE", "300"))
NEWSROOM_STALE_WHILE_REVALIDATE = int(os.environ.get("NEWSROOM_STALE_WHILE_REVALIDATE", "30"))
NEWSROOM_STALE_IF_ERROR = int(os.environ.get("NEWSROOM_STALE_IF_ERROR", "86400"))
# Varnish servers to purge on every change: http://host:port, comma-separated.
NEWSROOM_VARNISH_URLS = env_list("NEWSROOM_VARNISH_URLS")
# Names the deployed code in page-cache keys, so a deploy never serves pages rendered by
# the previous release's templates. Unset: derived from the code's files when a process starts.
NEWSROOM_RELEASE = os.environ.get("NEWSROOM_RELEASE", "")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        # Editors' accounts publish under the newsroom's name: 12 characters at least.
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (docs/security.md): five wrong passwords for one account from one
# address lock that pair out for 15 minutes; the right password is refused meanwhile.
# Keyed on both, so a stranger cannot lock an editor out from everywhere, and one office
# behind one address does not lock out everyone in it.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("NEWSROOM_TIME_ZONE", "America/Los_Angeles")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("NEWSROOM_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed file names so a CDN can cache static files for ever.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Uploads larger than this are refused before they reach Pillow.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

TAGGIT_CASE_INSENSITIVE = True

# The newsroom's own identity, shown in the header, titles and feeds.
NEWSROOM_NAME = os.environ.get("NEWSROOM_NAME", "Newsroom")
NEWSROOM_TAGLINE = os.environ.get("NEWSROOM_TAGLINE", "Local news from Los Angeles")
NEWSROOM_STORIES_PER_PAGE = 20
# The newsroom's own domain: the authority in feed item ids (tag: URIs), which must not
# change when the site is reached under another host name.
NEWSROOM_DOMAIN = os.environ.get(
    "NEWSROOM_DOMAIN", next((h.lstrip(".") for h in ALLOWED_HOSTS if h != "*"), "localhost")
)
NEWSROOM_LANGUAGE = os.environ.get("NEWSROOM_LANGUAGE", "en")
# Pages readers and search engines look for: how we report, and how we correct mistakes.
# Our own flat pages by default; an absolute URL if they live elsewhere.
NEWSROOM_PUBLISHING_PRINCIPLES_URL = os.environ.get(
    "NEWSROOM_PUBLISHING_PRINCIPLES_URL", "/about/standards/"
)
NEWSROOM_CORRECTIONS_POLICY_URL = os.environ.get(
    "NEWSROOM_CORRECTIONS_POLICY_URL", "/about/corrections-policy/"
)

# Security headers: always on; cookies and HTTPS redirects follow DJANGO_DEBUG
# unless the operator says otherwise (a TLS-terminating proxy sets the header below).
# docs/security.md lists the production environment that `check --deploy` passes with.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# For deployments that terminate TLS themselves, or behind a proxy that says which
# scheme the reader used (DJANGO_BEHIND_TLS_PROXY). Load balancers probe /healthz over
# plain HTTP: a redirect there would read as "down".
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
try:
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS") or "0")
except ValueError:
    raise ImproperlyConfigured(
        "DJANGO_HSTS_SECONDS must be a whole number of seconds, e.g. 31536000 for a year."
    ) from None
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)

# Content-Security-Policy (django-csp; docs/security.md). Scripts only from our own static
# files or with the per-response nonce ({{ request.csp_nonce }}); JSON-LD blocks are data,
# not scripts, and need none. Style *attributes* stay allowed: the admin's widgets and a
# few of our templates set them, and they cannot run code; <style> elements and style
# sheets from elsewhere are refused.
_media_url = urlsplit(MEDIA_URL)
MEDIA_ORIGINS = [f"{_media_url.scheme}://{_media_url.netloc}"] if _media_url.netloc else []
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        # data: for the admin's inline SVG icons; media may live on object storage.
        "img-src": [SELF, "data:", *MEDIA_ORIGINS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # django-axes announces itself at every start (every manage.py command); its
        # warnings about failed and locked sign-ins still go through.
        "axes.apps": {"level": "WARNING"},
    },
}

"""Build a realistic newsroom archive of N stories and time every page that lists it.

    .venv/bin/python bench/archive.py                 # 100,000 stories, throwaway SQLite
    .venv/bin/python bench/archive.py 1000
    .venv/bin/python bench/archive.py --reuse         # measure the archive built last time
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/archive_100k \\
        .venv/bin/python bench/archive.py             # the database must exist and be empty

The archive is what a local newsroom has after ten years: N stories of about 400 words
(1% drafts, a few scheduled), 10 sections, 200 tags, 500 authors, 5,000 sources (5%
confidential), 400 races, quotes in ~47% of stories, 2,000 corrections, plus the seed
story. It is written with bulk inserts and the search index filled once at the end, so
100,000 stories take a few minutes.

Then every public page, feed and sitemap file in the issue's table, and the admin story
list, is fetched with the test client (DEBUG off, static files collected, no page cache):
one warm-up request, then the median of --repeat timed ones, with the number of queries
and the response size. Search is timed over 30 varied queries (p50 and p95). It measures;
it asserts nothing. Without DATABASE_URL the SQLite file lives in var/bench/archive-<N>/,
which --reuse measures again without rebuilding; --json writes the figures to a file;
--explain and --profile print the slowest queries' plans or cProfile's top entries instead.
"""

import argparse
import json
import os
import re
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote_plus

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive_build import COMMON, build  # noqa: E402 - beside this script, as run

SEARCHES = [
    "council", "budget", "housing", "police", "transit", "the", "school board",
    "city council budget", "wildfire", "drought water", "Garcia", "Maria Nguyen",
    "homeless program", "rent tenants", "airport", "harbor port", "earthquake",
    "the mayor of the city", "election campaign", "lawsuit judge", "zorvakel",
    "library museum hospital", "a", "bus rail freeway bridge traffic", "strike union",
    "Karen Bass", "Caruso", "storm flood", "downtown valley beach", "federal funding money",
]  # fmt: skip


def setup_django(args):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-" + "x" * 50)
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    # The cost of a cache miss is what is measured: no page cache.
    os.environ["NEWSROOM_PAGE_CACHE"] = "0"
    os.environ.setdefault("NEWSROOM_VAR_DIR", str(ROOT / "var" / "bench" / f"archive-{args.n}"))
    import django

    django.setup()


def pages():
    """(label, URL) for every page in the table, picking the busiest tag, author, source."""
    from django.db.models import Count, Max, Min
    from taggit.models import Tag

    from elections.models import Race
    from sources.models import Source
    from stories.models import Author, Section, Story

    published = Story.objects.published()
    tag = Tag.objects.annotate(n=Count("stories_taggedstory_items")).order_by("-n").first()
    author = Author.objects.annotate(n=Count("bylines")).order_by("-n").first()
    section = Section.objects.annotate(n=Count("stories")).order_by("-n").first()
    source = Source.objects.public().annotate(n=Count("quotes")).order_by("-n").first()
    story = published.latest().first()
    old_story = published.order_by("published_at", "id").first()
    race = Race.objects.published().annotate(n=Count("stories")).order_by("-n").first()
    total = Story.objects.count()
    # The stories sitemap pages by ranges of 1,000 ids (newsroom/sitemaps.py).
    ids = Story.objects.aggregate(low=Min("pk"), high=Max("pk"))
    last_sitemap_page = (ids["high"] - ids["low"]) // 1000 + 1
    last_admin_page = max(1, -(-total // 100))
    # A word of the long tail, as an editor recalls one odd word of an old story.
    rare = next(w for w in re.findall(r"[a-z]{7,}", old_story.body) if w not in COMMON)
    admin, sid = "/admin/stories/story/", section.pk
    return [
        ("front page", "/"),
        ("front page, page 2", "/?page=2"),
        ("section page", section.get_absolute_url()),
        ("tag page", f"/tags/{tag.slug}/"),
        ("author page", author.get_absolute_url()),
        ("story page (newest)", story.get_absolute_url()),
        ("story page (oldest)", old_story.get_absolute_url()),
        ("/sources/", "/sources/"),
        ("/sources/?letter=G", "/sources/?letter=G"),
        ("source profile", source.get_absolute_url()),
        ("/corrections/", "/corrections/"),
        ("/elections/", "/elections/"),
        ("race page", race.get_absolute_url()),
        ("feed: stories (RSS)", "/feeds/stories/rss/"),
        ("feed: tag (Atom)", f"/feeds/tags/{tag.slug}/atom/"),
        ("feed: corrections", "/feeds/corrections/rss/"),
        ("search, a common word", "/search/?q=council"),
        ("/sitemap.xml", "/sitemap.xml"),
        ("sitemap of stories", "/sitemap-stories.xml"),
        ("sitemap of stories, last page", f"/sitemap-stories.xml?p={last_sitemap_page}"),
        ("sitemap of sections", "/sitemap-sections.xml"),
        ("sitemap of tags", "/sitemap-tags.xml"),
        ("sitemap of authors", "/sitemap-authors.xml"),
        ("sitemap of sources", "/sitemap-sources.xml"),
        ("sitemap of races", "/sitemap-races.xml"),
        ("news sitemap", "/sitemap-news.xml"),
        ("admin story list", "/admin/stories/story/"),
        ("admin story list, search ?q=", "/admin/stories/story/?q=council"),
        ("admin search, rare word", f"{admin}?q={rare}"),
        ("admin search, author name", f"{admin}?q={quote_plus(author.name)}"),
        ("admin search, last page", f"{admin}?q=council&p=20"),
        ("admin story list, filter", f"{admin}?status__exact=published&section__id__exact={sid}"),
        ("admin story list, last page", f"/admin/stories/story/?p={last_admin_page}"),
    ]  # fmt: skip


def timed(client, url, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:  # an untimed request counts queries
        response = client.get(url)
    count = len(queries)  # now: the log is cleared when the next request starts
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return {
        "ms": statistics.median(times),
        "queries": count,
        "status": response.status_code,
        "bytes": len(response.content),
    }


def measure(args):
    from django.core.management import call_command
    from django.db import connection

    from stories.models import Story

    results = {"vendor": connection.vendor, "stories": Story.objects.count(), "pages": {}}
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    results["no-op migrate s"] = round(time.perf_counter() - started, 2)
    print(
        f"{connection.vendor}, {results['stories']:,} stories; "
        f"no-op migrate {results['no-op migrate s']} s"
    )
    with uncached_clients() as (reader, editor):
        print(f"| page | ms (median of {args.repeat}) | queries | KB |")
        print("|---|---:|---:|---:|")
        for label, url in pages():
            if args.only and not any(word in label for word in args.only):
                continue
            client = editor if url.startswith("/admin/") else reader
            row = timed(client, url, args.repeat)
            results["pages"][label] = {"url": url, **row}
            flag = "" if row["status"] == 200 else f" (HTTP {row['status']})"
            print(
                f"| {label} | {row['ms']:,.0f}{flag} | {row['queries']} | {row['bytes'] // 1024} |"
            )
        if not args.only or "search" in args.only:
            for query in SEARCHES:  # warm-up
                reader.get("/search/", {"q": query})
            samples = []
            for query in SEARCHES:
                times = []
                for _ in range(3):
                    t0 = time.perf_counter()
                    reader.get("/search/", {"q": query})
                    times.append((time.perf_counter() - t0) * 1000)
                samples.append(statistics.median(times))
            samples.sort()
            p50 = statistics.median(samples)
            p95 = samples[min(len(samples) - 1, round(0.95 * len(samples)) - 1)]
            results["search"] = {"p50": p50, "p95": p95, "max": samples[-1]}
            print(f"search over {len(SEARCHES)} queries: p50 {p50:.0f} ms, p95 {p95:.0f} ms, "
                  f"max {samples[-1]:.0f} ms")  # fmt: skip
    return results


def explain(args):
    """The slowest queries of the pages named by --explain, with the database's plan."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    analyze = "EXPLAIN ANALYZE " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    with uncached_clients() as (reader, editor):
        for label, url in pages():
            if not any(word in label for word in args.explain):
                continue
            client = editor if url.startswith("/admin/") else reader
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:2]
            for query in slowest:
                print(f"\n## {label} ({url}): {float(query['time']) * 1000:.0f} ms\n")
                print(query["sql"][:600] + (" …" if len(query["sql"]) > 600 else ""))
                if query["sql"].startswith("SELECT"):
                    with connection.cursor() as cursor:
                        cursor.execute(analyze + query["sql"])
                        for row in cursor.fetchall():
                            print("   ", " ".join(str(col) for col in row))


def profile(args):
    """cProfile over --repeat requests of each page named by --profile: where its time goes."""
    import cProfile
    import pstats

    with uncached_clients() as (reader, editor):
        for label, url in pages():
            if not any(word in label for word in args.profile):
                continue
            client = editor if url.startswith("/admin/") else reader
            client.get(url)  # warm-up: templates compiled, content types cached
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.repeat):
                client.get(url)
            profiler.disable()
            print(f"\n## {label} ({url}): {args.repeat} requests, profiled\n")
            pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(40)


@contextmanager
def uncached_clients():
    """A reader's and a logged-in editor's test clients, every cache a dummy: pages are
    measured as a cache miss costs (no page cache, no fragments)."""
    from django.conf import settings
    from django.test import Client
    from django.test.utils import override_settings

    reader, editor = Client(), Client()
    editor.force_login(_superuser())
    dummy = {
        alias: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
        for alias in settings.CACHES
    }
    with override_settings(CACHES=dummy):
        yield reader, editor


def _superuser():
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(
        username="bench", defaults={"is_staff": True, "is_superuser": True}
    )
    return user


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=100_000, help="stories (default 100,000)")
    parser.add_argument("--reuse", action="store_true", help="measure an archive built before")
    parser.add_argument("--repeat", type=int, default=5, help="timed requests per page")
    parser.add_argument("--only", nargs="*", help="measure only pages whose label has a word")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument(
        "--compare",
        help="a --json file of a smaller archive: print each page's time as a multiple of it "
        "(the issue's 'at most 2x its own time at 1k')",
    )
    parser.add_argument(
        "--explain", nargs="+", help="print the slowest queries' plans of these pages instead"
    )
    parser.add_argument(
        "--profile", nargs="+", help="print cProfile's top entries for these pages instead"
    )
    args = parser.parse_args()
    setup_django(args)

    from django.conf import settings
    from django.core.management import call_command

    from stories.models import Story

    if not args.reuse:
        call_command("migrate", verbosity=0)
        if Story.objects.exists():
            raise SystemExit(
                "The database already holds stories: measure it with --reuse, "
                "or point DATABASE_URL (or NEWSROOM_VAR_DIR) at an empty one."
            )
        print(f"Building an archive of {args.n:,} stories")
        build(args.n)
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    if args.explain:
        explain(args)
        return
    if args.profile:
        profile(args)
        return
    results = measure(args)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    if args.compare:
        compare(results, json.loads(Path(args.compare).read_text(encoding="utf-8")))


def compare(results, smaller):
    """Each page's time here as a multiple of its time in a smaller archive's figures.

    A page that shows more at this size (the busiest source's quotes, the last two days of
    the news sitemap, an author search's matches) is flagged by its size: a larger
    multiple there is more content, not a slower query.
    """
    print(f"\n| page | ms | ms in {smaller['stories']:,} | × | KB × |")
    print("|---|---:|---:|---:|---:|")
    rows = [
        (label, row, smaller["pages"][label])
        for label, row in results["pages"].items()
        if label in smaller["pages"]
    ]
    if "search" in results and "search" in smaller:
        rows.append(
            ("search p50", {"ms": results["search"]["p50"]}, {"ms": smaller["search"]["p50"]})
        )
    for label, row, before in rows:
        if before.get("status", 200) != 200:
            print(f"| {label} | {row['ms']:,.0f} | HTTP {before['status']} there | – | – |")
            continue
        ratio = row["ms"] / before["ms"] if before["ms"] else 0
        size = row.get("bytes", 0) / before["bytes"] if before.get("bytes") else None
        flag = " **over 2×**" if ratio > 2 and not (size and size > 1.5) else ""
        print(
            f"| {label} | {row['ms']:,.0f} | {before['ms']:,.0f} | {ratio:.2f}{flag} | "
            f"{'–' if size is None else f'{size:.1f}'} |"
        )


if __name__ == "__main__":
    main()

"""Benchmark import_story: generate N realistic stories, import them, print rate and memory.

    .venv/bin/python bench/import_stories.py 2000                   # text files, SQLite
    .venv/bin/python bench/import_stories.py 20000 --format jsonl   # one JSON Lines file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/import_bench \\
        .venv/bin/python bench/import_stories.py 2000               # an empty database

Each story is the seed's size (about 2,500 characters, 400 words) with three quotes by
people among 60 sources; text files get two --tag tags (the format has no tags), ninjs
items a byline of one or two of 80 authors, a section and three tags of 200. Without
DATABASE_URL it runs against a throwaway SQLite database in a temporary directory.

Prints stories per second, the peak resident memory before and after (flat as N grows:
inputs are streamed and written in batches), and on PostgreSQL the row UPDATEs on
stories_story per created story (pg_stat_user_tables): a story written once costs 0.
"""

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PLACES = ["LOS ANGELES (KABC)", "PASADENA (KABC)", "LONG BEACH", "SANTA MONICA (AP)"]
WORDS = [
    "city",
    "council",
    "budget",
    "vote",
    "housing",
    "transit",
    "fire",
    "school",
    "park",
    "water",
    "police",
    "county",
    "mayor",
    "residents",
    "district",
    "officials",
    "board",
    "plan",
    "million",
    "tenants",
    "rent",
    "street",
    "safety",
    "funding",
    "project",
    "report",
    "meeting",
    "election",
    "campaign",
    "workers",
    "families",
    "students",
    "health",
    "court",
]
FIRST = ["Ana", "Rick", "Karen", "Luis", "Mei", "Tom", "Grace", "Omar", "Nia", "Paul"]
LAST = ["Ortiz", "Caruso", "Bass", "Nguyen", "Garcia", "Kim", "Patel", "Reyes", "Shaw", "Lee"]


def paragraph(rng, k=60):
    return " ".join(rng.choices(WORDS, k=k)).capitalize() + "."


def story_parts(rng, n, speakers):
    """(headline, dek, paragraphs) of about the seed's size, with three quotes."""
    quotes = [f'"{paragraph(rng, 18)[:-1]}," said {rng.choice(speakers)}.' for _ in range(3)]
    paragraphs = [f"{rng.choice(PLACES)} -- {paragraph(rng, 50)}"]
    for quote in quotes:
        paragraphs += [quote, paragraph(rng, 45)]
    headline = f"Story {n}: {' '.join(rng.choices(WORDS, k=8))}"
    return headline, paragraph(rng, 30), paragraphs


def write_text(folder: Path, count: int, speakers: list[str]) -> None:
    rng = random.Random(6)
    for n in range(count):
        headline, dek, paragraphs = story_parts(rng, n, speakers)
        path = folder / f"{n // 1000:03}" / f"{n:06}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text("\n\n".join([headline, dek, *paragraphs]) + "\n", encoding="utf-8")


def write_jsonl(path: Path, count: int, speakers: list[str]) -> None:
    rng = random.Random(6)
    authors = [f"{f} {last}son" for f in FIRST for last in LAST[:8]]
    tags = [f"{a} {b}" for a in WORDS[:20] for b in WORDS[20:30]]
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            headline, dek, paragraphs = story_parts(rng, n, speakers)
            item = {
                "uri": f"urn:bench:{n}",
                "type": "text",
                "version": "1",
                "headline": headline,
                "description_text": dek,
                "body_html": "".join(f"<p>{p}</p>" for p in paragraphs[1:]),
                "located": "LOS ANGELES",
                "byline": " and ".join(rng.sample(authors, rng.choice([1, 2]))),
                "infosources": [{"name": "KABC"}],
                "firstcreated": f"2024-{1 + n % 12:02}-{1 + n % 28:02}T08:00:00Z",
                "subject": [
                    {"name": "Politics", "scheme": "newsroom:section"},
                    *({"name": name} for name in rng.sample(tags, 3)),
                ],
            }
            out.write(json.dumps(item) + "\n")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def story_row_changes() -> tuple[int, int]:
    """(inserts, updates) PostgreSQL has counted on stories_story, flushed first."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_force_next_flush()")
    time.sleep(1.5)  # statistics reach the shared counters when the session goes idle
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n_tup_ins, n_tup_upd FROM pg_stat_user_tables WHERE relname = 'stories_story'"
        )
        return cursor.fetchone()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=1000, help="stories (default 1000)")
    parser.add_argument("--format", choices=["text", "jsonl"], default="text")
    parser.add_argument("--batch-size", type=int, default=None, help="default: the command's")
    parser.add_argument(
        "--repeat-unchanged", action="store_true", help="import again and time the no-op run"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
        os.environ["NEWSROOM_VAR_DIR"] = str(Path(tmp) / "var")
        # Measure as production runs: debug off (no SQL log kept in memory).
        os.environ["DJANGO_DEBUG"] = "0"
        os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-" + "x" * 50)
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.utils.text import slugify

        from sources.models import Source
        from stories.importers import import_stories
        from stories.models import Story

        call_command("migrate", verbosity=0)
        speakers = [f"{f} {last}" for f in FIRST for last in LAST[:6]]
        for name in speakers:
            Source.objects.get_or_create(slug=slugify(name), defaults={"name": name})

        if args.format == "text":
            inputs = Path(tmp) / "articles"
            inputs.mkdir()
            write_text(inputs, args.n, speakers)
            tags = ["Bench", "Archive"]
        else:
            inputs = Path(tmp) / "wire.jsonl"
            write_jsonl(inputs, args.n, speakers)
            tags = []
        postgres = connection.vendor == "postgresql"
        before = Story.objects.count()
        rows_before = story_row_changes() if postgres else None
        rss_before = peak_rss_mb()

        options = {"batch_size": args.batch_size} if args.batch_size else {}
        start = time.perf_counter()
        if os.environ.get("BENCH_PROFILE"):  # where the time goes: BENCH_PROFILE=1
            import cProfile
            import pstats

            with cProfile.Profile() as profile:
                report = import_stories(paths=[str(inputs)], tags=tags, **options)
            pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
        else:
            report = import_stories(paths=[str(inputs)], tags=tags, **options)
        elapsed = time.perf_counter() - start

        created = Story.objects.count() - before
        updates = ""
        if postgres:
            rows_after = story_row_changes()
            per_story = (rows_after[1] - rows_before[1]) / max(created, 1)
            updates = f"; {per_story:.2f} UPDATEs per created story"
        print(
            f"{connection.vendor} {args.format} N={args.n}: {len(report.created)} created in "
            f"{elapsed:.2f} s = {created / elapsed:,.0f} stories/s; peak RSS "
            f"{rss_before:.0f} MB before, {peak_rss_mb():.0f} MB after{updates} "
            f"({len(report.unmatched_speakers)} unmatched speakers)"
        )
        if args.repeat_unchanged:
            start = time.perf_counter()
            report = import_stories(paths=[str(inputs)], tags=tags, **options)
            elapsed = time.perf_counter() - start
            print(
                f"re-import: {len(report.unchanged)} unchanged in {elapsed:.2f} s = "
                f"{len(report.unchanged) / elapsed:,.0f} stories/s"
            )


if __name__ == "__main__":
    main()

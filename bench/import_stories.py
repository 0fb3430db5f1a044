"""Benchmark import_story: generate N plain-text articles, import them, print the rate.

    .venv/bin/python bench/import_stories.py 1000
    .venv/bin/python bench/import_stories.py 10000 --repeat-unchanged

Runs against a throwaway SQLite database in a temporary directory (set DATABASE_URL to
measure PostgreSQL instead; the database's tables are created by migrate and the stories
it imports are left there). Prints stories per second and the process's peak resident
memory before and after the import: with the files streamed and written in batches, the
growth stays flat as N grows.
"""

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SPEAKERS = ["Caruso", "Rick Caruso", "Mayor Karen Bass", "Councilmember Ana Ortiz"]
PLACES = ["LOS ANGELES (KABC)", "PASADENA (KABC)", "LONG BEACH", "SANTA MONICA (AP)"]


def write_articles(folder: Path, count: int) -> None:
    words = [
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
    ]
    rng = random.Random(6)
    for n in range(count):
        body = [
            f"{rng.choice(PLACES)} -- The {' '.join(rng.choices(words, k=30))}.",
            f'"{" ".join(rng.choices(words, k=20)).capitalize()}," said {rng.choice(SPEAKERS)}.',
            *(" ".join(rng.choices(words, k=60)).capitalize() + "." for _ in range(4)),
        ]
        text = "\n\n".join([f"Story {n}: {' '.join(rng.choices(words, k=8))}", "A dek.", *body])
        (folder / f"{n // 1000:03}" / f"{n:06}.txt").write_text(text + "\n", encoding="utf-8")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=1000, help="articles (default 1000)")
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

        from sources.models import Source
        from stories.importers import import_stories
        from stories.models import Story

        call_command("migrate", verbosity=0)
        Source.objects.get_or_create(slug="rick-caruso", defaults={"name": "Rick Caruso"})
        Source.objects.get_or_create(slug="karen-bass", defaults={"name": "Karen Bass"})

        folder = Path(tmp) / "articles"
        for group in range(args.n // 1000 + 1):
            (folder / f"{group:03}").mkdir(parents=True)
        write_articles(folder, args.n)
        before = Story.objects.count()
        rss_before = peak_rss_mb()

        start = time.perf_counter()
        report = import_stories(paths=[str(folder)], tags=["Bench"])
        elapsed = time.perf_counter() - start

        created = Story.objects.count() - before
        print(
            f"N={args.n}: {len(report.created)} created in {elapsed:.2f} s = "
            f"{created / elapsed:,.0f} stories/s; peak RSS {rss_before:.0f} MB before, "
            f"{peak_rss_mb():.0f} MB after ({len(report.unmatched_speakers)} unmatched speakers)"
        )
        if args.repeat_unchanged:
            start = time.perf_counter()
            report = import_stories(paths=[str(folder)], tags=["Bench"])
            elapsed = time.perf_counter() - start
            print(
                f"re-import: {len(report.unchanged)} unchanged in {elapsed:.2f} s = "
                f"{len(report.unchanged) / elapsed:,.0f} stories/s"
            )


if __name__ == "__main__":
    main()

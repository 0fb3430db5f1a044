"""Measure /search/ over 5,000 stories on the configured database (SQLite or DATABASE_URL).

    PYTHONPATH=. .venv/bin/python bench/search.py

Builds a throwaway test database, bulk-creates the stories (the triggers index them),
then times a few queries through the full view. It measures; it asserts nothing.
"""

import os
import random
import time
from datetime import timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.runner import DiscoverRunner  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

STORIES = 5000
WORDS = [
    "council", "budget", "transit", "housing", "police", "school", "fire", "water",
    "park", "library", "harbor", "airport", "zoning", "permit", "tenant", "rent",
]  # fmt: skip


def main():
    runner = DiscoverRunner(verbosity=0)
    setup_test_environment()
    databases = runner.setup_databases()
    try:
        from django.core.management import call_command

        from stories.models import Section, Story

        call_command("loaddata", "la_mayor_2022", verbosity=0)
        section = Section.objects.get(slug="politics")
        now = timezone.now()
        started = time.perf_counter()
        Story.objects.bulk_create(
            [
                Story(
                    headline=" ".join(random.choices(WORDS, k=6)) + f" {n}",
                    slug=f"bench-{n}",
                    dek=" ".join(random.choices(WORDS, k=20)),
                    body="<p>" + " ".join(random.choices(WORDS, k=400)) + "</p>",
                    section=section,
                    status=Story.Status.PUBLISHED,
                    published_at=now - timedelta(minutes=n),
                )
                for n in range(STORIES)
            ],
            batch_size=500,
        )
        elapsed = time.perf_counter() - started
        print(f"{connection.vendor}: bulk_create {STORIES} stories, indexed: {elapsed:.2f} s")
        client = Client()
        for query in ["Caruso", "homelessness", "transit housing", "x" * 10_000]:
            started = time.perf_counter()
            response = client.get("/search/", {"q": query})
            elapsed = (time.perf_counter() - started) * 1000
            hits = response.context["page_obj"].paginator.count if query.strip("x") else 0
            print(f"  q={query[:20]!r}: HTTP {response.status_code}, {elapsed:.0f} ms, {hits} hits")
    finally:
        runner.teardown_databases(databases)


if __name__ == "__main__":
    main()

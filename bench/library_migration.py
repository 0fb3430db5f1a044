"""Time the data migrations that move lead images and photos into the media library
(stories 0013-0016, sources 0005-0007) on an archive of N stories.

    .venv/bin/python bench/library_migration.py            # 100,000 stories, throwaway SQLite
    .venv/bin/python bench/library_migration.py 10000

A fresh SQLite database under var/bench/library-migration-<N>/ is migrated to just before
the library migrations; N stories (two in three with a lead image), N/200 authors and
N/20 sources with photos, and one stored revision per story are bulk-inserted; then
`migrate` runs as an operator runs it (the search triggers dropped and restored around
it) and is timed. It measures; it asserts nothing.
"""

import json
import os
import shutil
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BEFORE = [("stories", "0012_body_images"), ("sources", "0004_random_photo_names")]
STATE = [*BEFORE, ("reversion", "0002_add_index_on_version_for_content_type_and_db")]
BATCH = 2000


def main(n: int) -> None:
    var = ROOT / "var" / "bench" / f"library-migration-{n}"
    shutil.rmtree(var, ignore_errors=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-" + "x" * 50)
    os.environ["NEWSROOM_VAR_DIR"] = str(var)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    call_command("migrate", verbosity=0)
    for app, name in BEFORE:
        call_command("migrate", app, name, verbosity=0)
    apps = MigrationExecutor(connection).loader.project_state(STATE).apps
    started = time.perf_counter()
    fill(apps, n)
    print(f"filled {n} stories in {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    seconds = time.perf_counter() - started
    from media.models import Image

    print(
        json.dumps(
            {"stories": n, "images_created": Image.objects.count(), "migrate_seconds": seconds}
        )
    )


def fill(apps, n: int) -> None:
    from django.db import transaction

    Story = apps.get_model("stories", "Story")
    Author = apps.get_model("stories", "Author")
    Source = apps.get_model("sources", "Source")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("reversion", "Revision")
    Version = apps.get_model("reversion", "Version")
    now = datetime(2026, 1, 1, tzinfo=UTC)
    content_type, _ = ContentType.objects.get_or_create(app_label="stories", model="story")
    with transaction.atomic():
        Author.objects.bulk_create(
            Author(name=f"Author {i}", slug=f"author-{i}", photo=f"authors/2020/a{i}.jpg",
                   photo_width=400, photo_height=400)
            for i in range(n // 200)
        )  # fmt: skip
        Source.objects.bulk_create(
            Source(name=f"Source {i}", slug=f"source-{i}", photo=f"sources/2020/s{i}.jpg",
                   photo_width=600, photo_height=800, photo_credit="Campaign")
            for i in range(n // 20)
        )  # fmt: skip
        for start in range(0, n, BATCH):
            stories = Story.objects.bulk_create(
                Story(
                    headline=f"Story {i} about the council budget",
                    slug=f"story-{i}",
                    body=f"<p>Story {i}: the council met on Tuesday.</p>",
                    status="published",
                    published_at=now,
                    **(
                        {
                            "lead_image": f"stories/2020/01/s{i}.jpg",
                            "lead_image_width": 1600,
                            "lead_image_height": 900,
                            "lead_image_alt": f"Council chamber {i}",
                            "lead_image_credit": "KABC",
                        }
                        if i % 3
                        else {}
                    ),
                )
                for i in range(start, min(n, start + BATCH))
            )
            revision = Revision.objects.create(date_created=now, comment="bench")
            Version.objects.bulk_create(
                Version(
                    revision=revision,
                    object_id=str(story.pk),
                    content_type=content_type,
                    db="default",
                    format="json",
                    object_repr=story.headline,
                    serialized_data=json.dumps([revision_of(story)]),
                )
                for story in stories
            )


def revision_of(story) -> dict:
    fields = {
        "headline": story.headline,
        "slug": story.slug,
        "lead_image": story.lead_image.name,
        "lead_image_width": story.lead_image_width,
        "lead_image_height": story.lead_image_height,
        "lead_image_alt": story.lead_image_alt,
    }
    return {"model": "stories.story", "pk": story.pk, "fields": fields}


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)

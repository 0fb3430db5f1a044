"""Shared helpers for the import/export tests: run commands, read the seed fixture."""

import json
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

FIXTURE = Path(settings.BASE_DIR) / "newsroom" / "fixtures" / "la_mayor_2022.json"
SEED_TEXT = Path(settings.BASE_DIR) / "tests" / "data" / "la_mayor_2022.txt"


def fixture_objects(model: str) -> list[dict]:
    """The fixture's objects of one model, read at test time (never copied into tests)."""
    return [o for o in json.loads(FIXTURE.read_text(encoding="utf-8")) if o["model"] == model]


def run(*args, **options) -> tuple[str, str]:
    """Run import_story (or another command) and return (stdout, stderr)."""
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()

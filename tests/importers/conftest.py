import json

import pytest
from django.core.management import call_command

from .helpers import fixture_objects


@pytest.fixture
def fixture_sources(db, tmp_path):
    """Only the seed fixture's six sources: an otherwise empty newsroom."""
    path = tmp_path / "sources.json"
    path.write_text(json.dumps(fixture_objects("sources.source")), encoding="utf-8")
    # loaddata, not hand-made rows, so PostgreSQL's id sequences move past the fixture's pks.
    call_command("loaddata", str(path), verbosity=0)

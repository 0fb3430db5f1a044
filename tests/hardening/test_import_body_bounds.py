"""An imported story whose body is over the HTML bounds is refused in one line, by name."""

import json

import pytest
from django.core.management.base import CommandError

from stories.models import Story
from tests.importers.helpers import run

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "body", ["<div>" * 5_000, "<p>" + "x" * 200_000 + "</p>"], ids=["deep", "long"]
)
def test_an_imported_body_over_the_bounds_is_refused_with_the_input_named(tmp_path, body):
    item = {"uri": "urn:x:1", "headline": "Too much", "body_html": body, "pubstatus": "usable"}
    path = tmp_path / "wire.json"
    path.write_text(json.dumps(item), encoding="utf-8")
    with pytest.raises(CommandError) as error:
        run("import_story", str(path))
    assert "wire.json" in str(error.value)
    assert "HTML" in str(error.value)
    assert not Story.objects.exists()

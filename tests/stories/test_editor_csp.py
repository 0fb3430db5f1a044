"""The rich-text editor starts under the site's Content-Security-Policy."""

import re

import pytest
from django.urls import reverse

from tests.factories import StoryFactory

pytestmark = pytest.mark.django_db


def test_the_editor_import_map_carries_the_responses_csp_nonce(editor_client):
    """Without the nonce the browser refuses the inline import map and the editor never loads."""
    story = StoryFactory()
    response = editor_client.get(reverse("admin:stories_story_change", args=[story.pk]))
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    importmap = re.search(r"<script[^>]*type=\"importmap\"[^>]*>", response.content.decode())
    assert importmap is not None
    assert f'nonce="{nonce}"' in importmap.group(0)

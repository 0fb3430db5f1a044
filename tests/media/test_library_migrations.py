"""The data migrations that move every lead image and photo into the library (stories
0013-0016, sources 0005-0007), run forward on real rows with Django's MigrationExecutor:
the files stay where they are, their words move with them, old revisions still revert,
and search still finds the stories afterwards."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from media.renditions import renditions_for
from tests.factories import stored_image

BEFORE = [
    ("stories", "0012_body_images"),
    ("sources", "0004_random_photo_names"),
    ("media", "0001_initial"),
    ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
]
AFTER = [
    ("stories", "0016_image_library_permissions"),
    ("sources", "0007_remove_own_photo_columns"),
]
LEAD = "stories/2024/05/Xq3kZk8f.jpg"


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def old_rows(apps):
    """Rows as the site had them before the library: own file columns, words beside them."""
    Story = apps.get_model("stories", "Story")
    Author = apps.get_model("stories", "Author")
    Source = apps.get_model("sources", "Source")
    story = Story.objects.create(
        headline="Bass wins the run-off",
        slug="bass-wins",
        body="<p>Karen Bass won by nine points.</p>",
        status="published",
        published_at=timezone.now() - timedelta(days=1),
        lead_image=LEAD,
        lead_image_width=1600,
        lead_image_height=900,
        lead_image_alt="Karen Bass at her election night party",
        lead_image_caption="Bass thanks her volunteers",
        lead_image_credit="Jane Doe / KABC",
    )
    Story.objects.create(headline="No picture", slug="no-picture", body="<p>Text.</p>")
    # A photo stored before sizes were kept: adopted without them, as it was.
    author = Author.objects.create(name="Ana Ruiz", slug="ana-ruiz")
    Author.objects.filter(pk=author.pk).update(photo=stored_image("authors/2021/old.jpg"))
    Source.objects.create(
        name="Rick Caruso",
        slug="rick-caruso",
        photo="sources/2022/Pq9.png",
        photo_width=900,
        photo_height=1200,
        photo_credit="Caruso campaign",
    )
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("reversion", "Revision")
    Version = apps.get_model("reversion", "Version")
    content_type, _ = ContentType.objects.get_or_create(app_label="stories", model="story")
    revision = Revision.objects.create(date_created=timezone.now(), comment="Earlier image")
    fields = {
        "headline": "Bass leads the count",
        "slug": "bass-wins",
        "body": "<p>Bass leads.</p>",
        "status": "draft",
        "kind": "news",
        "version": 1,
        "created_at": "2024-05-01T10:00:00Z",
        "updated_at": "2024-05-01T10:00:00Z",
        # A file only this revision still shows, with its own words.
        "lead_image": "stories/2024/04/earlier.jpg",
        "lead_image_width": 800,
        "lead_image_height": 600,
        "lead_image_alt": "Bass at a rally",
        "lead_image_caption": "",
        "lead_image_credit": "KABC",
    }
    Version.objects.create(
        revision=revision,
        object_id=str(story.pk),
        content_type=content_type,
        db="default",
        format="json",
        serialized_data=json.dumps([{"model": "stories.story", "pk": story.pk, "fields": fields}]),
        object_repr="Bass leads the count",
    )
    return story.pk


@pytest.mark.django_db(transaction=True)
def test_every_image_moves_into_the_library_and_every_address_keeps_working(client):
    from media.models import Image
    from newsroom.search import search_stories
    from newsroom.search_index import repair_sqlite_index
    from sources.models import Source
    from stories.models import Author, Story

    try:
        story_pk = old_rows(migrate(BEFORE))
        migrate(AFTER)
        # On to the latest migrations, so today's models (later columns included) can read
        # the rows the library's migrations left.
        call_command("migrate", verbosity=0)
        repair_sqlite_index(connection)  # what migrate's post_migrate does

        story = Story.objects.select_related("lead_image").get(pk=story_pk)
        lead = story.lead_image
        assert lead.file.name == LEAD  # the file stays where it was
        assert (lead.width, lead.height) == (1600, 900)
        assert lead.alt_text == "Karen Bass at her election night party"
        assert (lead.caption, lead.credit) == ("Bass thanks her volunteers", "Jane Doe / KABC")
        assert Story.objects.get(slug="no-picture").lead_image is None
        photo = Author.objects.get(slug="ana-ruiz").photo
        assert photo.file.name == "authors/2021/old.jpg" and photo.alt_text == "Ana Ruiz"
        assert Image.objects.filter(pk=photo.pk, width=None).exists()
        caruso = Source.objects.get(slug="rick-caruso").photo
        assert (caruso.file.name, caruso.credit) == ("sources/2022/Pq9.png", "Caruso campaign")
        # Each use is listed on the image, and protects it.
        assert lead.usages() == [story]

        # The public page serves the same addresses as before the migration.
        page = client.get(story.get_absolute_url()).content.decode()
        for rendition in renditions_for(LEAD, 1600, 900):
            if rendition.width == 1200 and rendition.mime_type == "image/jpeg":
                assert f'src="/media/{rendition.name}"' in page
        assert 'alt="Karen Bass at her election night party"' in page
        assert "Jane Doe / KABC" in page
        # Search still finds the story: the rebuilt table's triggers are back.
        assert [s.pk for s in search_stories(["nine", "points"])] == [story.pk]
        Story.objects.filter(pk=story.pk).update(dek="Turnout records in Boyle Heights")
        assert [s.pk for s in search_stories(["boyle"])] == [story.pk]

        # An old revision names a library image now, and reverting to it works.
        from reversion.models import Version

        version = Version.objects.get(object_id=str(story.pk))
        assert "lead_image_alt" not in version.serialized_data
        version.revision.revert()
        story.refresh_from_db()
        assert story.headline == "Bass leads the count"
        assert story.lead_image.file.name == "stories/2024/04/earlier.jpg"
        assert (story.lead_image.alt_text, story.lead_image.credit) == ("Bass at a rally", "KABC")
        assert Image.objects.count() == 4
    finally:
        call_command("migrate", verbosity=0)

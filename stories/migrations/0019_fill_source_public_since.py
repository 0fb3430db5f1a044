from django.db import migrations


def fill(apps, schema_editor):
    # The same set-based UPDATE as `manage.py refresh_source_times`, on the historical
    # models: one statement, whatever the archive's size.
    from django.db.models import Exists, OuterRef, Subquery
    from django.db.models.functions import Coalesce, Greatest

    Source = apps.get_model("sources", "Source")
    Story = apps.get_model("stories", "Story")
    Quote = apps.get_model("stories", "Quote")
    Mentioned = Story.mentioned_sources.through
    first_live = (
        Story.objects.filter(status__in=["published", "archived"])
        .filter(
            Exists(Quote.objects.filter(story=OuterRef("pk"), source=OuterRef(OuterRef("pk"))))
            | Exists(
                Mentioned.objects.filter(story=OuterRef("pk"), source=OuterRef(OuterRef("pk")))
            )
        )
        .annotate(live_from=Greatest("published_at", Coalesce("embargo_until", "published_at")))
        .order_by("live_from")
        .values("live_from")[:1]
    )
    Source.objects.update(public_since=Subquery(first_live))


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0008_source_public_since"),
        ("stories", "0012_body_images"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]

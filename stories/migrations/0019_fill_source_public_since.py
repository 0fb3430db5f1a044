from django.db import migrations


def fill(apps, schema_editor):
    # The same set-based UPDATE as `manage.py refresh_source_times`, on the historical
    # models: one statement, starting from each source's quotes and mentions.
    from django.db.models import OuterRef, Subquery
    from django.db.models.functions import Coalesce, Greatest, Least

    Source = apps.get_model("sources", "Source")
    Story = apps.get_model("stories", "Story")
    Quote = apps.get_model("stories", "Quote")
    Mentioned = Story.mentioned_sources.through
    live_from = Greatest(
        "story__published_at", Coalesce("story__embargo_until", "story__published_at")
    )
    firsts = [
        Subquery(
            rows.objects.filter(source=OuterRef("pk"), story__status__in=["published", "archived"])
            .annotate(live_from=live_from)
            .order_by("live_from")
            .values("live_from")[:1]
        )
        for rows in (Quote, Mentioned)
    ]
    Source.objects.update(public_since=Least(Coalesce(*firsts), Coalesce(*reversed(firsts))))


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0008_source_public_since"),
        ("stories", "0018_share_links"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]

"""Give tags whose names slugified to nothing ("!!!") a slug pages can link to."""

from django.db import migrations

from stories.tags import usable_slug


def repair(apps, schema_editor):
    Tag = apps.get_model("taggit", "Tag")
    for tag in Tag.objects.all().only("pk", "name", "slug").iterator():
        slug = usable_slug(tag.name, tag.slug)
        if slug != tag.slug:
            Tag.objects.filter(pk=tag.pk).update(slug=slug)


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0002_editors_unlock_accounts"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]

"""Editors may see and clear failed sign-in records (django-axes): that unlocks an account."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

UNLOCK_PERMISSIONS = [
    ("axes", "view_accessattempt"),
    ("axes", "delete_accessattempt"),
    ("axes", "view_accessfailurelog"),
    ("axes", "view_accesslog"),
]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations (post_migrate): make axes' now.
    app_config = apps.get_app_config("axes")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    for app_label, codename in UNLOCK_PERMISSIONS:
        editors.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="Editors"):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="axes",
                codename__in=[codename for _app, codename in UNLOCK_PERMISSIONS],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0001_search_index"),
        ("axes", "0010_accessattemptexpiration"),
        ("stories", "0002_editorial_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

"""Editors arrange fronts and put them live; Reporters do not.

The admin checks these model permissions; publish_front is also checked by
newsroom.fronts.publish_front, so no other path can put an arrangement live.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = [
    *(
        f"{action}_{model}"
        for model in ("front", "frontslot", "frontrail", "frontrace")
        for action in ("add", "change", "delete", "view")
    ),
    "view_frontevent",
    "publish_front",
]


def grant_permissions(apps, schema_editor):
    # Permissions are normally created after all migrations run (post_migrate).
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="newsroom", codename__in=EDITOR_PERMISSIONS
        )
    )


def revoke_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Editors"):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="newsroom"))


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0004_front_arrangements"),
        ("stories", "0002_editorial_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_permissions, revoke_permissions)]

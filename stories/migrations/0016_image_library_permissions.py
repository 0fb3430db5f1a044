"""The library for the newsroom: reporters upload, choose and describe images; only
editors delete them (and an image in use cannot be deleted by anyone: PROTECT)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = ["view_image", "add_image", "change_image", "delete_image"]
REPORTER_PERMISSIONS = ["view_image", "add_image", "change_image"]


def permissions(apps, codenames):
    # Permissions are normally created after all migrations run (post_migrate).
    app_config = apps.get_app_config("media")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="media", codename__in=codenames)


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*permissions(apps, EDITOR_PERMISSIONS))
    reporters, _ = Group.objects.get_or_create(name="Reporters")
    reporters.permissions.add(*permissions(apps, REPORTER_PERMISSIONS))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=["Editors", "Reporters"]):
        group.permissions.remove(*permissions(apps, EDITOR_PERMISSIONS))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("media", "0001_initial"),
        ("stories", "0015_remove_own_image_columns"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

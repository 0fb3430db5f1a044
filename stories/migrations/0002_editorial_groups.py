"""Create the Reporters and Editors groups with their model permissions.

The publish rules themselves (who may publish, schedule, unpublish) are enforced
by the workflow; these are the model permissions the admin checks first.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REPORTER_PERMISSIONS = [
    ("stories", "add_story"),
    ("stories", "change_story"),
    ("stories", "view_story"),
    ("stories", "add_byline"),
    ("stories", "change_byline"),
    ("stories", "delete_byline"),
    ("stories", "view_byline"),
    ("stories", "view_section"),
    ("stories", "view_author"),
    ("taggit", "add_tag"),
    ("taggit", "view_tag"),
]
EDITOR_PERMISSIONS = [
    *REPORTER_PERMISSIONS,
    ("stories", "delete_story"),
    ("stories", "add_section"),
    ("stories", "change_section"),
    ("stories", "add_author"),
    ("stories", "change_author"),
    ("taggit", "change_tag"),
    ("taggit", "delete_tag"),
]


def ensure_permissions(apps):
    # Permissions are normally created after all migrations run (post_migrate);
    # create them now so the groups can be given them on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def grant(apps, group_name, codenames):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    for app_label, codename in codenames:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def create_groups(apps, schema_editor):
    ensure_permissions(apps)
    grant(apps, "Reporters", REPORTER_PERMISSIONS)
    grant(apps, "Editors", EDITOR_PERMISSIONS)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Reporters", "Editors"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]

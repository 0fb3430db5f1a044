"""Give Editors the workflow permissions; Reporters get none of them.

Only editors edit others' or published stories, publish, schedule, unpublish, archive,
restore revisions and correct; reporters may read corrections and the audit trail.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = [
    "edit_any_story",
    "publish_story",
    "unpublish_story",
    "restore_story_revision",
    "add_correction",
    "view_correction",
    "view_storyevent",
]
REPORTER_PERMISSIONS = ["view_correction", "view_storyevent"]


def permissions(apps, codenames):
    # Permissions are normally created after all migrations run (post_migrate).
    app_config = apps.get_app_config("stories")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="stories", codename__in=codenames)


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
    dependencies = [("stories", "0004_editorial_workflow")]

    operations = [migrations.RunPython(grant, revoke)]

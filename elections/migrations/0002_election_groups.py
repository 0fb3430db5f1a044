"""Give the Editors and Reporters groups their election permissions.

Editors run elections coverage: every election model, and calling races. Reporters
look everything up and log the endorsements they report.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = [
    "division",
    "office",
    "party",
    "election",
    "keydate",
    "race",
    "contest",
    "contesttally",
    "candidacy",
    "endorsement",
]
EDITOR_PERMISSIONS = [
    *(f"{action}_{model}" for model in MODELS for action in ("add", "change", "delete", "view")),
    "call_race",
]
REPORTER_PERMISSIONS = [
    *(f"view_{model}" for model in MODELS),
    "add_endorsement",
    "change_endorsement",
]


def ensure_permissions(apps):
    # Permissions are normally created after all migrations run (post_migrate).
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def grant(apps, group_name, codenames):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="elections", codename__in=codenames)
    )


def grant_permissions(apps, schema_editor):
    ensure_permissions(apps)
    grant(apps, "Editors", EDITOR_PERMISSIONS)
    grant(apps, "Reporters", REPORTER_PERMISSIONS)


def revoke_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    elections = Permission.objects.filter(content_type__app_label="elections")
    for group in Group.objects.filter(name__in=["Editors", "Reporters"]):
        group.permissions.remove(*elections)


class Migration(migrations.Migration):
    dependencies = [
        ("elections", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_permissions, revoke_permissions)]

"""Give the Reporters and Editors groups their source and quote permissions.

Reporters may keep the registry and the quotes up to date but never see contact
details or notes; Editors get everything, including `view_source_contact`.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REPORTER_PERMISSIONS = [
    ("sources", "view_source"),
    ("sources", "add_source"),
    ("sources", "change_source"),
    ("stories", "view_quote"),
    ("stories", "add_quote"),
    ("stories", "change_quote"),
    ("stories", "delete_quote"),
]
EDITOR_PERMISSIONS = [
    *REPORTER_PERMISSIONS,
    ("sources", "delete_source"),
    ("sources", "view_source_contact"),
]


def ensure_permissions(apps):
    # Permissions are normally created after all migrations run (post_migrate);
    # create them now so the groups can be given them on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def codename_lookup(apps, codenames):
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in codenames
    ]


def grant(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    for name, codenames in [("Reporters", REPORTER_PERMISSIONS), ("Editors", EDITOR_PERMISSIONS)]:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*codename_lookup(apps, codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, codenames in [("Reporters", REPORTER_PERMISSIONS), ("Editors", EDITOR_PERMISSIONS)]:
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(*codename_lookup(apps, codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0001_initial"),
        # The groups, and the Quote model whose permissions are granted here.
        ("stories", "0002_editorial_groups"),
        ("stories", "0003_quotes_and_mentioned_sources"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

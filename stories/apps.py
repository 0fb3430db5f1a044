from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    name = "stories"
    verbose_name = _("Stories")

    def ready(self):
        from . import admin_sources, revisions  # noqa: F401 - admin_sources registers on import

        revisions.register()

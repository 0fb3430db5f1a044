from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    name = "stories"
    verbose_name = _("Stories")

    def ready(self):
        from django.db.models.signals import post_save, pre_save
        from taggit.models import Tag

        from . import figures, revisions, tags
        from .models import Story

        revisions.register()
        # taggit's Tag is not ours to subclass without migrating every tag: its slug is
        # corrected on the way to the database instead (stories/tags.py).
        pre_save.connect(tags.ensure_usable_tag_slug, sender=Tag, dispatch_uid="tag_slugs")
        # Which library images a body shows, after every save (stories/figures.py).
        post_save.connect(figures.after_story_save, sender=Story, dispatch_uid="body_images")

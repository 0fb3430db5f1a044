from django.apps import AppConfig


class MediaConfig(AppConfig):
    """Images and their renditions: the bottom layer, which knows no other app of ours."""

    name = "media"
    verbose_name = "Media"

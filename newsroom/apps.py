from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    """The project package: site-wide views, fixtures and set-up commands."""

    name = "newsroom"
    verbose_name = "Newsroom"

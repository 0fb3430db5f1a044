"""Checks every hostile test makes: a clear answer, never a 500 or a traceback."""

from django.db import models


def assert_clear_answer(response) -> None:
    """A 2xx, 3xx or 4xx, and no Python internals in what is shown."""
    assert response.status_code < 500, response.status_code
    if response.get("Content-Type", "").startswith(("text/", "application/")) and not getattr(
        response, "streaming", False
    ):
        body = response.content.decode(errors="replace")
        for leak in ("Traceback (most recent call last)", "django.db.utils", "Exception Value"):
            assert leak not in body


def database_state(*model_classes: type[models.Model]) -> list:
    """Every row of the given models, to compare before and after a refused input."""
    return [list(model.objects.order_by("pk").values()) for model in model_classes]

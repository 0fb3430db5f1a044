from django.db import models

from .sanitize import clean_body


class SanitizedHTMLField(models.TextField):
    """A TextField whose value passes through stories.sanitize.clean_body on every save.

    `pre_save` is the model's save path: it covers `save()`, `bulk_create()` and every
    form. `update()` and `bulk_update()` skip it, so the project's own writers that use
    them (the importer's batch writer, publishing.restore_revision) call clean_body
    themselves; tests/stories/test_sanitize.py pins every one of those paths.
    Migrations name this class, so it stays importable from here.
    """

    def pre_save(self, model_instance, add):
        value = clean_body(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        return value

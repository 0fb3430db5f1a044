from django.db import models

from .sanitize import clean_body


class SanitizedHTMLField(models.TextField):
    """A TextField whose value is sanitized every time it is written to the database.

    Doing it in `pre_save` covers `save()`, `bulk_create()` and every form alike,
    so no write path can store unsanitized HTML.
    """

    def pre_save(self, model_instance, add):
        value = clean_body(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        return value

from django.db import models

from .sanitize import check_html_bounds, clean_html


class SanitizedHTMLField(models.TextField):
    """A TextField whose value is sanitized every time it is written to the database.

    Doing it in `pre_save` covers `save()`, `bulk_create()` and every form alike,
    so no write path can store unsanitized HTML. The size and nesting bounds are also a
    validator, so a form shows them as an error on the field before anything is saved.
    """

    default_validators = [check_html_bounds]

    def pre_save(self, model_instance, add):
        value = clean_html(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        return value

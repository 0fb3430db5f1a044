"""Refuse requests no page can answer: a NUL character in the address or a parameter.

PostgreSQL cannot store or compare text containing NUL, so a `?q=%00` reached the
database as an error (a 500) in the search, the admin's change-list search and anywhere
else a parameter is used in a query. No real link contains one: answer 400 here, once,
instead of in every view.
"""

from django.http import HttpResponseBadRequest


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return HttpResponseBadRequest(
                "The address contains a NUL character.", content_type="text/plain"
            )
        return self.get_response(request)

from django.urls import reverse
from django.utils.cache import patch_cache_control

PUBLIC_MAX_AGE = 60


class PublicCacheMiddleware:
    """Let a CDN keep anonymous readers' pages for a minute.

    Only successful GET/HEAD responses to anonymous readers, outside the admin, that set no
    cookie and have no Cache-Control of their own (health checks say never_cache). A minute
    is short enough that a correction or an unpublished story disappears quickly.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not response.has_header("Cache-Control")
            and not response.cookies
            and not request.path.startswith(reverse("admin:index"))
            and not request.user.is_authenticated
        ):
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        else:
            # Anything personal or private must never be stored by a shared cache.
            if request.user.is_authenticated and not response.has_header("Cache-Control"):
                patch_cache_control(response, private=True, no_store=True)
        return response

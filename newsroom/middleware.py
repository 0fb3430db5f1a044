from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import parse_http_date_safe

from .cache.headers import PUBLIC_STATUSES, make_public
from .cache.middleware import is_private_path


class PublicCacheMiddleware:
    """Mark anonymous readers' answers public for shared caches; editors' answers private.

    Public: GET/HEAD answers with a status shared caches may keep, outside the admin and
    previews, that set no cookie and have no Cache-Control of their own (health checks say
    never_cache), to readers who are not logged in. They get Cache-Control with s-maxage,
    a strong ETag, Last-Modified and surrogate keys (newsroom/cache/headers.py), and a
    matching If-None-Match or If-Modified-Since gets a 304. The page cache
    (newsroom/cache/middleware.py) stores exactly these answers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method in ("GET", "HEAD")
            and response.status_code in PUBLIC_STATUSES
            and not response.has_header("Cache-Control")
            and not response.cookies
            and not is_private_path(request.path)
            and not request.user.is_authenticated
        ):
            request.page_cache_until = make_public(request, response)
            return get_conditional_response(
                request,
                etag=response.get("ETag"),
                last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
                response=response,
            )
        # Anything personal or private must never be stored by a shared cache.
        if request.user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response

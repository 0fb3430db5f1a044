from django.db import connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache

from stories.views import StoryListView


class FrontPageView(StoryListView):
    """The latest published stories; the first on page one is the lead story."""

    template_name = "newsroom/front_page.html"


@never_cache
def health(request):
    """For load balancers: 200 when the process can reach its database."""
    connection.ensure_connection()
    return HttpResponse("ok", content_type="text/plain")

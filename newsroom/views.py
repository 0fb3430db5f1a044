from django.conf import settings
from django.contrib import admin
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import defaults
from django.views.decorators.http import require_GET
from django.views.generic import ListView

from stories.views import StoryListView

from . import outage, search


class FrontPageView(StoryListView):
    """The latest published stories; the first on page one is the lead story."""

    template_name = "newsroom/front_page.html"


@require_GET
def health(request):
    """For load balancers: JSON, 200 when the database and cache answer, 503 naming what is down."""
    return outage.health_response()


class SearchView(ListView):
    """/search/?q=: published stories and public sources; any query gives a normal page."""

    template_name = "newsroom/search.html"
    context_object_name = "stories"
    paginate_by = settings.NEWSROOM_STORIES_PER_PAGE
    sources_shown = 5

    def get_queryset(self):
        self.query = self.request.GET.get("q", "")[: search.MAX_QUERY_LENGTH]
        self.terms = search.search_terms(self.query)
        return search.search_stories(self.terms).with_card_relations()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for story in context["stories"]:
            story.snippet = search.highlight(story.raw_snippet)
        page = context["page_obj"]
        context.update(
            query=self.query.strip(),
            terms=self.terms,
            # People and organisations head the first page only.
            sources=list(search.search_sources(self.terms)[: self.sources_shown])
            if page.number == 1
            else [],
        )
        return context


@require_GET
def robots_txt(request):
    """Crawlers may read every public page; the admin and search results are not for them."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /preview/",
        f"Disallow: {reverse('search')}",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap_index'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap_news'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def permission_denied(request, exception):
    """A refused request in the admin gets the admin's look and says why; elsewhere, plain.

    The services raise PermissionDenied with a sentence for the editor ("Only editors can
    publish stories."): show it rather than Django's bare "403 Forbidden".
    """
    if not request.path.startswith(reverse("admin:index")) or not request.user.is_staff:
        return defaults.permission_denied(request, exception)
    reason = exception.args[0] if exception and exception.args else ""
    context = {
        **admin.site.each_context(request),
        "title": "You cannot do that",
        "reason": str(reason),
    }
    return TemplateResponse(request, "admin/403.html", context, status=403)

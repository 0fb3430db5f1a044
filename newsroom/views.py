from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import ListView

from stories.views import StoryListView

from . import search


class FrontPageView(StoryListView):
    """The latest published stories; the first on page one is the lead story."""

    template_name = "newsroom/front_page.html"


@never_cache
def health(request):
    """For load balancers: 200 when the process can reach its database."""
    connection.ensure_connection()
    return HttpResponse("ok", content_type="text/plain")


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
        snippets = search.story_snippets(context["stories"], self.terms)
        for story in context["stories"]:
            story.snippet = snippets.get(story.pk, "")
        page = context["page_obj"]
        context.update(
            query=self.query.strip(),
            terms=self.terms,
            max_results=search.MAX_RESULTS,
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

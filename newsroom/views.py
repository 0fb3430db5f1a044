from django.conf import settings
from django.contrib import admin
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import ListView

from stories.models import Story
from stories.paging import UncountedPagination
from stories.views import SectionStoryListView, StoryListView

from . import fronts, outage, search
from .models import Front


class FrontMixin:
    """Page one of a front: the arranged zones above the paginated list of the latest stories.

    Later pages are the plain list, so the archive pages keep their addresses.
    """

    def get_front(self):
        return fronts.live_front(self.front_section())

    def front_section(self):
        return None

    def get_queryset(self):
        # Bylines and tags are fetched below for the list and the zones together.
        return super().get_queryset().prefetch_related(None)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        listed = list(context["stories"])  # evaluates the page's queryset once, for the template
        if context["page_obj"].number != 1:
            fronts.attach_card_relations(listed)
            return context
        stories = Story.objects.published(now=self.now)
        if self.front_section() is not None:
            stories = stories.filter(section=self.front_section())
        content = fronts.compose_front(
            self.get_front(),
            stories=stories,
            now=self.now,
            rails=self.front_section() is None,
            also=listed,
        )
        shown = content.story_ids
        context.update(
            now=self.now,
            front=content,
            # The latest list does not repeat what the zones above it show.
            latest=[story for story in listed if story.pk not in shown],
        )
        return context

    def get(self, request, *args, **kwargs):
        # One clock per request: what is live and "2 hours ago" agree on the same instant.
        self.now = timezone.now()
        return super().get(request, *args, **kwargs)


class FrontPageView(FrontMixin, StoryListView):
    """The front page: the arrangement editors put live, filled with the newest stories."""

    template_name = "newsroom/front_page.html"


class SectionFrontView(FrontMixin, SectionStoryListView):
    """A section's front: its arranged (or newest) lead and top stories, then the list."""

    template_name = "newsroom/section_front.html"

    def front_section(self):
        return self.section

    def get_context_data(self, **kwargs):
        return super().get_context_data(current_section_slug=self.section.slug, **kwargs)


@method_decorator(never_cache, name="dispatch")
class FrontPreviewView(PermissionRequiredMixin, FrontMixin, StoryListView):
    """Any arrangement as readers would see it if it went live now: staff only, never cached."""

    permission_required = "newsroom.view_front"
    login_url = reverse_lazy("admin:login")

    def dispatch(self, request, *args, **kwargs):
        self.front = get_object_or_404(
            Front.objects.select_related("section", "banner_story"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.front.section_id:
            queryset = queryset.filter(section=self.front.section)
        return queryset

    def get_template_names(self):
        if self.front.section_id:
            return ["newsroom/section_front.html"]
        return ["newsroom/front_page.html"]

    def get_front(self):
        return self.front

    def front_section(self):
        return self.front.section

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview_of=self.front, section=self.front.section, **kwargs)


@never_cache
@require_GET
def health(request):
    """For load balancers: JSON, 200 when the database and cache answer, 503 naming what is down."""
    return outage.health_response()


class SearchView(UncountedPagination, ListView):
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

"""Previews of a story in any state: for the newsroom, and for outside reviewers by share link."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from .models import ShareLink, Story
from .permissions import can_preview
from .sharing import open_share_link
from .views import StoryDetailView, story_page_queryset

# Search engines must not index a preview even if a link leaks onto a public page.
NOINDEX = "noindex, nofollow"


@method_decorator(never_cache, name="dispatch")
class StoryPreviewView(StoryDetailView):
    """The public story template for a story in any state, bannered as a preview.

    Anyone who may not preview it gets the same 404 as for a story that does not exist.
    """

    template_name = "stories/story_preview.html"

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        response["X-Robots-Tag"] = NOINDEX
        return response

    def get_queryset(self):
        # Any state of the story, but the same people and races a reader would get.
        return story_page_queryset(Story.objects.all())

    def get_object(self, queryset=None):
        story = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        if not self.allowed(story):
            raise Http404("No story found.")
        return story

    def allowed(self, story):
        return can_preview(self.request.user, story)


# What the reviewer reads instead of the draft, and the status that goes with it.
CLOSED = {
    "unknown": 404,
    ShareLink.State.REVOKED: 410,
    ShareLink.State.EXPIRED: 410,
}


class SharedStoryPreviewView(StoryPreviewView):
    """A preview for an outside reviewer holding a share link that is neither revoked nor
    expired; otherwise a page saying which, and never the draft."""

    def get(self, request, *args, **kwargs):
        self.opened = open_share_link(self.kwargs["token"], now=timezone.now())
        if self.opened.story is None:
            context = {"state": self.opened.state, "link": self.opened.link}
            return TemplateResponse(
                request,
                "stories/share_link_closed.html",
                context,
                status=CLOSED[self.opened.state],
            )
        return super().get(request, *args, **kwargs)

    def get_object(self, queryset=None):
        # The link's story, with everything the page shows, whatever its state now.
        return get_object_or_404(self.get_queryset(), pk=self.opened.link.story_id)

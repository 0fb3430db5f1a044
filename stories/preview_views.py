"""Previews of a story in any state: for the newsroom, and for outside reviewers by signed link."""

from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from .models import Story
from .permissions import can_preview
from .views import StoryDetailView, story_page_queryset

PREVIEW_SALT = "stories.preview"
# Long enough for a lawyer or a source to read it over a weekend, short enough to go stale.
PREVIEW_MAX_AGE = 60 * 60 * 48


def sign_preview(story: Story) -> str:
    """A share-link token for one story, valid for PREVIEW_MAX_AGE seconds."""
    return signing.TimestampSigner(salt=PREVIEW_SALT).sign(str(story.pk))


@method_decorator(never_cache, name="dispatch")
class StoryPreviewView(StoryDetailView):
    """The public story template for a story in any state, bannered as a preview.

    Anyone who may not preview it gets the same 404 as for a story that does not exist.
    """

    template_name = "stories/story_preview.html"

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


class SharedStoryPreviewView(StoryPreviewView):
    """A preview for an outside reviewer holding a signed link that has not expired."""

    def get_object(self, queryset=None):
        try:
            pk = signing.TimestampSigner(salt=PREVIEW_SALT).unsign(
                self.kwargs["token"], max_age=PREVIEW_MAX_AGE
            )
        except signing.BadSignature as error:  # also SignatureExpired
            raise Http404("This preview link is invalid or has expired.") from error
        return get_object_or_404(self.get_queryset(), pk=pk)

from django.conf import settings
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from elections.models import Race

from .models import Author, Correction, Section, Story, StoryQuerySet, public_tags
from .sources_in_stories import story_sources, story_sources_prefetches


class StoryListView(ListView):
    """A paginated list of published stories; subclasses narrow it to one section, tag or author."""

    paginate_by = settings.NEWSROOM_STORIES_PER_PAGE
    context_object_name = "stories"

    def get_queryset(self):
        return Story.objects.published().with_card_relations().latest()


def story_page_queryset(stories: StoryQuerySet) -> StoryQuerySet:
    """`stories` with everything the story template renders, fetched as readers may see it.

    The public page and the previews (which outside reviewers open through share links)
    both use this, so a preview can never show more than the published page would:
    confidential sources and unpublished races stay out of both.
    """
    races = Prefetch("races", queryset=Race.objects.published())
    return (
        stories.with_card_relations()
        # corrections: the box and the JSON-LD share one prefetch
        .prefetch_related(*story_sources_prefetches(), races, "corrections")
    )


class StoryDetailView(DetailView):
    # Never `model = Story`: that would serve drafts to anyone who guesses a slug.
    context_object_name = "story"

    def get_queryset(self):
        return story_page_queryset(Story.objects.published())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["related_stories"] = self.related_stories(self.object)
        context["story_people"] = story_sources(self.object)
        return context

    def related_stories(self, story, *, limit=4):
        """Published stories sharing the most tags (then the section), newest first."""
        tag_ids = [tag.id for tag in story.tags.all()]
        candidates = Story.objects.published().exclude(pk=story.pk)
        if tag_ids:
            candidates = candidates.filter(tags__in=tag_ids)
        elif story.section_id:
            candidates = candidates.filter(section_id=story.section_id)
        else:
            return []
        return list(
            candidates.annotate(shared=Count("id"))
            .order_by("-shared", "-published_at", "-id")
            .with_card_relations()[:limit]
        )


class SectionStoryListView(StoryListView):
    template_name = "stories/section_detail.html"

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return super().get_queryset().filter(section=self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class TagStoryListView(StoryListView):
    template_name = "stories/tag_detail.html"

    def get_queryset(self):
        self.tag = get_object_or_404(public_tags(), slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class AuthorStoryListView(StoryListView):
    template_name = "stories/author_detail.html"

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        # distinct(): an author with two roles on one story is still one story.
        return super().get_queryset().filter(bylines__author=self.author).distinct()

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


class CorrectionListView(ListView):
    """Every correction and update on a published story, newest first."""

    template_name = "stories/correction_list.html"
    context_object_name = "corrections"
    paginate_by = settings.NEWSROOM_STORIES_PER_PAGE

    def get_queryset(self):
        return Correction.objects.public().select_related("story").order_by("-created_at", "-id")

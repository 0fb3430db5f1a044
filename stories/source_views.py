"""/sources/ and the source profiles: where sources meet the stories that quote them.

They live in stories, not sources, because they list stories: sources sits below stories
and never imports it. The URLs keep the `sources:` names (see source_urls.py).
"""

import string

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.db.models.functions import Lower, Substr, Upper
from django.views.generic import DetailView, ListView

from sources.models import public_sources

from .models import Quote, Story
from .paging import UncountedPaginator
from .sources_in_stories import quoting_or_naming, sources_in_the_news

LETTERS = list(string.ascii_uppercase)
# Sort names starting with a digit or an accented letter are filed under "#".
OTHER = "#"


class SourceListView(ListView):
    """People and organisations in the news, alphabetical by sort name, with an A-Z index."""

    paginate_by = 50
    context_object_name = "sources"
    template_name = "sources/source_list.html"

    def get_queryset(self):
        # Lower(): "de la Cruz" sorts among the Ds on every database, not after "Z".
        sources = (
            sources_in_the_news()
            .select_related("affiliation")
            .order_by(Lower("sort_name"), Lower("name"), "pk")
        )
        letter = self.request.GET.get("letter", "").upper()
        if letter in LETTERS:
            self.letter = letter
            return sources.filter(sort_name__istartswith=letter)
        if letter == OTHER:
            self.letter = OTHER
            return sources.exclude(sort_name__iregex=r"^[a-z]")
        self.letter = ""
        return sources

    def letter_index(self):
        """(letter, has sources) for A-Z and "#", from one query over the initials."""
        # order_by(): the model's ordering would add sort_name and name to the DISTINCT,
        # which then returned every source (4,762 rows at 100,000 stories) instead of
        # the 27 initials.
        initials = set(
            sources_in_the_news()
            .order_by()
            .annotate(initial=Upper(Substr("sort_name", 1, 1)))
            .values_list("initial", flat=True)
            .distinct()
        )
        index = [(letter, letter in initials) for letter in LETTERS]
        return [*index, (OTHER, bool(initials - set(LETTERS)))]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            letter=self.letter, letter_index=self.letter_index(), **kwargs
        )


class SourceDetailView(DetailView):
    """A source's public profile: who they are, what they said, where they appeared."""

    # Confidential sources are not public: their URL is a 404 like any unknown slug.
    context_object_name = "source"
    template_name = "sources/source_detail.html"
    quotes_per_page = 25

    def get_queryset(self):
        return public_sources().select_related("affiliation", "photo")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        source = self.object
        published = Story.objects.published()
        quotes = (
            # Exists, not story__in: "in" listed every published story's id per request.
            Quote.objects.filter(source=source)
            .filter(Exists(published.filter(pk=OuterRef("story_id"))))
            .select_related("story")
            .order_by("-story__published_at", "-story__id", "position", "id")
        )
        stories = quoting_or_naming(published, source).with_card_relations().latest()
        # Uncounted: a much-quoted source would otherwise count its stories per request.
        context["quotes_page"] = UncountedPaginator(
            quotes, self.quotes_per_page, ids_first=True
        ).get_page(self.request.GET.get("page"))
        context["stories_page"] = UncountedPaginator(
            stories, settings.NEWSROOM_STORIES_PER_PAGE, ids_first=True
        ).get_page(self.request.GET.get("stories_page"))
        context["affiliation"] = source.public_affiliation
        return context

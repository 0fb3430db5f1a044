from django.utils import timezone
from django.views.generic import DetailView, ListView

from .models import Election, Race


class ElectionListView(ListView):
    """One year's elections with their races: upcoming (soonest first), then past (latest
    first), with links to every other year that has a published race.

    One year a page: ten years of elections on one page was 400 races and their contests
    per request, growing every year.
    """

    template_name = "elections/election_list.html"
    context_object_name = "elections"

    def get_queryset(self):
        self.today = timezone.localdate()
        # Newest first; one query over the elections' dates (never over stories).
        self.years = [
            day.year
            for day in Election.objects.filter(contests__race__is_published=True).dates(
                "date", "year", order="DESC"
            )
        ]
        self.year = self.chosen_year()
        return (
            Election.objects.with_public_races().filter(date__year=self.year).order_by("date", "id")
        )

    def chosen_year(self) -> int:
        """?year= when it has elections; else this year's, the next, or the latest one's."""
        asked = self.request.GET.get("year", "")
        if asked.isdigit() and int(asked) in self.years:
            return int(asked)
        coming = [year for year in self.years if year >= self.today.year]
        if coming:
            return min(coming)
        return self.years[0] if self.years else self.today.year

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        elections = list(context["elections"])
        context["upcoming"] = [e for e in elections if e.date >= self.today]
        context["past"] = [e for e in elections if e.date < self.today][::-1]
        context["year"] = self.year
        context["years"] = self.years
        return context


class RaceDetailView(DetailView):
    # Never `model = Race`: unpublished races are a 404 like unknown slugs.
    context_object_name = "race"

    def get_queryset(self):
        return Race.objects.published().with_page_relations()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        contests = list(self.object.contests.all())
        key_dates = {}
        for contest in contests:
            for key_date in contest.election.key_dates.all():
                key_dates[key_date.pk] = (key_date, contest)
        context["contests"] = contests
        context["key_dates"] = sorted(key_dates.values(), key=lambda kd: (kd[0].date, kd[0].pk))
        context["today"] = timezone.localdate()
        return context

from django.utils import timezone
from django.views.generic import DetailView, ListView

from .models import Election, Race


class ElectionListView(ListView):
    """Upcoming elections (soonest first), then past ones (latest first), with their races."""

    template_name = "elections/election_list.html"
    context_object_name = "elections"

    def get_queryset(self):
        return Election.objects.with_public_races().order_by("date", "id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        elections = list(context["elections"])
        context["upcoming"] = [e for e in elections if e.date >= today]
        context["past"] = [e for e in elections if e.date < today][::-1]
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

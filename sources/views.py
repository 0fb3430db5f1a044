from django.views.generic import DetailView

from .models import Source


class SourceDetailView(DetailView):
    # Confidential sources are not in public(): their URL is a 404 like any unknown slug.
    context_object_name = "source"

    def get_queryset(self):
        return Source.objects.public().select_related("affiliation")

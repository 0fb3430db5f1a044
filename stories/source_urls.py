"""/sources/: served by views in stories, named in the `sources` namespace readers' links use."""

from django.urls import path

from . import source_views as views

app_name = "sources"

urlpatterns = [
    path("", views.SourceListView.as_view(), name="list"),
    path("<slug:slug>/", views.SourceDetailView.as_view(), name="detail"),
]

from django.urls import path

from . import views

app_name = "stories"

urlpatterns = [
    path("stories/<slug:slug>/", views.StoryDetailView.as_view(), name="detail"),
    path("sections/<slug:slug>/", views.SectionStoryListView.as_view(), name="section"),
    path("tags/<slug:slug>/", views.TagStoryListView.as_view(), name="tag"),
    path("authors/<slug:slug>/", views.AuthorStoryListView.as_view(), name="author"),
]

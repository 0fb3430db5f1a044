from django.urls import path

from . import preview_views, views

app_name = "stories"

urlpatterns = [
    path("stories/<slug:slug>/", views.StoryDetailView.as_view(), name="detail"),
    path("sections/<slug:slug>/", views.SectionStoryListView.as_view(), name="section"),
    path("tags/<slug:slug>/", views.TagStoryListView.as_view(), name="tag"),
    path("authors/<slug:slug>/", views.AuthorStoryListView.as_view(), name="author"),
    path("corrections/", views.CorrectionListView.as_view(), name="corrections"),
    path("preview/stories/<int:pk>/", preview_views.StoryPreviewView.as_view(), name="preview"),
    path(
        "preview/shared/<str:token>/",
        preview_views.SharedStoryPreviewView.as_view(),
        name="shared_preview",
    ),
]

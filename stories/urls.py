from django.urls import path

from . import views, workflow_views

app_name = "stories"

urlpatterns = [
    path("stories/<slug:slug>/", views.StoryDetailView.as_view(), name="detail"),
    path("sections/<slug:slug>/", views.SectionStoryListView.as_view(), name="section"),
    path("tags/<slug:slug>/", views.TagStoryListView.as_view(), name="tag"),
    path("authors/<slug:slug>/", views.AuthorStoryListView.as_view(), name="author"),
    path("corrections/", workflow_views.CorrectionListView.as_view(), name="corrections"),
    path("preview/stories/<int:pk>/", workflow_views.StoryPreviewView.as_view(), name="preview"),
    path(
        "preview/shared/<str:token>/",
        workflow_views.SharedStoryPreviewView.as_view(),
        name="shared_preview",
    ),
]

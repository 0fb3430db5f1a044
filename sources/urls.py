from django.urls import path

from . import views

app_name = "sources"

urlpatterns = [
    path("<slug:slug>/", views.SourceDetailView.as_view(), name="detail"),
]

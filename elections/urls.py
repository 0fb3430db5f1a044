from django.urls import path

from . import views

app_name = "elections"

urlpatterns = [
    path("", views.ElectionListView.as_view(), name="index"),
    path("<slug:slug>/", views.RaceDetailView.as_view(), name="race"),
]

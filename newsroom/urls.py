from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from . import views

admin.site.site_header = f"{settings.NEWSROOM_NAME} editorial"
admin.site.site_title = f"{settings.NEWSROOM_NAME} editorial"
admin.site.index_title = "Newsroom"

urlpatterns = [
    path("", views.FrontPageView.as_view(), name="front_page"),
    path("healthz", views.health, name="health"),
    path("admin/", admin.site.urls),
    path("sources/", include("sources.urls")),
    path("elections/", include("elections.urls")),
    path("", include("stories.urls")),
]

if settings.DEBUG:
    # In production the web server or object storage serves uploads.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

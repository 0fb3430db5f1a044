from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.generic import TemplateView

from . import views
from .sitemaps import SITEMAPS, NewsSitemap

admin.site.site_header = f"{settings.NEWSROOM_NAME} editorial"
admin.site.site_title = f"{settings.NEWSROOM_NAME} editorial"
admin.site.index_title = "Newsroom"

urlpatterns = [
    path("", views.FrontPageView.as_view(), name="front_page"),
    path("healthz", views.health, name="health"),
    path("admin/", admin.site.urls),
    path("sources/", include("stories.source_urls")),
    path("elections/", include("elections.urls")),
    path("", include("stories.urls")),
    path("feeds/", include("stories.feed_urls")),
    path("search/", views.SearchView.as_view(), name="search"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # The news sitemap comes before the pattern it would otherwise match.
    path(
        "sitemap-news.xml",
        sitemap_views.sitemap,
        {"sitemaps": {"news": NewsSitemap}, "template_name": "sitemaps/news_sitemap.xml"},
        name="sitemap_news",
    ),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap_index",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path(
        "about/standards/",
        TemplateView.as_view(template_name="newsroom/standards.html"),
        name="standards",
    ),
    path(
        "about/corrections-policy/",
        TemplateView.as_view(template_name="newsroom/corrections_policy.html"),
        name="corrections_policy",
    ),
]

if settings.DEBUG:
    # In production the web server or object storage serves uploads.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

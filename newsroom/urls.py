from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as django_sitemaps
from django.urls import include, path
from django.views.generic import TemplateView

from . import sitemap_views, views
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
    # Section fronts are arranged here (newsroom/fronts.py): this answers the address that
    # `stories:section` (Section.get_absolute_url) names, before stories.urls would.
    path("sections/<slug:slug>/", views.SectionFrontView.as_view(), name="section_front"),
    path("preview/front/<int:pk>/", views.FrontPreviewView.as_view(), name="front_preview"),
    path("", include("stories.urls")),
    path("feeds/", include("stories.feed_urls")),
    path("search/", views.SearchView.as_view(), name="search"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # The news sitemap comes before the pattern it would otherwise match.
    path(
        "sitemap-news.xml",
        django_sitemaps.sitemap,
        {"sitemaps": {"news": NewsSitemap}, "template_name": "sitemaps/news_sitemap.xml"},
        name="sitemap_news",
    ),
    path(
        "sitemap.xml",
        django_sitemaps.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap_index",
    ),
    # The files of 1,000 URLs are written without a template (newsroom.sitemap_views).
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

handler403 = views.permission_denied

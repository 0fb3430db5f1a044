"""Everything under /feeds/. Other apps' feeds are added here with `feed_paths()`."""

from .feeds import (
    AuthorFeed,
    CorrectionFeed,
    RaceFeed,
    SectionFeed,
    SourceFeed,
    StoryFeed,
    TagFeed,
    feed_paths,
)

app_name = "feeds"

urlpatterns = [
    *feed_paths("stories/", StoryFeed, "stories"),
    *feed_paths("sections/<slug:slug>/", SectionFeed, "section"),
    *feed_paths("tags/<tagslug:slug>/", TagFeed, "tag"),
    *feed_paths("authors/<slug:slug>/", AuthorFeed, "author"),
    *feed_paths("races/<slug:slug>/", RaceFeed, "race"),
    *feed_paths("sources/<slug:slug>/", SourceFeed, "source"),
    *feed_paths("corrections/", CorrectionFeed, "corrections"),
]

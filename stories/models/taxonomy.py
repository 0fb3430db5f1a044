"""How stories are filed and credited: sections, authors and tags."""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.models import TaggedItemBase


class Section(models.Model):
    """A desk or beat: Politics, Crime, Schools."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Sections are listed in this order in navigation.")
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("stories:section", kwargs={"slug": self.slug})


class Author(models.Model):
    """One of the newsroom's own journalists, credited in bylines."""

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    bio = models.TextField(_("short bio"), blank=True)
    photo = models.ForeignKey(
        "media.Image",
        verbose_name=_("photo"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="photo_of_authors",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author",
    )
    # When the author's stories go live: maintained by stories.listing_times (see there),
    # so the authors sitemap and the sitemap index read these instead of every byline.
    public_since = models.DateTimeField(
        _("first live story"), null=True, blank=True, editable=False, db_index=True
    )
    last_published_at = models.DateTimeField(
        _("latest publication"), null=True, blank=True, editable=False
    )
    next_live_at = models.DateTimeField(
        _("next story goes live"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("stories:author", kwargs={"slug": self.slug})


class TaggedStoryQuerySet(models.QuerySet):
    def newest_live_ids(self, tag_id, *, now: datetime | None = None):
        """The ids of the tag's live stories, newest first: the stories' own order
        (-published_at, -id), read from `taggedstory_tag_newest_idx`.

        The walk stops after the rows sliced from it; each row's story is asked whether
        it is live by its primary key. Filtering and sorting the stories instead read
        every story of a popular tag (33,924 of 100,000) to show a page of 20.
        """
        from .story import Story

        now = now or timezone.now()
        live = Story.objects.published(now=now).filter(pk=OuterRef("content_object_id"))
        return (
            # A live story's time is set and past, and the copy is that time: the walk
            # starts below `now`, past the scheduled stories, in the partial index
            # (whose condition the first term states, for SQLite's planner).
            self.filter(tag_id=tag_id, published_at__isnull=False, published_at__lte=now)
            .filter(Exists(live))
            .order_by("-published_at", "-content_object_id")
            .values_list("content_object_id", flat=True)
        )


class TaggedStory(TaggedItemBase):
    """Tag assignments with a real foreign key, so tags prefetch and join cheaply."""

    content_object = models.ForeignKey(
        "Story", on_delete=models.CASCADE, related_name="tagged_items"
    )
    # A copy of the story's publication time, so a tag's newest stories are one index
    # walk (TaggedStoryQuerySet.newest_live_ids). Kept equal to Story.published_at by
    # stories.story_facts, through which every write path goes (listing_times explains).
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = TaggedStoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("tagged story")
        verbose_name_plural = _("tagged stories")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_story_tag"),
        ]
        indexes = [
            # A tag's stories (the public_tags() probe, sitemap times) read the index alone.
            models.Index(fields=["tag", "content_object"], name="taggedstory_tag_story_idx"),
            # A tag's newest stories first (tag page, tag feed, related stories): the
            # stories' own order. Partial: drafts without a time are never listed.
            models.Index(
                fields=["tag", "-published_at", "-content_object"],
                name="taggedstory_tag_newest_idx",
                condition=Q(published_at__isnull=False),
            ),
        ]

    def save(self, *args, **kwargs):
        # A row added through taggit's manager outside the paths story_facts follows
        # (`story.tags.add()` in a shell or a script) still carries its story's time, so
        # the story is on the tag's page at once. The story is the one the manager holds:
        # no query.
        if self.published_at is None and self.content_object_id is not None:
            self.published_at = self.content_object.published_at
        super().save(*args, **kwargs)


class TagTimes(models.Model):
    """When a tag's stories go live, for the tags sitemap (see stories.listing_times).

    taggit's Tag is a third-party model, so the times live beside it, one row per tag on
    at least one published or archived story; a tag without a row has none.
    """

    tag = models.OneToOneField(
        "taggit.Tag", on_delete=models.CASCADE, primary_key=True, related_name="times"
    )
    # The earliest moment one of its stories is live: the tag is public from then on.
    public_since = models.DateTimeField(db_index=True)
    # As of the last recompute: the newest publication among its live stories, and the
    # moment the next of the others goes live (stories.listing_times explains both).
    last_published_at = models.DateTimeField(null=True)
    next_live_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("tag times")
        verbose_name_plural = _("tag times")

    def __str__(self):
        return f"{self.tag_id}: since {self.public_since}, latest {self.last_published_at}"


def public_tags():
    """Tags on at least one story a reader may see.

    A tag used only on drafts or scheduled stories can give the story away ("Mayor
    resigns"), so public pages, feeds and sitemaps know no other tags.
    """
    from taggit.models import Tag

    from .story import Story

    # Exists, not "pk IN (tags of every published story)": one tag's page probes that
    # tag's stories until it finds a public one instead of listing the whole archive's.
    return Tag.objects.filter(Exists(Story.objects.published().filter(tags=OuterRef("pk"))))

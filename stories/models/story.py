"""The story itself, and the one definition of "live at time t"."""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from ..fields import SanitizedHTMLField
from .taxonomy import Author, Section, TaggedStory


def live_q(now: datetime | None = None) -> Q:
    """Stories a reader may see at `now`: published or archived, publication time and embargo past.

    The one definition of "live at time t". StoryQuerySet.published() filters with it;
    Story.is_live() asks the same three questions of a loaded row without a query
    (tests/stories/test_visibility.py checks that both always agree).
    """
    now = now or timezone.now()
    return (Q(embargo_until__isnull=True) | Q(embargo_until__lte=now)) & Q(
        status__in=Story.PUBLIC_STATUSES, published_at__lte=now
    )


class StoryQuerySet(models.QuerySet):
    def published(self, *, now: datetime | None = None):
        """Stories a reader may see at `now` (see live_q)."""
        return self.filter(live_q(now))

    def with_card_relations(self):
        """Fetch everything a story card renders (section, lead image, bylines, tags) in
        fixed queries."""
        # Imported here: Byline's module imports this one for its foreign key to Story.
        from .content import Byline

        return self.select_related("section", "lead_image").prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("author")),
            "tags",
        )

    def latest(self):
        """Newest publication first; the id breaks ties so pagination is stable."""
        return self.order_by("-published_at", "-id")


class Story(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("Ready for review")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn (unpublished)")
        # Archived stories stay readable: the record of what we published must not
        # vanish from readers' bookmarks. Archiving only freezes them (no more edits
        # except corrections); taking a story down is what "unpublish" is for.
        ARCHIVED = "archived", _("Archived")

    class Kind(models.TextChoices):
        NEWS = "news", _("News")
        ANALYSIS = "analysis", _("Analysis")
        OPINION = "opinion", _("Opinion")
        EXPLAINER = "explainer", _("Explainer")
        REVIEW = "review", _("Review")
        SPONSORED = "sponsored", _("Sponsored")

    headline = models.CharField(_("headline"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        help_text=_(
            "The story's address: /stories/<slug>/. Readers bookmark it; "
            "avoid changing it once published."
        ),
    )
    dek = models.TextField(
        _("dek"), blank=True, help_text=_("The one- or two-sentence summary under the headline.")
    )
    # What search engines and social networks show instead of the headline and dek, when
    # set: a shorter or plainer title for search results, a description for link cards.
    seo_title = models.CharField(
        _("search and social headline"),
        max_length=110,
        blank=True,
        help_text=_(
            "Optional. Shown in search results, the browser tab and link previews on social "
            "networks instead of the headline. Search results cut titles after about 70 "
            "characters. Readers of the story page still see the headline."
        ),
    )
    seo_description = models.CharField(
        _("search and social description"),
        max_length=300,
        blank=True,
        help_text=_(
            "Optional. The summary under the title in search results and link previews, "
            "instead of the dek. Search results show about 160 characters."
        ),
    )
    body = SanitizedHTMLField(
        _("body"),
        blank=True,
        help_text=_(
            "Paragraphs, headings, bold, italic, links, lists, block quotes and images "
            "from the media library. Anything else is removed on save."
        ),
    )
    dateline = models.CharField(
        _("dateline"),
        max_length=100,
        blank=True,
        help_text=_('Where it was reported, e.g. "LOS ANGELES".'),
    )
    credit = models.CharField(
        _("credit"),
        max_length=100,
        blank=True,
        help_text=_('The reporting organisation, e.g. "KABC".'),
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stories",
    )
    authors = models.ManyToManyField(
        Author, through="Byline", verbose_name=_("authors"), related_name="stories", blank=True
    )
    tags = TaggableManager(_("tags"), through=TaggedStory, blank=True)
    mentioned_sources = models.ManyToManyField(
        "sources.Source",
        verbose_name=_("mentioned sources"),
        related_name="mentioned_in",
        blank=True,
        help_text=_("Sources the story relies on or names without quoting them."),
    )
    races = models.ManyToManyField(
        "elections.Race",
        verbose_name=_("races covered"),
        related_name="stories",
        blank=True,
        help_text=_("The story appears in these races' coverage and shows a box linking to them."),
    )
    reported_endorsements = models.ManyToManyField(
        "elections.Endorsement",
        verbose_name=_("endorsements reported"),
        related_name="reported_in",
        blank=True,
        help_text=_("Endorsements this story reported; race pages link to it as the source."),
    )
    kind = models.CharField(_("kind of work"), max_length=20, choices=Kind, default=Kind.NEWS)
    # A library image: its alt text, caption and credit live on the Image, once for every
    # use; PROTECT keeps an image a story leads with from being deleted under it.
    lead_image = models.ForeignKey(
        "media.Image",
        verbose_name=_("lead image"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lead_image_of_stories",
        help_text=_("Chosen from the media library, or uploaded there with its alt text."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("published at"),
        null=True,
        blank=True,
        help_text=_("Readers see the story from this time on; a time in the future schedules it."),
    )
    embargo_until = models.DateTimeField(
        _("embargoed until"),
        null=True,
        blank=True,
        help_text=_("Readers cannot see the story before this time, whatever its status."),
    )
    revised_at = models.DateTimeField(
        _("last corrected or updated"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Shown to readers as 'Updated'; set by adding a correction or update."),
    )
    # Optimistic locking: every save claims the next number with a conditional UPDATE
    # (stories.publishing.claim_version), so a stale form cannot overwrite newer work.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # Where an imported story came from, so importing the same input again updates it
    # (or reports it unchanged) instead of creating a duplicate. See stories/importers/.
    import_key = models.CharField(
        _("import identity"),
        max_length=500,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("The ninjs uri, or the text file's path, the story was imported from."),
    )
    import_checksum = models.CharField(
        _("import checksum"), max_length=64, blank=True, editable=False
    )
    import_version = models.CharField(
        _("import version"), max_length=50, blank=True, editable=False
    )

    objects = StoryQuerySet.as_manager()

    PUBLIC_STATUSES = (Status.PUBLISHED, Status.ARCHIVED)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        permissions = [
            ("edit_any_story", _("Can edit any story, including published ones")),
            ("publish_story", _("Can publish and schedule stories")),
            ("unpublish_story", _("Can unpublish and archive stories")),
            ("restore_story_revision", _("Can restore old revisions and deleted stories")),
        ]
        indexes = [
            # Counting what readers may see, or listing their ids ("sources in a published
            # story"), reads this index alone (embargo_until and id in it) instead of
            # 100,000 wide rows.
            # Newest first (front page, feeds, sitemaps, the admin list) walks the second
            # and stops after a page.
            models.Index(
                fields=["status", "-published_at", "embargo_until", "id"],
                name="story_public_idx",
            ),
            models.Index(fields=["-published_at", "-id"], name="story_newest_idx"),
            models.Index(
                fields=["section", "-published_at", "-id"], name="story_section_newest_idx"
            ),
            # The same lists over published and archived rows only (the part of live_q
            # that does not move with the clock): a newest-first walk skips no drafts,
            # withdrawn or imported-unpublished rows, and the index is that much smaller.
            models.Index(
                fields=["-published_at", "-id"],
                name="story_live_newest_idx",
                condition=Q(status__in=["published", "archived"]),
            ),
            models.Index(
                fields=["section", "-published_at", "-id"],
                name="story_live_section_idx",
                condition=Q(status__in=["published", "archived"]),
            ),
            # Everything live_q and the newest-first order read, by id: a tag's or an
            # author's stories (found by id through their join table) are filtered and
            # sorted from this narrow index instead of the 1 GB table (stories.paging).
            models.Index(
                fields=["id", "status", "published_at", "embargo_until"],
                name="story_live_lookup_idx",
            ),
            # The next embargo to lift (the page cache's horizon) in one step; a few
            # stories have an embargo, so the index is small.
            models.Index(
                fields=["embargo_until"],
                name="story_embargo_idx",
                condition=Q(embargo_until__isnull=False),
            ),
            # The newest update among live stories (the stories sitemap's lastmod in
            # /sitemap.xml): walked newest first, each row's liveness probed by id until
            # one is live. Not partial: SQLite cannot match a partial index's condition
            # to a query's parameters.
            models.Index(fields=["-updated_at"], name="story_updated_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["published", "archived"]) | Q(published_at__isnull=False),
                name="story_published_has_time",
                violation_error_message=_("A published story needs a publication time."),
            ),
        ]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        return reverse("stories:detail", kwargs={"slug": self.slug})

    def is_live(self, now: datetime | None = None) -> bool:
        """Readers can see this story at `now`: live_q(now), evaluated on this row."""
        now = now or timezone.now()
        return (
            (self.embargo_until is None or self.embargo_until <= now)
            and self.status in self.PUBLIC_STATUSES
            and self.published_at is not None
            and self.published_at <= now
        )

    @property
    def is_public(self) -> bool:
        """is_live() at the current time, for templates."""
        return self.is_live()

    @property
    def modified_at(self):
        """When the story last changed for readers: its latest correction or update, else
        its publication. Typo fixes saved in the admin do not count (they move updated_at)."""
        return max(filter(None, [self.published_at, self.revised_at]), default=None)

    @property
    def search_title(self) -> str:
        """The headline search engines and social networks show: the SEO title, else headline."""
        return self.seo_title.strip() or self.headline

    @property
    def search_description(self) -> str:
        """The summary they show: the SEO description, else the dek, else the headline."""
        return self.seo_description.strip() or self.dek.strip() or self.headline

    @property
    def dateline_display(self) -> str:
        """'LOS ANGELES (KABC)', 'LOS ANGELES', '(KABC)' or ''."""
        parts = [self.dateline]
        if self.credit:
            parts.append(f"({self.credit})")
        return " ".join(p for p in parts if p)

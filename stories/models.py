from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from media.images import RandomFileName, ResponsiveImageField, validate_image_upload

from .fields import SanitizedHTMLField
from .text import normalise, plain_text


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
    photo = ResponsiveImageField(
        _("photo"),
        upload_to=RandomFileName("authors/%Y/"),
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
        validators=[validate_image_upload],
    )
    # Stored so pages size the photo without opening the file.
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("stories:author", kwargs={"slug": self.slug})


class TaggedStory(TaggedItemBase):
    """Tag assignments with a real foreign key, so tags prefetch and join cheaply."""

    content_object = models.ForeignKey(
        "Story", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("tagged story")
        verbose_name_plural = _("tagged stories")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_story_tag"),
        ]


class StoryQuerySet(models.QuerySet):
    def published(self, *, now=None):
        """Stories a reader may see: published or archived, publication time and embargo past."""
        now = now or timezone.now()
        return self.filter(
            Q(embargo_until__isnull=True) | Q(embargo_until__lte=now),
            status__in=Story.PUBLIC_STATUSES,
            published_at__lte=now,
        )

    def with_card_relations(self):
        """Fetch everything a story card renders (section, bylines, tags) in fixed queries."""
        return self.select_related("section").prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("author")),
            "tags",
        )

    def latest(self):
        """Newest publication first; the id breaks ties so pagination is stable."""
        return self.order_by("-published_at", "-id")


def public_tags():
    """Tags on at least one story a reader may see.

    A tag used only on drafts or scheduled stories can give the story away ("Mayor
    resigns"), so public pages, feeds and sitemaps know no other tags.
    """
    from taggit.models import Tag

    # Exists, not "pk IN (tags of every published story)": one tag's page probes that
    # tag's stories until it finds a public one instead of listing the whole archive's.
    return Tag.objects.filter(Exists(Story.objects.published().filter(tags=OuterRef("pk"))))


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
    body = SanitizedHTMLField(
        _("body"),
        blank=True,
        help_text=_(
            "HTML: paragraphs, headings, emphasis, links, lists and block quotes. "
            "Anything else is removed on save."
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
    lead_image = ResponsiveImageField(
        _("lead image"),
        upload_to=RandomFileName("stories/%Y/%m/"),
        blank=True,
        width_field="lead_image_width",
        height_field="lead_image_height",
        validators=[validate_image_upload],
        help_text=_("JPEG, PNG or WebP. Location and camera data are removed on upload."),
    )
    # Stored so pages size the image and its renditions without opening the file.
    lead_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    lead_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    lead_image_caption = models.CharField(_("caption"), max_length=500, blank=True)
    lead_image_credit = models.CharField(_("image credit"), max_length=200, blank=True)
    lead_image_alt = models.CharField(
        _("alt text"),
        max_length=300,
        blank=True,
        help_text=_("Describes the image for readers who cannot see it. Required with an image."),
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
            # Counting what readers may see reads this index alone (embargo_until included),
            # not 100,000 rows; newest first (front page, feeds, sitemaps, the admin list)
            # walks the second and stops after a page.
            models.Index(
                fields=["status", "-published_at", "embargo_until"], name="story_public_idx"
            ),
            models.Index(fields=["-published_at", "-id"], name="story_newest_idx"),
            models.Index(
                fields=["section", "-published_at", "-id"], name="story_section_newest_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(lead_image="") | ~Q(lead_image_alt=""),
                name="story_lead_image_has_alt",
                violation_error_message=_("A lead image needs alt text."),
            ),
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

    def clean(self):
        super().clean()
        if self.status == self.Status.PUBLISHED and not self.published_at:
            # Publishing without a time means "now", not "never".
            self.published_at = timezone.now()

    @property
    def is_public(self) -> bool:
        now = timezone.now()
        return (
            self.status in self.PUBLIC_STATUSES
            and self.published_at is not None
            and self.published_at <= now
            and (self.embargo_until is None or self.embargo_until <= now)
        )

    @property
    def modified_at(self):
        """When the story last changed for readers: its latest correction or update, else
        its publication. Typo fixes saved in the admin do not count (they move updated_at)."""
        return max(filter(None, [self.published_at, self.revised_at]), default=None)

    @property
    def dateline_display(self) -> str:
        """'LOS ANGELES (KABC)', 'LOS ANGELES', '(KABC)' or ''."""
        parts = [self.dateline]
        if self.credit:
            parts.append(f"({self.credit})")
        return " ".join(p for p in parts if p)


class Byline(models.Model):
    class Role(models.TextChoices):
        REPORTER = "reporter", _("Reporter")
        WRITER = "writer", _("Writer")
        CONTRIBUTOR = "contributor", _("Contributor")
        PHOTOGRAPHER = "photographer", _("Photographer")
        VIDEOGRAPHER = "videographer", _("Videographer")
        GRAPHICS = "graphics", _("Graphics")
        EDITOR = "editor", _("Editor")

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(
        Author, verbose_name=_("author"), on_delete=models.PROTECT, related_name="bylines"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.REPORTER)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        constraints = [
            models.UniqueConstraint(
                fields=["story", "author", "role"],
                name="unique_byline_role",
                violation_error_message=_("This author already has that role on the story."),
            ),
        ]

    def __str__(self):
        return f"{self.author} ({self.get_role_display()})"


class Quote(models.Model):
    """Words a source gave a story, as the story prints them."""

    class Method(models.TextChoices):
        SPOKEN = "spoken", _("Spoken to us")
        STATEMENT = "statement", _("Statement")
        PRESS_EVENT = "press_event", _("Press event")
        SOCIAL_POST = "social_post", _("Social media post")
        PARAPHRASE = "paraphrase", _("Paraphrase")

    story = models.ForeignKey(
        Story, verbose_name=_("story"), on_delete=models.CASCADE, related_name="quotes"
    )
    source = models.ForeignKey(
        "sources.Source", verbose_name=_("source"), on_delete=models.PROTECT, related_name="quotes"
    )
    text = models.TextField(
        _("quoted text"),
        help_text=_("Exactly as it appears in the story body (paraphrases excepted)."),
    )
    method = models.CharField(
        _("how it was obtained"), max_length=20, choices=Method, default=Method.SPOKEN
    )
    attribution = models.CharField(
        _("attribution as printed"),
        max_length=300,
        blank=True,
        help_text=_(
            'As the story attributes it, e.g. "said Caruso" or, for a confidential source, '
            '"a city official who requested anonymity".'
        ),
    )
    position = models.PositiveSmallIntegerField(_("order in the story"), default=0)

    class Meta:
        ordering = ["story", "position", "id"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")

    def __str__(self):
        return f"{self.source}: {self.text[:60]}"

    def clean(self):
        super().clean()
        # Readers must be able to find every direct quote in the story as printed;
        # a paraphrase is the reporter's words, so it need not match.
        if self.method == self.Method.PARAPHRASE or not self.text:
            return
        try:
            # In the admin the story may be unsaved (no story_id yet) but it is attached.
            story = self.story
        except ObjectDoesNotExist:
            return  # the required story field reports its own error
        if normalise(self.text) not in plain_text(story.body):
            raise ValidationError(
                {
                    "text": _(
                        "This quote is not in the story's body. Copy it exactly as the story "
                        "prints it, or mark it as a paraphrase."
                    )
                }
            )


class CorrectionQuerySet(models.QuerySet):
    def public(self, *, now=None):
        """Corrections readers may see: those on stories readers may see."""
        # Exists per correction, newest first, rather than a list of every public story.
        return self.filter(Exists(Story.objects.published(now=now).filter(pk=OuterRef("story"))))


class Correction(models.Model):
    """A dated note that changes published journalism openly instead of silently."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        CLARIFICATION = "clarification", _("Clarification")
        EDITORS_NOTE = "editors_note", _("Editor's note")
        UPDATE = "update", _("Update")

    story = models.ForeignKey(
        Story, verbose_name=_("story"), on_delete=models.CASCADE, related_name="corrections"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.CORRECTION)
    text = models.TextField(_("text"), help_text=_("Plain text, shown to readers as written."))
    created_at = models.DateTimeField(_("date and time"), default=timezone.now, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.story}"

    def get_absolute_url(self):
        return f"{self.story.get_absolute_url()}#correction-{self.pk}"


class StoryEvent(models.Model):
    """The audit trail: who published, scheduled, unpublished, restored or corrected what, when.

    Its own table rather than admin LogEntry rows, so the trail can be filtered by action
    and keeps the scheduled time, and outlives the story (the headline is copied).
    """

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted for review")
        PUBLISHED = "published", _("Published")
        SCHEDULED = "scheduled", _("Scheduled")
        UNPUBLISHED = "unpublished", _("Unpublished")
        ARCHIVED = "archived", _("Archived")
        RESTORED = "restored", _("Revision restored")
        CORRECTED = "corrected", _("Correction added")
        DELETED = "deleted", _("Deleted")
        PROPOSED = "proposed", _("Change proposed")
        PROPOSAL_APPLIED = "proposal_applied", _("Proposed change applied")
        PROPOSAL_REJECTED = "proposal_rejected", _("Proposed change rejected")

    story = models.ForeignKey(
        Story,
        verbose_name=_("story"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="events",
    )
    headline = models.CharField(_("headline at the time"), max_length=200)
    action = models.CharField(_("action"), max_length=20, choices=Action)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("workflow event")
        verbose_name_plural = _("workflow events")

    def __str__(self):
        return f"{self.get_action_display()}: {self.headline}"


class StoryProposal(models.Model):
    """A reporter's proposed change to a published story, waiting for an editor's review.

    Reporters never edit a published story directly; an editor applies or rejects this.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPLIED = "applied", _("Applied")
        REJECTED = "rejected", _("Rejected")

    story = models.ForeignKey(
        Story, verbose_name=_("story"), on_delete=models.CASCADE, related_name="proposals"
    )
    base_version = models.PositiveIntegerField(_("story version it was based on"))
    headline = models.CharField(_("headline"), max_length=200)
    dek = models.TextField(_("dek"), blank=True)
    body = SanitizedHTMLField(_("body"), blank=True)
    dateline = models.CharField(_("dateline"), max_length=100, blank=True)
    credit = models.CharField(_("credit"), max_length=100, blank=True)
    note = models.TextField(_("note to the editor"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PENDING)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    TEXT_FIELDS = ("headline", "dek", "body", "dateline", "credit")

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = _("proposed change")
        verbose_name_plural = _("proposed changes")

    def __str__(self):
        return f"{self.story} ({self.get_status_display()})"

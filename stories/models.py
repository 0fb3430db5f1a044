from django.conf import settings
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from newsroom.images import ResponsiveImageField, validate_image_upload

from .fields import SanitizedHTMLField


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
        upload_to="authors/%Y/",
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
        """Stories a reader may see: published, with a publication time already past."""
        now = now or timezone.now()
        return self.filter(status=Story.Status.PUBLISHED, published_at__lte=now)

    def with_card_relations(self):
        """Fetch everything a story card renders (section, bylines, tags) in fixed queries."""
        return self.select_related("section").prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("author")),
            "tags",
        )

    def latest(self):
        """Newest publication first; the id breaks ties so pagination is stable."""
        return self.order_by("-published_at", "-id")


class Story(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

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
    kind = models.CharField(_("kind of work"), max_length=20, choices=Kind, default=Kind.NEWS)
    lead_image = ResponsiveImageField(
        _("lead image"),
        upload_to="stories/%Y/%m/",
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

    objects = StoryQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        indexes = [
            models.Index(fields=["status", "-published_at"], name="story_public_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(lead_image="") | ~Q(lead_image_alt=""),
                name="story_lead_image_has_alt",
                violation_error_message=_("A lead image needs alt text."),
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
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
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

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

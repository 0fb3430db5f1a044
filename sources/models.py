from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Fields that never reach a reader, whatever the source. The admin shows the contact
# fields only to users with view_source_contact; tests/site/test_confidentiality.py plants
# a marker in each of these fields and crawls every public page, feed, sitemap and search
# for it, so adding a field here extends that check.
CONFIDENTIAL_FIELDS = ("contact_email", "contact_phone", "private_notes", "confidential")


class SourceQuerySet(models.QuerySet):
    def public(self):
        """Sources whose identity may be published: everything but confidential sources.

        The one rule in SQL; `Source.is_public` is the same rule for a loaded row.
        """
        return self.filter(confidential=False)

    def in_the_news(self, *, now=None):
        """Of these, the sources a live story quotes or names at `now` (see `public_since`)."""
        return self.filter(public_since__lte=now or timezone.now())


def public_sources() -> SourceQuerySet:
    """Every source a reader may learn of: public views, feeds, sitemaps and search start here.

    "Appears in a published story" needs stories, so it is composed in the stories app
    (`stories.sources_in_stories.sources_in_the_news`), which may import this one.
    """
    return Source.objects.public()


class Source(models.Model):
    """A person or organisation in the news: quoted, relied on, a candidate or an endorser."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANISATION = "organisation", _("Organisation")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.PERSON)
    name = models.CharField(_("name"), max_length=200)
    sort_name = models.CharField(
        _("sort name"),
        max_length=200,
        blank=True,
        help_text=_('How the name is alphabetised, e.g. "Bass, Karen". Defaults to the name.'),
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    title = models.CharField(
        _("public title or role"),
        max_length=200,
        blank=True,
        help_text=_('e.g. "Congresswoman" or "Founder, Simon Wiesenthal Center".'),
    )
    affiliation = models.ForeignKey(
        "self",
        verbose_name=_("affiliation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="affiliates",
        limit_choices_to={"kind": Kind.ORGANISATION},
    )
    bio = models.TextField(_("short public bio"), blank=True)
    # From the media library, where its credit and alt text are kept with the picture.
    photo = models.ForeignKey(
        "media.Image",
        verbose_name=_("photo"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="photo_of_sources",
    )
    website = models.URLField(_("website"), blank=True)
    party = models.CharField(
        _("party or registration"),
        max_length=100,
        blank=True,
        help_text=_('Only where it is public, e.g. "Democrat".'),
    )
    # Confidential: never shown to readers; in the admin only with view_source_contact.
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    private_notes = models.TextField(_("private notes"), blank=True)
    confidential = models.BooleanField(
        _("confidential source"),
        default=False,
        help_text=_("The source's identity itself must never be published."),
    )
    # When the first story quoting or naming this source went live for readers (a future
    # time while that story is scheduled or embargoed), or None while no published story
    # does. Maintained by stories.source_times whenever a story's state or sources change,
    # so /sources/, the sitemap and search need not join 100,000 stories per request. It
    # says nothing about confidentiality: public() is still what keeps a source hidden.
    public_since = models.DateTimeField(_("in the news since"), null=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["sort_name", "name"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        permissions = [("view_source_contact", _("Can view source contact details and notes"))]
        indexes = [
            models.Index(fields=["confidential", "sort_name"], name="source_public_idx"),
            # The sitemap pages sources in the news by id.
            models.Index(fields=["public_since", "id"], name="source_in_news_idx"),
            # /sources/ in its order (case-insensitive): a page of 50 walks this index
            # instead of sorting every source in the news.
            models.Index(Lower("sort_name"), Lower("name"), "id", name="source_list_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(affiliation=F("pk")),
                name="source_not_own_affiliation",
                violation_error_message=_("A source cannot be its own affiliation."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.sort_name:
            self.sort_name = self.name
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("sources:detail", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        """Whether a reader may learn of this source: the row-level twin of `public()`."""
        return not self.confidential

    @property
    def public_affiliation(self):
        """The affiliation a reader may see, or None: a confidential one is never named."""
        affiliation = self.affiliation
        return affiliation if affiliation is not None and affiliation.is_public else None

    def clean(self):
        super().clean()
        if self.affiliation_id is not None:
            if self.pk is not None and self.affiliation_id == self.pk:
                raise ValidationError({"affiliation": _("A source cannot be its own affiliation.")})
            affiliation = self.affiliation
            if affiliation.kind != self.Kind.ORGANISATION:
                raise ValidationError(
                    {
                        "affiliation": _(
                            "%(name)s is a person; an affiliation must be an organisation."
                        )
                        % {"name": affiliation.name}
                    }
                )
        if (
            self.pk is not None
            and self.kind != self.Kind.ORGANISATION
            and Source.objects.filter(affiliation_id=self.pk).exists()
        ):
            # Otherwise its affiliates would be left affiliated with a person.
            raise ValidationError(
                {
                    "kind": _(
                        "Other sources are affiliated with this organisation; change their "
                        "affiliation before making it a person."
                    )
                }
            )
